#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace omsctl {

// Where and as whom omsctl calls the OMS.
struct ConnectionOptions {
  std::string server = "127.0.0.1:50051";  // HOST:PORT
  std::string token;                       // empty: no authorization header
  double timeout_seconds = 10;             // deadline of every call
  // TLS (docs/SECURITY.md): with any of these set omsctl speaks TLS. PEM
  // file paths: the CA that signed the server's certificate (empty: the
  // system's roots) and, for mutual TLS, the client certificate and key.
  std::string tls_ca;
  std::string tls_cert;
  std::string tls_key;
  bool tls() const { return !tls_ca.empty() || !tls_cert.empty(); }
};

// The channel credentials for `options`: insecure, or TLS with the files
// named. INVALID_ARGUMENT naming a file that cannot be read, or a
// certificate without its key.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFor(
    const ConnectionOptions& options);

// Whether a call carries the bearer token. Health checks do not, so that
// `omsctl health` answers the same with or without a (valid) token.
enum class Auth { kBearerToken, kAnonymous };

// Unary calls over one channel (plaintext or TLS, see ConnectionOptions), each with the configured deadline
// and, unless anonymous, the metadata `authorization: Bearer <token>`.
//
// Every method is synchronous. A failed call returns the server's status
// (code and message unchanged), or the channel's: UNAVAILABLE when nothing
// listens, DEADLINE_EXCEEDED when the deadline passed.
// Thread-compatible: one RpcClient per thread, or external locking.
class RpcClient {
 public:
  explicit RpcClient(ConnectionOptions options);

  // Calls `method` ("/package.Service/Method") with serialized request bytes
  // and returns the serialized reply.
  absl::StatusOr<std::string> CallRaw(std::string_view method,
                                      const std::string& request,
                                      Auth auth = Auth::kBearerToken);

  // Serializes `request`, calls `method` and parses the reply into
  // `*response`. INTERNAL when the reply does not parse as that type.
  absl::Status Call(std::string_view method,
                    const google::protobuf::Message& request,
                    google::protobuf::Message* response,
                    Auth auth = Auth::kBearerToken);

 private:
  ConnectionOptions options_;
  absl::Status setup_;  // a TLS file that could not be read fails every call
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace omsctl
