// omsctl deadletters list | replay

#include <memory>
#include <ostream>
#include <string>

#include "absl/strings/str_cat.h"
#include "oms/v1/ops_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/format.h"
#include "omsctl/methods.h"
#include "omsctl/paging.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

struct ListOptions {
  std::string destination;
  PagingOptions paging;
};

std::string StatusText(oms::v1::DeadLetterStatus status) {
  switch (status) {
    case oms::v1::DEAD_LETTER_STATUS_DEAD:
      return "DEAD";
    case oms::v1::DEAD_LETTER_STATUS_REPLAYING:
      return "REPLAYING";
    case oms::v1::DEAD_LETTER_STATUS_REPLAYED:
      return "REPLAYED";
    default:
      return "?";
  }
}

void PrintDeadLetters(const oms::v1::ListDeadLettersResponse& response, std::ostream& out) {
  if (response.dead_letters().empty()) {
    out << "No dead letters.\n";
    return;
  }
  Table table({"ID", "CREATED", "DESTINATION", "EVENT", "ORDER", "STATUS", "ATTEMPTS", "ERROR"});
  for (const auto& d : response.dead_letters()) {
    table.AddRow({d.dead_letter_id(), FormatTimestamp(d.created_at()), d.destination(),
                  absl::StrCat(d.event_type(), " #", d.event_seq()), d.order_id(),
                  StatusText(d.status()), absl::StrCat(d.attempts()), d.last_error()});
  }
  table.Print(out);
  PrintNextPage(response.next_page_token(), out);
}

void PrintReplay(const oms::v1::ReplayDeadLetterResponse& response, std::ostream& out) {
  const auto& d = response.dead_letter();
  out << "Dead letter " << d.dead_letter_id() << " (" << d.event_type() << " of " << d.order_id()
      << ") is " << StatusText(d.status()) << " to " << d.destination()
      << "; `omsctl deadletters list` shows REPLAYED once it is delivered.\n";
}

}  // namespace

void AddDeadLetterCommands(CLI::App& app, const GlobalOptions& globals, Action* selected) {
  CLI::App* deadletters = app.add_subcommand(
      "deadletters", "Events the outbox relay gave up delivering (supervisors, admins)");
  deadletters->require_subcommand(1);

  auto options = std::make_shared<ListOptions>();
  CLI::App* list = deadletters->add_subcommand("list", "Dead letters, newest first");
  list->add_option("--destination", options->destination,
                   "One destination, e.g. channel:amazon-de");
  AddPagingOptions(list, &options->paging);
  OnSelected(list, selected, [&globals, options] {
    oms::v1::ListDeadLettersRequest request;
    request.set_destination(options->destination);
    return CallPagedAndPrint<oms::v1::ListDeadLettersResponse>(globals, kListDeadLetters, &request,
                                                               request.mutable_page(),
                                                               options->paging, &PrintDeadLetters);
  });

  auto id = std::make_shared<std::string>();
  CLI::App* replay =
      deadletters->add_subcommand("replay", "Send a dead letter's event to its destination again");
  replay->add_option("id", *id, "Dead letter id (from deadletters list)")->required();
  OnSelected(replay, selected, [&globals, id] {
    oms::v1::ReplayDeadLetterRequest request;
    request.set_dead_letter_id(*id);
    return CallAndPrint<oms::v1::ReplayDeadLetterResponse>(globals, kReplayDeadLetter, request,
                                                           &PrintReplay);
  });
}

}  // namespace omsctl
