#include "omsctl/rpc_client.h"

#include <algorithm>
#include <fstream>
#include <sstream>
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
#include "common/endpoints.h"

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

absl::StatusOr<std::string> ReadPem(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, " ", path, ": cannot read this file"));
  }
  return text.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const ConnectionOptions& options) {
  if (!options.tls()) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  if (!options.tls_ca.empty()) {
    auto ca = ReadPem(options.tls_ca, "--tls-ca");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: the client certificate and its key");
  }
  if (!options.tls_cert.empty()) {
    auto cert = ReadPem(options.tls_cert, "--tls-cert");
    if (!cert.ok()) return cert.status();
    auto key = ReadPem(options.tls_key, "--tls-key");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }
  return grpc::SslCredentials(ssl);
}

RpcClient::RpcClient(ConnectionOptions options) : options_(std::move(options)) {
  auto credentials = ChannelCredentialsFor(options_);
  // Several servers (nearest first) fail over in order (docs/REGIONS.md).
  absl::StatusOr<std::string> target = oms::ChannelTarget(options_.server);
  setup_ = !target.ok() ? absl::InvalidArgumentError(absl::StrCat(
                              "--server: ", target.status().message()))
                        : credentials.status();
  channel_ = grpc::CreateChannel(target.ok() ? *target : options_.server,
                                 credentials.ok() ? *credentials
                                                  : grpc::InsecureChannelCredentials());
}

absl::StatusOr<std::string> RpcClient::CallRaw(std::string_view method,
                                               const std::string& request,
                                               Auth auth) {
  if (!setup_.ok()) return setup_;
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
