#include "server/application/policy.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace oms::application {
namespace {

constexpr unsigned kAgent = static_cast<unsigned>(Role::kAgent);
constexpr unsigned kSupervisor = static_cast<unsigned>(Role::kSupervisor);
constexpr unsigned kWarehouse = static_cast<unsigned>(Role::kWarehouse);
constexpr unsigned kStore = static_cast<unsigned>(Role::kStore);
constexpr unsigned kAdmin = static_cast<unsigned>(Role::kAdmin);
constexpr unsigned kChannel = static_cast<unsigned>(Role::kChannel);

constexpr unsigned kManagers = kSupervisor | kAdmin;
constexpr unsigned kCustomerService = kAgent | kManagers;
constexpr unsigned kStaff = kCustomerService | kWarehouse | kStore;
constexpr unsigned kEveryone = kStaff | kChannel;
constexpr unsigned kFloor = kWarehouse | kStore | kManagers;  // people who move goods

struct Named {
  absl::string_view name;
  unsigned bit;
};
constexpr Named kRoles[] = {{"agent", kAgent},         {"supervisor", kSupervisor},
                            {"warehouse", kWarehouse}, {"store", kStore},
                            {"admin", kAdmin},         {"channel", kChannel}};

RpcRule Read(absl::string_view method, unsigned roles) { return {method, roles, false, false}; }
RpcRule Write(absl::string_view method, unsigned roles) { return {method, roles, false, true}; }
RpcRule Public(absl::string_view method, bool mutates) { return {method, 0, true, mutates}; }

// The table. docs/SECURITY.md renders it for people; tests/server/
// policy_matrix_test.cpp checks a real server against an expectations table
// written apart from this one.
std::vector<RpcRule> MakeRules() {
  return {
      // Orders. Store staff take POS orders and cancel at the till; channels
      // place and cancel their own orders.
      Write("oms.v1.OrderService/PlaceOrder", kCustomerService | kStore | kChannel),
      Read("oms.v1.OrderService/GetOrder", kEveryone),
      Read("oms.v1.OrderService/SearchOrders", kEveryone),
      Read("oms.v1.OrderService/ListOrderEvents", kStaff),
      Write("oms.v1.OrderService/HoldOrder", kCustomerService),
      Write("oms.v1.OrderService/ReleaseOrder", kCustomerService),
      Write("oms.v1.OrderService/RejectOrderHold", kManagers),
      Write("oms.v1.OrderService/CancelOrder", kCustomerService | kStore | kChannel),
      Read("oms.v1.OrderService/PreviewCancellation", kCustomerService | kStore | kChannel),
      Write("oms.v1.OrderService/AddOrderNote", kStaff),
      Read("oms.v1.OrderService/WatchOrders", kEveryone),
      // Money. Store staff never refund; approvals are for managers.
      Read("oms.v1.PaymentService/PreviewRefund", kCustomerService),
      Write("oms.v1.PaymentService/RefundOrder", kCustomerService),
      Write("oms.v1.PaymentService/ApproveRefund", kManagers),
      Write("oms.v1.PaymentService/RejectRefund", kManagers),
      Read("oms.v1.PaymentService/ListPendingApprovals", kManagers),
      Read("oms.v1.PaymentService/GetCustomerBalances", kCustomerService | kStore),
      Read("oms.v1.PaymentService/GetAccountStatement", kCustomerService),
      // Returns: created by service and stores, received where goods arrive.
      Write("oms.v1.ReturnService/CreateReturn", kCustomerService | kStore | kChannel),
      Write("oms.v1.ReturnService/ReceiveReturn", kFloor),
      Write("oms.v1.ReturnService/CancelReturn", kCustomerService | kStore),
      // Shipments: read by everyone who answers for them, moved on the floor.
      Read("oms.v1.FulfillmentService/ListShipments", kStaff),
      Read("oms.v1.FulfillmentService/GetShipment", kStaff),
      Write("oms.v1.FulfillmentService/StartPicking", kFloor),
      Write("oms.v1.FulfillmentService/PackShipment", kFloor),
      Write("oms.v1.FulfillmentService/ShipShipment", kFloor),
      Write("oms.v1.FulfillmentService/DeliverShipment", kFloor),
      Write("oms.v1.FulfillmentService/ReportShortPick", kFloor),
      Write("oms.v1.FulfillmentService/RejectShipment", kFloor),
      Write("oms.v1.FulfillmentService/MarkReadyForPickup", kFloor),
      Write("oms.v1.FulfillmentService/CompletePickup", kFloor),
      // Stock.
      Read("oms.v1.InventoryService/GetAvailability", kEveryone),
      Write("oms.v1.InventoryService/AdjustStock", kFloor),
      Read("oms.v1.InventoryService/ListStock", kStaff),
      Write("oms.v1.InventoryService/ExpectInboundDelivery", kWarehouse | kManagers),
      Write("oms.v1.InventoryService/ReceiveInboundDelivery", kFloor),
      Read("oms.v1.InventoryService/ListInboundDeliveries", kFloor),
      Write("oms.v1.InventoryService/DropPreorder", kManagers),
      Read("oms.v1.InventoryService/WatchInventory", kEveryone),
      // Reference data.
      Read("oms.v1.CatalogService/GetProduct", kEveryone),
      Read("oms.v1.CatalogService/ListProducts", kEveryone),
      Read("oms.v1.CustomerService/SearchCustomers", kCustomerService | kStore),
      Read("oms.v1.CustomerService/GetCustomer", kCustomerService | kStore),
      Read("oms.v1.NodeService/ListNodes", kEveryone),
      // Operations.
      Read("oms.v1.IntakeService/ListRejectedIntake", kCustomerService),
      Read("oms.v1.OpsService/ListDeadLetters", kManagers),
      Write("oms.v1.OpsService/ReplayDeadLetter", kManagers),
      Read("oms.v1.OpsService/ListAuditLog", kManagers),
      // Who am I.
      Read("oms.v1.SessionService/WhoAmI", kEveryone),
  };
}

}  // namespace

const std::vector<RpcRule>& AllRules() {
  static const std::vector<RpcRule>* rules = new std::vector<RpcRule>(MakeRules());
  return *rules;
}

const RpcRule* FindRule(absl::string_view method) {
  const auto& rules = AllRules();
  auto it = std::find_if(rules.begin(), rules.end(),
                         [&](const RpcRule& r) { return r.method == method; });
  return it == rules.end() ? nullptr : &*it;
}

unsigned RoleBit(absl::string_view role) {
  for (const Named& r : kRoles) {
    if (r.name == role) return r.bit;
  }
  return 0;
}

absl::Status Authorize(absl::string_view method, const Actor& actor) {
  const RpcRule* rule = FindRule(method);
  if (rule == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(method, " is not in the server's policy table, so nobody may call it"));
  }
  if (rule->is_public || actor.role == "system") return absl::OkStatus();
  if ((rule->roles & RoleBit(actor.role)) != 0) return absl::OkStatus();
  std::vector<absl::string_view> allowed;
  for (const Named& r : kRoles) {
    if ((rule->roles & r.bit) != 0) allowed.push_back(r.name);
  }
  return absl::PermissionDeniedError(
      absl::StrCat(actor.principal_id, " (", actor.role.empty() ? "no role" : actor.role,
                   ") may not call ", method, "; it is for: ", absl::StrJoin(allowed, ", ")));
}

bool RefundNeedsApproval(const Actor& actor, int64_t amount_minor, int64_t limit_minor) {
  if (actor.role == "store") return amount_minor > 0;
  return actor.role == "agent" && amount_minor > limit_minor;
}

}  // namespace oms::application
