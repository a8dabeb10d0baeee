#pragma once

#include <ostream>
#include <string>

#include "nlohmann/json.hpp"

namespace oms::bench {

// "key  value" rows, keys in the object's order.
void PrintTable(std::ostream& os, const std::string& title, const nlohmann::ordered_json& out);

// The 1-minute load average from /proc/loadavg, or -1.
double LoadAverage();

}  // namespace oms::bench
