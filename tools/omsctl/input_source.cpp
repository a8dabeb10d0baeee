#include "omsctl/input_source.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace omsctl {

absl::StatusOr<std::string> ReadFileOrStdin(const std::string& path) {
  if (path == "-") {
    return std::string(std::istreambuf_iterator<char>(std::cin),
                       std::istreambuf_iterator<char>());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

absl::StatusOr<std::string> ReadBodyArgument(std::string_view argument) {
  if (argument == "-") return ReadFileOrStdin("-");
  if (!argument.empty() && argument.front() == '@') {
    return ReadFileOrStdin(std::string(argument.substr(1)));
  }
  return std::string(argument);
}

}  // namespace omsctl
