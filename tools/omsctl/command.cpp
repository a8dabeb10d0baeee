#include "omsctl/command.h"

#include <utility>

#include "absl/status/status.h"
#include "omsctl/json_codec.h"

namespace omsctl {

void OnSelected(CLI::App* verb, Action* selected, Action run) {
  verb->callback([selected, run = std::move(run)] { *selected = run; });
}

int ReportRpcError(const absl::Status& status) {
  std::cerr << "omsctl: " << absl::StatusCodeToString(status.code());
  if (!status.message().empty()) std::cerr << ": " << status.message();
  std::cerr << '\n';
  return kExitRpcError;
}

int ReportUsageError(const absl::Status& status) {
  std::cerr << "omsctl: " << status.message() << '\n';
  return kExitUsage;
}

void PrintResult(const GlobalOptions& globals,
                 const google::protobuf::Message& reply,
                 const std::function<void(std::ostream&)>& print_for_people) {
  if (globals.json) {
    std::cout << ToJson(reply, JsonStyle::kCompact) << '\n';
  } else {
    print_for_people(std::cout);
  }
}

}  // namespace omsctl
