#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace omsctl {

// The text of a request body given on the command line: "-" reads standard
// input, "@path" reads the file at path, anything else is the text itself.
// INVALID_ARGUMENT naming the file when it cannot be read.
absl::StatusOr<std::string> ReadBodyArgument(std::string_view argument);

// The whole file at `path`, or standard input for "-".
absl::StatusOr<std::string> ReadFileOrStdin(const std::string& path);

}  // namespace omsctl
