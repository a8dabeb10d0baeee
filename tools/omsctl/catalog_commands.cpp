// omsctl product get | list

#include <memory>
#include <string>

#include "oms/v1/catalog_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/methods.h"
#include "omsctl/paging.h"
#include "omsctl/resource_printers.h"

namespace omsctl {
namespace {

struct ListOptions {
  std::string name;
  PagingOptions paging;
};

int Get(const GlobalOptions& globals, const std::string& sku) {
  oms::v1::GetProductRequest request;
  request.set_sku(sku);
  return CallAndPrint<oms::v1::Product>(globals, kGetProduct, request,
                                        &PrintProduct);
}

int List(const GlobalOptions& globals, const ListOptions& options) {
  oms::v1::ListProductsRequest request;
  request.set_name_contains(options.name);
  return CallPagedAndPrint<oms::v1::ListProductsResponse>(
      globals, kListProducts, &request, request.mutable_page(), options.paging,
      &PrintProducts);
}

}  // namespace

void AddProductCommands(CLI::App& app, const GlobalOptions& globals,
                        Action* selected) {
  CLI::App* product = app.add_subcommand("product", "The catalog");
  product->require_subcommand(1);

  auto sku = std::make_shared<std::string>();
  CLI::App* get = product->add_subcommand("get", "Show one product");
  get->add_option("sku", *sku, "The SKU")->required();
  OnSelected(get, selected, [&globals, sku] { return Get(globals, *sku); });

  auto options = std::make_shared<ListOptions>();
  CLI::App* list = product->add_subcommand("list", "List products");
  list->add_option("--name", options->name, "Names containing this text");
  AddPagingOptions(list, &options->paging);
  OnSelected(list, selected,
             [&globals, options] { return List(globals, *options); });
}

}  // namespace omsctl
