// The RPC x role matrix against a real server: every RPC of the public
// contract, called by every role, answers PERMISSION_DENIED exactly where
// the expectations below say. The expectations are written from the
// business rules (issue 7, docs/SECURITY.md), apart from the policy table
// in server/application/policy.cpp, so a slip in either shows here.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <future>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "oms/v1/inventory_service.grpc.pb.h"
#include "oms/v1/order_service.grpc.pb.h"
#include "oms/v1/region_service.grpc.pb.h"
#include "tests/server/test_region.h"

namespace oms::testing {
namespace {

// Demo principals, one per role (resources/demo/staff.json).
const std::map<std::string, std::string>& TokenOfRole() {
  static const auto* tokens = new std::map<std::string, std::string>{
      {"agent", "demo-agent-token"},         {"supervisor", "demo-supervisor-token"},
      {"warehouse", "demo-warehouse-token"}, {"store", "demo-store-token"},
      {"admin", "demo-admin-token"},         {"channel", "demo-channel-web-token"},
  };
  return *tokens;
}

constexpr char kStaff[] = "agent supervisor warehouse store admin";
constexpr char kEveryone[] = "agent supervisor warehouse store admin channel";
constexpr char kService[] = "agent supervisor admin";  // customer service
constexpr char kManagers[] = "supervisor admin";
constexpr char kFloor[] = "warehouse store supervisor admin";  // who moves goods
constexpr char kPublic[] = "*";  // no credentials needed

// Who may call what, by the business rules: store staff never refund,
// warehouse staff never touch money or orders beyond notes, channels place,
// read and cancel their own orders, approvals and operations are for
// managers, administration for admins.
const std::map<std::string, std::string>& Expectations() {
  static const auto* table = new std::map<std::string, std::string>{
      {"OrderService/PlaceOrder", "agent supervisor admin store channel"},
      {"OrderService/GetOrder", kEveryone},
      {"OrderService/SearchOrders", kEveryone},
      {"OrderService/ListOrderEvents", kStaff},
      {"OrderService/HoldOrder", kService},
      {"OrderService/ReleaseOrder", kService},
      {"OrderService/RejectOrderHold", kManagers},
      {"OrderService/CancelOrder", "agent supervisor admin store channel"},
      {"OrderService/PreviewCancellation", "agent supervisor admin store channel"},
      {"OrderService/AddOrderNote", kStaff},
      {"OrderService/WatchOrders", kEveryone},
      // Regions: staff see replica freshness; only peer regions (no demo
      // principal) follow the event stream.
      {"RegionService/GetRegionStatus", kStaff},
      {"ReplicationService/StreamEvents", ""},
      {"PaymentService/PreviewRefund", kService},
      {"PaymentService/RefundOrder", kService},
      {"PaymentService/ApproveRefund", kManagers},
      {"PaymentService/RejectRefund", kManagers},
      {"PaymentService/ListPendingApprovals", kManagers},
      {"PaymentService/GetCustomerBalances", "agent supervisor admin store"},
      {"PaymentService/GetAccountStatement", kService},
      {"ReturnService/CreateReturn", "agent supervisor admin store channel"},
      {"ReturnService/ReceiveReturn", kFloor},
      {"ReturnService/CancelReturn", "agent supervisor admin store"},
      {"FulfillmentService/ListShipments", kStaff},
      {"FulfillmentService/GetShipment", kStaff},
      {"FulfillmentService/StartPicking", kFloor},
      {"FulfillmentService/PackShipment", kFloor},
      {"FulfillmentService/ShipShipment", kFloor},
      {"FulfillmentService/DeliverShipment", kFloor},
      {"FulfillmentService/ReportShortPick", kFloor},
      {"FulfillmentService/RejectShipment", kFloor},
      {"FulfillmentService/MarkReadyForPickup", kFloor},
      {"FulfillmentService/CompletePickup", kFloor},
      {"InventoryService/GetAvailability", kEveryone},
      {"InventoryService/AdjustStock", kFloor},
      {"InventoryService/ListStock", kStaff},
      {"InventoryService/ExpectInboundDelivery", "warehouse supervisor admin"},
      {"InventoryService/ReceiveInboundDelivery", kFloor},
      {"InventoryService/ListInboundDeliveries", kFloor},
      {"InventoryService/DropPreorder", kManagers},
      {"InventoryService/WatchInventory", kEveryone},
      {"CatalogService/GetProduct", kEveryone},
      {"CatalogService/ListProducts", kEveryone},
      {"CustomerService/SearchCustomers", "agent supervisor admin store"},
      {"CustomerService/GetCustomer", "agent supervisor admin store"},
      {"NodeService/ListNodes", kEveryone},
      {"IntakeService/ListRejectedIntake", kService},
      {"OpsService/ListDeadLetters", kManagers},
      {"OpsService/ReplayDeadLetter", kManagers},
      {"OpsService/ListAuditLog", kManagers},
      {"SessionService/WhoAmI", kEveryone},
      {"SessionService/Login", kPublic},
      {"SessionService/Refresh", kPublic},
      {"SessionService/Logout", kEveryone},
      {"AdminService/CreateUser", "admin"},
      {"AdminService/UpdateUser", "admin"},
      {"AdminService/DisableUser", "admin"},
      {"AdminService/EnableUser", "admin"},
      {"AdminService/ResetPassword", "admin"},
      {"AdminService/ListUsers", "admin"},
      {"AdminService/CreateServiceToken", "admin"},
      {"AdminService/RevokeServiceToken", "admin"},
      {"AdminService/ListServiceTokens", "admin"},
  };
  return *table;
}

// Every method of every service in proto/oms/v1, so a new RPC or service
// without an expectation fails the first test.
std::vector<const google::protobuf::MethodDescriptor*> PublicMethods() {
  std::vector<const google::protobuf::MethodDescriptor*> methods;
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const auto& entry : std::filesystem::directory_iterator(OMS_PROTO_DIR "/oms/v1")) {
    const auto* file =
        pool->FindFileByName(absl::StrCat("oms/v1/", entry.path().filename().string()));
    if (file == nullptr) {
      ADD_FAILURE() << entry.path() << " is not linked into the test";
      continue;
    }
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) methods.push_back(service->method(m));
    }
  }
  return methods;
}

