#pragma once

#include <cstdint>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"
#include "server/application/actor.h"

namespace oms::application {

// Who may do what: the one table of the server (policy.cpp), default deny.
// Keyed by RPC; the gRPC layer checks every call against it, and use cases
// that also run without an RPC (refunds, returns) ask it too, so there is
// one answer. The system actor (the server's own sweeps and sagas) passes
// every rule. Object scope (which orders, shipments, nodes) is checked
// after this through access_scope.h.
enum class Role : unsigned {
  kAgent = 1u << 0,
  kSupervisor = 1u << 1,
  kWarehouse = 1u << 2,
  kStore = 1u << 3,
  kAdmin = 1u << 4,
  kChannel = 1u << 5,
  // Another region's omsd (docs/REGIONS.md): its credential is derived from
  // the regions' shared secret, never issued to a person or a channel.
  kRegion = 1u << 6,
};

struct RpcRule {
  absl::string_view method;  // "oms.v1.OrderService/GetOrder"
  unsigned roles = 0;       // bitwise or of Role
  bool is_public = false;   // no credentials needed (sign-in)
};

// The rule for a method, or nullptr for a method the table does not know.
const RpcRule* FindRule(absl::string_view method);

// Every rule, for tests and documentation.
const std::vector<RpcRule>& AllRules();

// OK when `actor` may call `method`; PERMISSION_DENIED naming the role and
// the roles that may, or for a method the table does not list.
absl::Status Authorize(absl::string_view method, const Actor& actor);

// The bit of a role name; 0 for a name that is not a role.
unsigned RoleBit(absl::string_view role);

// Refunds above `limit_minor` asked by an agent, and every refund that
// store staff set off (the money of a return taken at the till), wait for a
// supervisor's approval (PaymentService.ApproveRefund): store staff never
// move money back themselves. Managers and the system refund any amount.
bool RefundNeedsApproval(const Actor& actor, int64_t amount_minor, int64_t limit_minor);

// Method names the use cases ask about.
inline constexpr absl::string_view kRefundOrder = "oms.v1.PaymentService/RefundOrder";
inline constexpr absl::string_view kApproveRefund = "oms.v1.PaymentService/ApproveRefund";
inline constexpr absl::string_view kCreateReturn = "oms.v1.ReturnService/CreateReturn";
inline constexpr absl::string_view kReceiveReturn = "oms.v1.ReturnService/ReceiveReturn";
inline constexpr absl::string_view kCancelReturn = "oms.v1.ReturnService/CancelReturn";
inline constexpr absl::string_view kRejectOrderHold = "oms.v1.OrderService/RejectOrderHold";

}  // namespace oms::application
