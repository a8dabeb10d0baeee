#pragma once

#include <algorithm>
#include <string>
#include <vector>

namespace oms::application {

// What part of the business a principal may see and touch. Each list holds
// ids (store and node ids, region codes, channel ids) or "*" for all of
// them; an empty list means none. Roles say which RPCs a principal may call
// (server/api/policy.cpp); scopes say on which objects.
struct Scopes {
  std::vector<std::string> stores;    // store node ids (role store)
  std::vector<std::string> nodes;     // fulfilment node ids (role warehouse)
  std::vector<std::string> regions;   // region codes
  std::vector<std::string> channels;  // channel ids (role channel)

  static bool Allows(const std::vector<std::string>& list, const std::string& id) {
    return std::find(list.begin(), list.end(), "*") != list.end() ||
           std::find(list.begin(), list.end(), id) != list.end();
  }
  static Scopes All() { return Scopes{{"*"}, {"*"}, {"*"}, {"*"}}; }
};

// Who is acting, stamped on every event and audit entry a unit writes.
struct Actor {
  std::string principal_id;  // staff:alice, service:web-checkout, system
  std::string role;
  std::string trace_id;
  Scopes scopes = Scopes::All();
  std::string method;      // the RPC that acts ("oms.v1.OrderService/CancelOrder"); empty inside
  std::string request_id;  // the caller's idempotency key, when the request carries one
};

inline Actor SystemActor(std::string trace_id = {}) {
  return Actor{"system", "system", std::move(trace_id)};
}

}  // namespace oms::application