class PolicyMatrixTest : public ::testing::Test {
 protected:
  PolicyMatrixTest()
      : channel_(grpc::CreateChannel(absl::StrCat("127.0.0.1:", region_.server().port()),
                                     grpc::InsecureChannelCredentials())),
        generic_(channel_) {}

  // Calls `method` with an empty request; the answer's code.
  grpc::StatusCode Call(const google::protobuf::MethodDescriptor& method, const std::string& token) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    const std::string path = absl::StrCat("/", method.service()->full_name(), "/", method.name());
    if (method.server_streaming()) return CallStream(context, method.name());
    grpc::Slice empty("");  // an empty proto message; a ByteBuffer needs a slice
    grpc::ByteBuffer request(&empty, 1);
    grpc::ByteBuffer response;
    std::promise<grpc::Status> done;
    generic_.UnaryCall(&context, path, grpc::StubOptions(), &request, &response,
                       [&](grpc::Status s) { done.set_value(std::move(s)); });
    return done.get_future().get().error_code();
  }

  // The streams: the first message (a mark) means admitted.
  grpc::StatusCode CallStream(grpc::ClientContext& context, const std::string& name) {
    if (name == "WatchOrders") {
      return FirstMessage<v1::WatchOrdersResponse>(context, [&] {
        return v1::OrderService::NewStub(channel_)->WatchOrders(&context, {});
      });
    }
    if (name == "StreamEvents") {
      return FirstMessage<v1::ReplicationMessage>(context, [&] {
        return v1::ReplicationService::NewStub(channel_)->StreamEvents(&context, {});
      });
    }
    return FirstMessage<v1::WatchInventoryResponse>(context, [&] {
      return v1::InventoryService::NewStub(channel_)->WatchInventory(&context, {});
    });
  }

  template <typename Response, typename Open>
  static grpc::StatusCode FirstMessage(grpc::ClientContext& context, Open open) {
    auto reader = open();
    Response message;
    const bool first = reader->Read(&message);
    if (first) context.TryCancel();
    grpc::Status status = reader->Finish();
    return first ? grpc::StatusCode::OK : status.error_code();
  }

  TestRegion region_;
  std::shared_ptr<grpc::Channel> channel_;
  grpc::GenericStub generic_;
};

TEST_F(PolicyMatrixTest, EveryRpcHasAnExpectationAndEveryExpectationAnRpc) {
  std::set<std::string> seen;
  for (const auto* method : PublicMethods()) {
    const std::string key = absl::StrCat(method->service()->name(), "/", method->name());
    seen.insert(key);
    EXPECT_TRUE(Expectations().count(key)) << key << " has no row in the expectations table";
  }
  for (const auto& [key, unused] : Expectations()) {
    EXPECT_TRUE(seen.count(key)) << key << " is expected but the contract has no such RPC";
  }
}

TEST_F(PolicyMatrixTest, EachRoleIsAdmittedExactlyWhereTheRulesSay) {
  int checked = 0;
  for (const auto* method : PublicMethods()) {
    const std::string key = absl::StrCat(method->service()->name(), "/", method->name());
    auto it = Expectations().find(key);
    if (it == Expectations().end()) continue;
    const std::set<std::string> allowed = absl::StrSplit(it->second, ' ');
    for (const auto& [role, token] : TokenOfRole()) {
      const grpc::StatusCode code = Call(*method, token);
      if (allowed.count(role) || it->second == kPublic) {
        EXPECT_NE(code, grpc::StatusCode::PERMISSION_DENIED) << role << " must be admitted to " << key;
        EXPECT_NE(code, grpc::StatusCode::UNAUTHENTICATED) << role << " calling " << key;
      } else {
        EXPECT_EQ(code, grpc::StatusCode::PERMISSION_DENIED) << role << " must be refused " << key;
      }
      ++checked;
    }
  }
  EXPECT_GE(checked, 6 * 45);
}

TEST_F(PolicyMatrixTest, WithoutCredentialsOnlyThePublicRpcsAnswer) {
  for (const auto* method : PublicMethods()) {
    const std::string key = absl::StrCat(method->service()->name(), "/", method->name());
    auto it = Expectations().find(key);
    if (it == Expectations().end() || it->second == kPublic) continue;
    EXPECT_EQ(Call(*method, ""), grpc::StatusCode::UNAUTHENTICATED) << key;
    EXPECT_EQ(Call(*method, "not-a-token"), grpc::StatusCode::UNAUTHENTICATED) << key;
  }
}

}  // namespace
}  // namespace oms::testing
