#pragma once

#include <string>

namespace oms::domain {

struct Customer {
  std::string customer_id;
  std::string name;
  std::string email;
  std::string phone;
  std::string home_region;
};

}  // namespace oms::domain
