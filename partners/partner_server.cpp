#include "partners/partner_server.h"

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <utility>

#include "absl/strings/str_cat.h"

namespace oms::partners {
namespace {

// Connections queued by the kernel before httplib accepts them.
constexpr int kListenBacklog = 1024;
// httplib closes a kept-alive connection after this many requests by
// default (5); a client reusing connections for thousands of calls would
// then reconnect constantly.
constexpr size_t kKeepAliveMaxRequests = 100000;

}  // namespace

// httplib::Server with two repairs that need its protected listening socket.
class PartnerServer::HttpServer : public httplib::Server {
 public:
  // Debian's libcpp-httplib is compiled with a listen backlog of 5; a burst
  // of hundreds of connects overflows it and the kernel drops SYNs, which
  // clients retry only after a second. Linux lets listen() be called again
  // on a listening socket to raise the backlog. A failure only makes bursts
  // slower, so it is ignored.
  void WidenBacklog(int backlog) { (void)::listen(svr_sock_, backlog); }

  // httplib's stop() does nothing until the serving thread has marked the
  // server running, so a Stop right after Start would be lost and the join
  // would hang. Closing the socket works in every phase: the accept loop
  // either never starts or wakes with an error and exits.
  void CloseListener() {
    socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock != INVALID_SOCKET) {
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
    }
  }
};

PartnerServer::PartnerServer(PartnerServerOptions options)
    : options_(std::move(options)), http_(std::make_unique<HttpServer>()) {
  auto card_gateway = std::make_unique<CardGatewaySimulator>(options_.card_gateway, &stopping_);
  card_gateway_ = card_gateway.get();
  partners_.push_back(std::move(card_gateway));
  auto logistics = std::make_unique<ThirdPartyLogisticsSimulator>(
      options_.third_party_logistics, &stopping_);
  third_party_logistics_ = logistics.get();
  partners_.push_back(std::move(logistics));
  auto marketplaces = std::make_unique<MarketplaceSimulator>(options_.marketplaces);
  marketplaces_ = marketplaces.get();
  partners_.push_back(std::move(marketplaces));

  const int threads = options_.threads > 0 ? options_.threads : 1;
  http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_->set_keep_alive_max_count(kKeepAliveMaxRequests);
  // httplib writes an answer's head and body apart; with Nagle on, the body
  // waits for the client's delayed ACK, about 40 ms per call on loopback
  // (oms-bench place measured 44 ms for one order in series). A real
  // gateway answers without that delay.
  http_->set_tcp_nodelay(true);
  // httplib's default also sets SO_REUSEPORT, which lets a second simulator
  // bind the same port and silently take half the connections; a port in
  // use must be an error instead.
  http_->set_socket_options([](socket_t sock) {
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  for (auto& partner : partners_) partner->RegisterRoutes(*http_);
  http_->Post("/control/reset", [this](const httplib::Request&, httplib::Response& res) {
    ResetAll();
    res.set_content("{\"reset\":true}", "application/json");
  });
}

PartnerServer::~PartnerServer() { Stop(); }

absl::Status PartnerServer::Start() {
  if (started_) return absl::FailedPreconditionError("the partner server was already started");
  started_ = true;
  if (options_.port == 0) {
    port_ = http_->bind_to_any_port(options_.host);
  } else if (http_->bind_to_port(options_.host, options_.port)) {
    port_ = options_.port;
  }
  if (port_ <= 0) {
    port_ = 0;
    return absl::UnavailableError(absl::StrCat(
        "cannot listen on ", options_.host, ":", options_.port,
        " (address in use or not local); choose another --listen address"));
  }
  http_->WidenBacklog(kListenBacklog);
  serve_thread_ = std::thread([this] { http_->listen_after_bind(); });
  return absl::OkStatus();
}

void PartnerServer::Stop() {
  if (stopped_) return;
  stopped_ = true;
  if (!stopping_.HasBeenNotified()) stopping_.Notify();
  for (auto& partner : partners_) partner->Stop();
  http_->CloseListener();
  if (serve_thread_.joinable()) serve_thread_.join();
}

std::string PartnerServer::base_url() const {
  return absl::StrCat("http://", options_.host, ":", port_);
}

void PartnerServer::ResetAll() {
  for (auto& partner : partners_) partner->Reset();
}

}  // namespace oms::partners
