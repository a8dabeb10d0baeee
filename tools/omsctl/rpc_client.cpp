#include "omsctl/rpc_client.h"

#include <algorithm>
#include <chrono>
#include <future>
#include <utility>
#include <vector>

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>

#include "absl/strings/str_cat.h"

namespace omsctl {
namespace {

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

std::string FromByteBuffer(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

}  // namespace

RpcClient::RpcClient(ConnectionOptions options)
    : options_(std::move(options)),
      channel_(grpc::CreateChannel(options_.server,
                                   grpc::InsecureChannelCredentials())) {}

absl::StatusOr<std::string> RpcClient::CallRaw(std::string_view method,
                                               const std::string& request,
                                               Auth auth) {
  // A day is longer than any call should take, and keeps the cast defined.
  const double seconds = std::min(options_.timeout_seconds, 86400.0);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::milliseconds(
                           static_cast<int64_t>(seconds * 1000)));
  if (auth == Auth::kBearerToken && !options_.token.empty()) {
    context.AddMetadata("authorization", "Bearer " + options_.token);
  }

  grpc::GenericStub stub(channel_);
  const grpc::ByteBuffer request_buffer = ToByteBuffer(request);
  grpc::ByteBuffer response_buffer;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, std::string(method), grpc::StubOptions(),
                 &request_buffer, &response_buffer,
                 [&done](grpc::Status status) { done.set_value(status); });
  const grpc::Status status = done.get_future().get();
  if (!status.ok()) {
    // grpc::StatusCode and absl::StatusCode share the canonical numbering.
    return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                        status.error_message());
  }
  return FromByteBuffer(response_buffer);
}

absl::Status RpcClient::Call(std::string_view method,
                             const google::protobuf::Message& request,
                             google::protobuf::Message* response, Auth auth) {
  std::string bytes;
  if (!request.SerializeToString(&bytes)) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot serialize ", request.GetTypeName()));
  }
  absl::StatusOr<std::string> reply = CallRaw(method, bytes, auth);
  if (!reply.ok()) return reply.status();
  if (!response->ParseFromString(*reply)) {
    return absl::InternalError(absl::StrCat("the reply of ", std::string(method),
                                            " is not a valid ",
                                            response->GetTypeName()));
  }
  return absl::OkStatus();
}

}  // namespace omsctl
