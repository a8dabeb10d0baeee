#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "server/application/actor.h"
#include "server/application/queries.h"
#include "server/domain/order_state.h"

namespace oms::application {

// Object scope: which orders, shipments and nodes a principal may see and
// touch, after the policy table has let it call the RPC at all
// (docs/SECURITY.md, Authorization). Every principal is held to its
// regions; store staff also to orders that touch one of their stores,
// warehouse staff to orders that touch one of their nodes, channels to
// their own orders. Out of scope is answered exactly as missing (NOT_FOUND),
// so an answer never tells which orders exist.

// The nodes an order touches: its allocations, shipments and pickup store.
std::vector<std::string> NodesOf(const domain::OrderState& order);

bool MaySeeOrder(const Actor& actor, const domain::OrderState& order);

// A node (its shipments, stock, deliveries) in region `node_region`.
bool MaySeeNode(const Actor& actor, const std::string& node_id, const std::string& node_region);

// The node list a node-bound role (store: its stores, warehouse: its nodes)
// is held to; nullptr for other roles.
const std::vector<std::string>* NodeScope(const Actor& actor);

// Node-bound roles (store, warehouse) work only at their nodes; others
// anywhere in their regions.
bool MayWorkAtNode(const Actor& actor, const std::string& node_id);

// Whom an order may be placed for: channels place into their own channels,
// store staff for one of their stores (carry-out or pickup there).
// PERMISSION_DENIED says which.
absl::Status MayPlaceOrder(const Actor& actor, const std::string& channel,
                           const std::string& pickup_node_id);

// Narrows a search to what the actor may see (OrderSearch::scope).
void RestrictToScope(const Actor& actor, OrderSearch& search);

// Field level: warehouse and store staff see no payment details; warehouse
// staff no customer e-mail or phone (they need the name and address on the
// parcel), store staff the name and phone (for the pickup) but no e-mail.
struct FieldAccess {
  bool payments = true;
  bool customer_email = true;
  bool customer_phone = true;
};
FieldAccess FieldAccessOf(const Actor& actor);

}  // namespace oms::application
