// omsctl node list

#include <memory>
#include <string>

#include "oms/v1/node_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/resource_printers.h"

namespace omsctl {
namespace {

struct ListOptions {
  std::string region;
  std::string type;
};

int List(const GlobalOptions& globals, const ListOptions& options) {
  oms::v1::ListNodesRequest request;
  request.set_region(options.region);
  if (!options.type.empty()) {
    absl::StatusOr<oms::v1::NodeType> type = ParseNodeType(options.type);
    if (!type.ok()) return ReportUsageError(type.status());
    request.set_type(*type);
  }
  return CallAndPrint<oms::v1::ListNodesResponse>(globals, kListNodes, request,
                                                  &PrintNodes);
}

}  // namespace

void AddNodeCommands(CLI::App& app, const GlobalOptions& globals,
                     Action* selected) {
  CLI::App* node = app.add_subcommand("node", "Fulfillment nodes");
  node->require_subcommand(1);

  auto options = std::make_shared<ListOptions>();
  CLI::App* list = node->add_subcommand(
      "list", "Warehouses, stores, 3PLs and drop shippers");
  list->add_option("--region", options->region, "One region, e.g. EU1");
  list->add_option("--type", options->type, "warehouse|store|3pl|dropship");
  OnSelected(list, selected,
             [&globals, options] { return List(globals, *options); });
}

}  // namespace omsctl
