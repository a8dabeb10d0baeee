#pragma once

#include <sstream>
#include <string>

namespace omsctl::testing {

// The value of the first "Label   value" line of omsctl's output (see
// PrintFields), so that a test does not depend on the padding, which
// follows the longest label present. "<no Label line>" when there is none.
inline std::string FieldValue(const std::string& output,
                              const std::string& label) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.size() > label.size() + 2 && line.rfind(label + "  ", 0) == 0) {
      return line.substr(line.find_first_not_of(' ', label.size()));
    }
  }
  return "<no " + label + " line>";
}

}  // namespace omsctl::testing
