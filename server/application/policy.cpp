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
constexpr unsigned kRegion = static_cast<unsigned>(Role::kRegion);

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
                            {"admin", kAdmin},         {"channel", kChannel},
                            {"region", kRegion}};

RpcRule Allow(absl::string_view method, unsigned roles) { return {method, roles, false}; }
RpcRule Public(absl::string_view method) { return {method, 0, true}; }

// The table. docs/SECURITY.md renders it for people; tests/server/
// policy_matrix_test.cpp checks a real server against an expectations table
// written apart from this one.
std::vector<RpcRule> MakeRules() {
  return {
      // Orders. Store staff take POS orders and cancel at the till; channels
      // place and cancel their own orders.
      Allow("oms.v1.OrderService/PlaceOrder", kCustomerService | kStore | kChannel),
      Allow("oms.v1.OrderService/GetOrder", kEveryone),
      Allow("oms.v1.OrderService/SearchOrders", kEveryone),
      Allow("oms.v1.OrderService/ListOrderEvents", kStaff),
      Allow("oms.v1.OrderService/HoldOrder", kCustomerService),
      Allow("oms.v1.OrderService/ReleaseOrder", kCustomerService),
      Allow("oms.v1.OrderService/RejectOrderHold", kManagers),
      Allow("oms.v1.OrderService/CancelOrder", kCustomerService | kStore | kChannel),
      Allow("oms.v1.OrderService/PreviewCancellation", kCustomerService | kStore | kChannel),
      Allow("oms.v1.OrderService/AddOrderNote", kStaff),
      Allow("oms.v1.OrderService/WatchOrders", kEveryone),
      // Money. Store staff never refund; approvals are for managers.
      Allow("oms.v1.PaymentService/PreviewRefund", kCustomerService),
      Allow("oms.v1.PaymentService/RefundOrder", kCustomerService),
      Allow("oms.v1.PaymentService/ApproveRefund", kManagers),
      Allow("oms.v1.PaymentService/RejectRefund", kManagers),
      Allow("oms.v1.PaymentService/ListPendingApprovals", kManagers),
      Allow("oms.v1.PaymentService/GetCustomerBalances", kCustomerService | kStore),
      Allow("oms.v1.PaymentService/GetAccountStatement", kCustomerService),
      // Returns: created by service and stores, received where goods arrive.
      Allow("oms.v1.ReturnService/CreateReturn", kCustomerService | kStore | kChannel),
      Allow("oms.v1.ReturnService/ReceiveReturn", kFloor),
      Allow("oms.v1.ReturnService/CancelReturn", kCustomerService | kStore),
      // Shipments: read by everyone who answers for them, moved on the floor.
      Allow("oms.v1.FulfillmentService/ListShipments", kStaff),
      Allow("oms.v1.FulfillmentService/GetShipment", kStaff),
      Allow("oms.v1.FulfillmentService/StartPicking", kFloor),
      Allow("oms.v1.FulfillmentService/PackShipment", kFloor),
      Allow("oms.v1.FulfillmentService/ShipShipment", kFloor),
      Allow("oms.v1.FulfillmentService/DeliverShipment", kFloor),
      Allow("oms.v1.FulfillmentService/ReportShortPick", kFloor),
      Allow("oms.v1.FulfillmentService/RejectShipment", kFloor),
      Allow("oms.v1.FulfillmentService/MarkReadyForPickup", kFloor),
      Allow("oms.v1.FulfillmentService/CompletePickup", kFloor),
      // Stock.
      Allow("oms.v1.InventoryService/GetAvailability", kEveryone),
      Allow("oms.v1.InventoryService/AdjustStock", kFloor),
      Allow("oms.v1.InventoryService/ListStock", kStaff),
      Allow("oms.v1.InventoryService/ExpectInboundDelivery", kWarehouse | kManagers),
      Allow("oms.v1.InventoryService/ReceiveInboundDelivery", kFloor),
      Allow("oms.v1.InventoryService/ListInboundDeliveries", kFloor),
      Allow("oms.v1.InventoryService/DropPreorder", kManagers),
      Allow("oms.v1.InventoryService/WatchInventory", kEveryone),
      // Reference data.
      Allow("oms.v1.CatalogService/GetProduct", kEveryone),
      Allow("oms.v1.CatalogService/ListProducts", kEveryone),
      Allow("oms.v1.CustomerService/SearchCustomers", kCustomerService | kStore),
      Allow("oms.v1.CustomerService/GetCustomer", kCustomerService | kStore),
      Allow("oms.v1.NodeService/ListNodes", kEveryone),
      // Operations.
      Allow("oms.v1.IntakeService/ListRejectedIntake", kCustomerService),
      Allow("oms.v1.OpsService/ListDeadLetters", kManagers),
      Allow("oms.v1.OpsService/ReplayDeadLetter", kManagers),
      Allow("oms.v1.OpsService/ListAuditLog", kManagers),
      // Regions (docs/REGIONS.md): staff see how current the replicas are;
      // only peer regions read the event stream replicas are built from.
      Allow("oms.v1.RegionService/GetRegionStatus", kStaff),
      Allow("oms.v1.ReplicationService/StreamEvents", kRegion),
      // Signing in: Login and Refresh need no credentials (rate-limited by
      // peer address); the rest need the token they end.
      Allow("oms.v1.SessionService/WhoAmI", kEveryone),
      Public("oms.v1.SessionService/Login"),
      Public("oms.v1.SessionService/Refresh"),
      Allow("oms.v1.SessionService/Logout", kEveryone),
      // Administration.
      Allow("oms.v1.AdminService/CreateUser", kAdmin),
      Allow("oms.v1.AdminService/UpdateUser", kAdmin),
      Allow("oms.v1.AdminService/DisableUser", kAdmin),
      Allow("oms.v1.AdminService/EnableUser", kAdmin),
      Allow("oms.v1.AdminService/ResetPassword", kAdmin),
      Allow("oms.v1.AdminService/ListUsers", kAdmin),
      Allow("oms.v1.AdminService/CreateServiceToken", kAdmin),
      Allow("oms.v1.AdminService/RevokeServiceToken", kAdmin),
      Allow("oms.v1.AdminService/ListServiceTokens", kAdmin),
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
