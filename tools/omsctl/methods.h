#pragma once

#include <string_view>

namespace omsctl {

// The gRPC paths the verbs call. tests/omsctl checks each against the
// descriptor pool, so a renamed RPC fails a test rather than a user.
inline constexpr std::string_view kPlaceOrder = "/oms.v1.OrderService/PlaceOrder";
inline constexpr std::string_view kGetOrder = "/oms.v1.OrderService/GetOrder";
inline constexpr std::string_view kSearchOrders =
    "/oms.v1.OrderService/SearchOrders";
inline constexpr std::string_view kListOrderEvents =
    "/oms.v1.OrderService/ListOrderEvents";
inline constexpr std::string_view kHoldOrder = "/oms.v1.OrderService/HoldOrder";
inline constexpr std::string_view kReleaseOrder =
    "/oms.v1.OrderService/ReleaseOrder";
inline constexpr std::string_view kCancelOrder = "/oms.v1.OrderService/CancelOrder";
inline constexpr std::string_view kPreviewCancellation =
    "/oms.v1.OrderService/PreviewCancellation";
inline constexpr std::string_view kAddOrderNote = "/oms.v1.OrderService/AddOrderNote";
inline constexpr std::string_view kRejectOrderHold = "/oms.v1.OrderService/RejectOrderHold";
inline constexpr std::string_view kDropPreorder = "/oms.v1.InventoryService/DropPreorder";
inline constexpr std::string_view kListShipments =
    "/oms.v1.FulfillmentService/ListShipments";
inline constexpr std::string_view kGetShipment =
    "/oms.v1.FulfillmentService/GetShipment";
inline constexpr std::string_view kStartPicking =
    "/oms.v1.FulfillmentService/StartPicking";
inline constexpr std::string_view kPackShipment =
    "/oms.v1.FulfillmentService/PackShipment";
inline constexpr std::string_view kShipShipment =
    "/oms.v1.FulfillmentService/ShipShipment";
inline constexpr std::string_view kDeliverShipment =
    "/oms.v1.FulfillmentService/DeliverShipment";
inline constexpr std::string_view kReportShortPick =
    "/oms.v1.FulfillmentService/ReportShortPick";
inline constexpr std::string_view kRejectShipment =
    "/oms.v1.FulfillmentService/RejectShipment";
inline constexpr std::string_view kMarkReadyForPickup =
    "/oms.v1.FulfillmentService/MarkReadyForPickup";
inline constexpr std::string_view kCompletePickup =
    "/oms.v1.FulfillmentService/CompletePickup";
inline constexpr std::string_view kGetAvailability =
    "/oms.v1.InventoryService/GetAvailability";
inline constexpr std::string_view kAdjustStock =
    "/oms.v1.InventoryService/AdjustStock";
inline constexpr std::string_view kListStock =
    "/oms.v1.InventoryService/ListStock";
inline constexpr std::string_view kGetProduct =
    "/oms.v1.CatalogService/GetProduct";
inline constexpr std::string_view kListProducts =
    "/oms.v1.CatalogService/ListProducts";
inline constexpr std::string_view kSearchCustomers =
    "/oms.v1.CustomerService/SearchCustomers";
inline constexpr std::string_view kGetCustomer =
    "/oms.v1.CustomerService/GetCustomer";
inline constexpr std::string_view kListNodes = "/oms.v1.NodeService/ListNodes";
inline constexpr std::string_view kWhoAmI = "/oms.v1.SessionService/WhoAmI";
inline constexpr std::string_view kLogin = "/oms.v1.SessionService/Login";
inline constexpr std::string_view kRefresh = "/oms.v1.SessionService/Refresh";
inline constexpr std::string_view kLogout = "/oms.v1.SessionService/Logout";
inline constexpr std::string_view kCreateUser = "/oms.v1.AdminService/CreateUser";
inline constexpr std::string_view kUpdateUser = "/oms.v1.AdminService/UpdateUser";
inline constexpr std::string_view kDisableUser = "/oms.v1.AdminService/DisableUser";
inline constexpr std::string_view kEnableUser = "/oms.v1.AdminService/EnableUser";
inline constexpr std::string_view kResetPassword = "/oms.v1.AdminService/ResetPassword";
inline constexpr std::string_view kListUsers = "/oms.v1.AdminService/ListUsers";
inline constexpr std::string_view kCreateServiceToken =
    "/oms.v1.AdminService/CreateServiceToken";
inline constexpr std::string_view kRevokeServiceToken =
    "/oms.v1.AdminService/RevokeServiceToken";
inline constexpr std::string_view kListServiceTokens =
    "/oms.v1.AdminService/ListServiceTokens";
inline constexpr std::string_view kHealthCheck = "/grpc.health.v1.Health/Check";
inline constexpr std::string_view kRefundOrder =
    "/oms.v1.PaymentService/RefundOrder";
inline constexpr std::string_view kPreviewRefund =
    "/oms.v1.PaymentService/PreviewRefund";
inline constexpr std::string_view kApproveRefund =
    "/oms.v1.PaymentService/ApproveRefund";
inline constexpr std::string_view kRejectRefund =
    "/oms.v1.PaymentService/RejectRefund";
inline constexpr std::string_view kListPendingApprovals =
    "/oms.v1.PaymentService/ListPendingApprovals";
inline constexpr std::string_view kGetCustomerBalances =
    "/oms.v1.PaymentService/GetCustomerBalances";
inline constexpr std::string_view kGetAccountStatement =
    "/oms.v1.PaymentService/GetAccountStatement";

inline constexpr std::string_view kListRejectedIntake =
    "/oms.v1.IntakeService/ListRejectedIntake";

inline constexpr std::string_view kListDeadLetters = "/oms.v1.OpsService/ListDeadLetters";
inline constexpr std::string_view kReplayDeadLetter = "/oms.v1.OpsService/ReplayDeadLetter";

inline constexpr std::string_view kWatchOrders = "/oms.v1.OrderService/WatchOrders";
inline constexpr std::string_view kWatchInventory =
    "/oms.v1.InventoryService/WatchInventory";

inline constexpr std::string_view kCreateReturn = "/oms.v1.ReturnService/CreateReturn";
inline constexpr std::string_view kReceiveReturn = "/oms.v1.ReturnService/ReceiveReturn";
inline constexpr std::string_view kCancelReturn = "/oms.v1.ReturnService/CancelReturn";

inline constexpr std::string_view kVerbMethods[] = {
    kPlaceOrder,      kGetOrder,         kSearchOrders,    kListOrderEvents,
    kHoldOrder,       kReleaseOrder,     kCancelOrder,     kPreviewCancellation,
    kAddOrderNote,    kListShipments,    kGetShipment,
    kStartPicking,    kPackShipment,     kShipShipment,    kDeliverShipment,
    kReportShortPick, kRejectShipment,   kMarkReadyForPickup, kCompletePickup,
    kGetAvailability, kAdjustStock,      kListStock,       kGetProduct,
    kListProducts,    kSearchCustomers,  kGetCustomer,     kListNodes,
    kWhoAmI,          kHealthCheck,
    kRefundOrder,     kPreviewRefund,    kApproveRefund,   kRejectRefund,
    kListPendingApprovals, kGetCustomerBalances, kGetAccountStatement,
    kRejectOrderHold, kDropPreorder,
    kListRejectedIntake,
    kListDeadLetters, kReplayDeadLetter,
    kCreateReturn,    kReceiveReturn,    kCancelReturn,
    kWatchOrders,     kWatchInventory,
};

}  // namespace omsctl
