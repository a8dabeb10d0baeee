// omsctl intake rejected

#include <memory>
#include <ostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "oms/v1/intake_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/paging.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

struct RejectedOptions {
  std::string channel;
  bool bodies = false;
  PagingOptions paging;
};

// At most `max` bytes on one line, for a table cell.
std::string Preview(const std::string& text, size_t max) {
  std::string out;
  for (char c : text.substr(0, max)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return text.size() > max ? out + "..." : out;
}

void PrintRejected(const oms::v1::ListRejectedIntakeResponse& response, std::ostream& out) {
  if (response.rejected().empty()) {
    out << "No rejected intake.\n";
    return;
  }
  Table table({"RECEIVED", "CHANNEL", "FORMAT", "SIGNED", "REASON", "BODY"});
  for (const auto& r : response.rejected()) {
    table.AddRow({FormatTimestamp(r.received_at()), r.channel(), r.format(),
                  r.signature_ok() ? "yes" : "NO", r.reason(),
                  absl::StrCat(r.body().size(), " bytes: ", Preview(r.body(), 40))});
  }
  table.Print(out);
  PrintNextPage(response.next_page_token(), out);
}

void PrintRejectedWithBodies(const oms::v1::ListRejectedIntakeResponse& response,
                             std::ostream& out) {
  for (const auto& r : response.rejected()) {
    PrintFields({{"Intake", r.intake_id()},
                 {"Received", FormatTimestamp(r.received_at())},
                 {"Channel", r.channel()},
                 {"Format", r.format()},
                 {"Signature", r.signature_ok() ? "ok" : "bad or missing"},
                 {"Reason", r.reason()}},
                out);
    out << r.body() << "\n\n";
  }
  if (response.rejected().empty()) out << "No rejected intake.\n";
  PrintNextPage(response.next_page_token(), out);
}

int Rejected(const GlobalOptions& globals, const RejectedOptions& options) {
  oms::v1::ListRejectedIntakeRequest request;
  request.set_channel(options.channel);
  return CallPagedAndPrint<oms::v1::ListRejectedIntakeResponse>(
      globals, kListRejectedIntake, &request, request.mutable_page(), options.paging,
      options.bodies ? &PrintRejectedWithBodies : &PrintRejected);
}

}  // namespace

void AddIntakeCommands(CLI::App& app, const GlobalOptions& globals, Action* selected) {
  CLI::App* intake = app.add_subcommand("intake", "Orders channels sent in");
  intake->require_subcommand(1);

  auto options = std::make_shared<RejectedOptions>();
  CLI::App* rejected = intake->add_subcommand(
      "rejected", "Marketplace payloads omsd refused, newest first, with the reason");
  rejected->add_option("--channel", options->channel, "One channel, e.g. marketplace");
  rejected->add_flag("--bodies", options->bodies, "Print each payload in full");
  AddPagingOptions(rejected, &options->paging);
  OnSelected(rejected, selected, [&globals, options] { return Rejected(globals, *options); });
}

}  // namespace omsctl
