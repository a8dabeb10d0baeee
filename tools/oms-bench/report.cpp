#include "tools/oms-bench/report.h"

#include <algorithm>
#include <fstream>
#include <iomanip>

namespace oms::bench {

void PrintTable(std::ostream& os, const std::string& title, const nlohmann::ordered_json& out) {
  size_t width = 0;
  for (const auto& [key, value] : out.items()) width = std::max(width, key.size());
  os << "oms-bench " << title << "\n";
  for (const auto& [key, value] : out.items()) {
    os << "  " << std::left << std::setw(static_cast<int>(width) + 2) << key
       << (value.is_string() ? value.get<std::string>() : value.dump()) << "\n";
  }
}

double LoadAverage() {
  std::ifstream in("/proc/loadavg");
  double one = -1;
  if (!(in >> one)) return -1;
  return one;
}

}  // namespace oms::bench
