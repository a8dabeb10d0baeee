// Places the demo's sample orders through the real placement saga, so that
// a new user's first look at oms-desk shows orders with real histories.
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <future>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "server/api/proto_mapping.h"
#include "server/application/placement_saga.h"
#include "server/oms_server.h"
#include "server/storage/store.h"
#include "spdlog/spdlog.h"

namespace oms {

absl::StatusOr<int> OmsServer::PlaceDemoOrders(const std::string& jsonl_path) {
  application::OrderSearch any;
  any.page_size = 1;
  auto existing = store_->read_model().SearchOrders(any);
  if (!existing.ok()) return existing.status();
  if (!existing->items.empty()) return 0;  // never twice, never into real data

  std::ifstream in(jsonl_path);
  if (!in) return absl::NotFoundError(absl::StrCat("no demo orders at ", jsonl_path));
  // The demo's web checkout places them, as it would in production.
  const application::Actor actor{"service:web-checkout", "channel", ""};
  int placed = 0, line_no = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    v1::PlaceOrderRequest request;
    if (auto s = google::protobuf::util::JsonStringToMessage(line, &request); !s.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(jsonl_path, ":", line_no, ": ", std::string(s.message())));
    }
    // The samples are the demo customers' orders: each is placed only in
    // its customer's home region ("C-EU1-0001"), so several regions started
    // with --demo (scripts/run-regions.sh) do not each take the same
    // channel orders.
    if (const std::string& customer = request.customer_id();
        absl::StartsWith(customer, "C-") &&
        !absl::StartsWith(customer, absl::StrCat("C-", options_.config.region, "-"))) {
      continue;
    }
    auto command = api::ToCommand(request);
    if (!command.ok()) return command.status();
    std::promise<absl::Status> answered;
    placement_->Place(std::move(*command), actor,
                      [&answered](absl::StatusOr<application::PlaceOrderResult> result) {
                        answered.set_value(result.status());
                      });
    if (absl::Status s = answered.get_future().get(); s.ok()) {
      ++placed;
    } else {
      spdlog::warn("demo order {}:{}: {}", jsonl_path, line_no, s.ToString());
    }
  }
  return placed;
}

}  // namespace oms
