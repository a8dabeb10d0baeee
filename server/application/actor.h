#pragma once

#include <string>

namespace oms::application {

// Who is acting, stamped on every event and audit entry a unit writes.
struct Actor {
  std::string principal_id;  // staff:alice, service:web-checkout, system
  std::string role;
  std::string trace_id;
};

inline Actor SystemActor(std::string trace_id = {}) {
  return Actor{"system", "system", std::move(trace_id)};
}

}  // namespace oms::application
