#include "server/api/home_forwarding.h"

#include <grpcpp/support/byte_buffer.h>

#include <chrono>
#include <vector>

#include "absl/strings/str_cat.h"
#include "server/api/grpc_status.h"
#include "server/api/unary_call.h"
#include "spdlog/spdlog.h"

namespace oms::api {
namespace {

// How long a forwarded call may take when the caller set no deadline.
constexpr auto kDefaultDeadline = std::chrono::seconds(30);

std::string MetadataValue(const grpc::ServerContextBase& context, const char* key) {
  const auto& md = context.client_metadata();
  auto it = md.find(key);
  return it == md.end() ? std::string() : std::string(it->second.data(), it->second.size());
}

// What the caller is told when the home did not answer.
grpc::Status Unreachable(const std::string& home, const std::string& here,
                         const std::string& what, const grpc::Status& cause) {
  return grpc::Status(
      grpc::StatusCode::UNAVAILABLE,
      absl::StrCat(what, " belongs to region ", home, ", which ", here,
                   " cannot reach now (", cause.error_message(),
                   "); only ", home, " may change it. What is copied here stays readable; try "
                   "again with the same request_id when ", home, " is back."));
}

grpc::Status Parse(const grpc::ByteBuffer& buffer, google::protobuf::Message* message) {
  std::vector<grpc::Slice> slices;
  if (grpc::Status s = buffer.Dump(&slices); !s.ok()) return s;
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  if (!message->ParseFromString(bytes)) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "the home region's answer could not be read; the change may have been "
                        "made there: look the order up before trying again");
  }
  return grpc::Status::OK;
}

}  // namespace

HomeForwarder::HomeForwarder(Authenticator& auth, const application::RegionDirectory& regions)
    : auth_(auth), regions_(regions) {}

grpc::GenericStub& HomeForwarder::StubFor(const std::string& region, const std::string& address) {
  std::lock_guard lock(mu_);
  auto& stub = stubs_[region];
  if (!stub) {
    grpc::ChannelArguments args;
    // The home's answer carries the whole order, which can pass gRPC's 4 MB
    // default; the caller's own limit applies on the way back.
    args.SetMaxReceiveMessageSize(-1);
    stub = std::make_unique<grpc::GenericStub>(
        grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args));
  }
  return *stub;
}

grpc::ServerUnaryReactor* HomeForwarder::ForwardIfElsewhere(
    grpc::CallbackServerContext* context, absl::string_view method, const std::string& order_ref,
    const google::protobuf::Message& request, google::protobuf::Message* response) {
  const std::string home = application::HomeRegionOf(order_ref);
  if (home.empty() || !regions_.IsPeer(home)) return nullptr;
  return Forward(context, home, method, absl::StrCat("order ", order_ref), request, response);
}

grpc::ServerUnaryReactor* HomeForwarder::ForwardKeyHeldElsewhere(
    grpc::CallbackServerContext* context, absl::string_view method,
    const std::string& request_id, application::ReadModel& reads,
    const google::protobuf::Message& request, google::protobuf::Message* response) {
  if (request_id.empty()) return nullptr;
  absl::StatusOr<application::Principal> principal = auth_.PrincipalOf(*context);
  if (!principal.ok()) return nullptr;  // the call is refused the usual way
  absl::StatusOr<std::optional<application::KeyHolder>> holder =
      reads.KeyHolderOf(principal->principal_id, request_id);
  if (!holder.ok() || !holder->has_value() || !regions_.IsPeer((*holder)->region)) {
    return nullptr;
  }
  return Forward(context, (*holder)->region, method,
                 absl::StrCat("request_id ", request_id, " (order ", (*holder)->resource_id, ")"),
                 request, response);
}

grpc::ServerUnaryReactor* HomeForwarder::Forward(grpc::CallbackServerContext* context,
                                                 const std::string& home,
                                                 absl::string_view method, const std::string& what,
                                                 const google::protobuf::Message& request,
                                                 google::protobuf::Message* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  absl::StatusOr<application::Actor> actor = Admit(context, auth_, method, &request);
  if (!actor.ok()) {
    reactor->Finish(ToGrpcStatus(actor.status()));
    return reactor;
  }
  const std::string address = regions_.AddressOf(home);
  struct Call {
    grpc::ClientContext context;
    grpc::ByteBuffer request;
    grpc::ByteBuffer response;
  };
  auto call = std::make_shared<Call>();
  {
    const std::string bytes = request.SerializeAsString();
    grpc::Slice slice(bytes);
    call->request = grpc::ByteBuffer(&slice, 1);
  }
  for (const char* key : {"authorization", "traceparent"}) {
    if (std::string value = MetadataValue(*context, key); !value.empty()) {
      call->context.AddMetadata(key, value);
    }
  }
  call->context.AddMetadata("x-oms-forwarded-by", regions_.local_region());
  const auto deadline = context->deadline();
  const auto cap = std::chrono::system_clock::now() + kDefaultDeadline;
  call->context.set_deadline(std::min(deadline, cap));
  spdlog::info("{} {} for {}: forwarded to region {}", actor->principal_id, std::string(method),
               what, home);
  const std::string here = regions_.local_region();
  StubFor(home, address)
      .UnaryCall(&call->context, absl::StrCat("/", method), grpc::StubOptions(), &call->request,
                 &call->response,
                 [call, reactor, response, home, here, what](grpc::Status status) mutable {
                   if (status.ok()) {
                     status = Parse(call->response, response);
                   } else if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                              status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
                     status = Unreachable(home, here, what, status);
                   }
                   call.reset();
                   reactor->Finish(status);
                 });
  return reactor;
}

}  // namespace oms::api
