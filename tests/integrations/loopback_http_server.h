#pragma once

#include <httplib.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

namespace oms::integrations::testing {

// A bare httplib server on a free loopback port for HttpClient tests, which
// need handlers the partner simulators do not have. Like PartnerServer it
// widens the listen backlog (Debian's httplib uses 5) so hundreds of
// connects at once are not dropped. Handlers that block must be released
// before destruction.
class LoopbackHttpServer : public httplib::Server {
 public:
  explicit LoopbackHttpServer(int threads = 16) {
    new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  }
  ~LoopbackHttpServer() override { Shutdown(); }

  // Returns the port.
  int Start() {
    port_ = bind_to_any_port("127.0.0.1");
    ::listen(svr_sock_, 1024);
    thread_ = std::thread([this] { listen_after_bind(); });
    return port_;
  }

  void Shutdown() {
    socket_t sock = svr_sock_.exchange(INVALID_SOCKET);
    if (sock != INVALID_SOCKET) {
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
    }
    if (thread_.joinable()) thread_.join();
  }

  std::string Url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  int port_ = 0;
  std::thread thread_;
};

}  // namespace oms::integrations::testing
