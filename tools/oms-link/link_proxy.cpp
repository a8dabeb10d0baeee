#include "tools/oms-link/link_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace oms::testing {
namespace {

// Delays are measured on the monotonic clock so that a wall-clock step on the
// machine cannot release or hold back queued bytes.
using Clock = std::chrono::steady_clock;

constexpr size_t kReadChunk = 64 * 1024;
constexpr int kConnectTimeoutMs = 5000;

void SetNoDelay(int fd) {
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
}

// Closing with a zero linger sends RST: the client sees the connection reset
// at once, as when a partition has been noticed, and no TIME_WAIT is left.
void CloseWithReset(int fd) {
  linger lin{};
  lin.l_onoff = 1;
  lin.l_linger = 0;
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &lin, sizeof(lin));
  ::close(fd);
}

bool SendAll(int fd, const char* data, size_t size) {
  while (size > 0) {
    // MSG_NOSIGNAL: a peer that went away must fail the send, not kill the test.
    ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

void Signal(int event_fd) {
  uint64_t one = 1;
  while (::write(event_fd, &one, sizeof(one)) < 0 && errno == EINTR) {
  }
}

absl::Status ErrnoStatus(absl::string_view what) {
  return absl::InternalError(absl::StrCat(what, ": ", std::strerror(errno)));
}

}  // namespace

// One direction of a connection: the reader queues chunks with their due
// time, the writer delivers them when due. The queue is what lets a delay
// hold bytes back without holding back the reads.
struct LinkProxy::Pipe {
  struct Chunk {
    Clock::time_point due;
    std::string bytes;
    bool eof = false;
  };

  int src = -1;
  int dst = -1;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Chunk> queue;
  Clock::time_point last_due{};
  bool aborted = false;

  void Push(Chunk chunk) {
    std::lock_guard lock(mu);
    if (aborted) return;
    queue.push_back(std::move(chunk));
    cv.notify_all();
  }

  void Abort() {
    std::lock_guard lock(mu);
    aborted = true;
    queue.clear();
    cv.notify_all();
  }
};

struct LinkProxy::Connection {
  int client_fd = -1;
  int target_fd = -1;  // -1 for a connection accepted while blackholed.
  Pipe up;             // client -> target
  Pipe down;           // target -> client
  std::mutex mu;
  bool torn_down = false;
  std::atomic<int> live_threads{0};
  std::vector<std::thread> threads;

  // Shuts the sockets down rather than closing them: threads may still be
  // blocked on them, and a closed descriptor number could be reused under
  // them. shutdown() wakes those threads; the reaper closes after joining.
  void Teardown() {
    {
      std::lock_guard lock(mu);
      if (torn_down) return;
      torn_down = true;
      ::shutdown(client_fd, SHUT_RDWR);
      if (target_fd >= 0) ::shutdown(target_fd, SHUT_RDWR);
    }
    up.Abort();
    down.Abort();
  }
};

LinkProxy::LinkProxy(std::string target_host_port)
    : target_host_port_(std::move(target_host_port)) {}

LinkProxy::~LinkProxy() { Stop(); }

absl::Status LinkProxy::Start() {
  if (listen_fd_ >= 0) return absl::FailedPreconditionError("LinkProxy already started");

  const size_t colon = target_host_port_.rfind(':');
  if (colon == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat("target is not host:port: ", target_host_port_));
  }
  std::string host = target_host_port_.substr(0, colon);
  const std::string port = target_host_port_.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port_number = 0;
  if (!absl::SimpleAtoi(port, &port_number) || port_number <= 0 || port_number > 65535) {
    return absl::InvalidArgumentError(absl::StrCat("bad target port: ", target_host_port_));
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* resolved = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &resolved); rc != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot resolve ", target_host_port_, ": ", ::gai_strerror(rc)));
  }
  std::memcpy(&target_addr_, resolved->ai_addr, resolved->ai_addrlen);
  target_addr_len_ = resolved->ai_addrlen;
  ::freeaddrinfo(resolved);

  // Non-blocking so that a client that gives up between poll() and accept()
  // cannot block the loop that also watches for stop.
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (listen_fd_ < 0) return ErrnoStatus("socket");
  int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(listen_port_));
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) < 0) {
    return ErrnoStatus("bind");
  }
  socklen_t len = sizeof(addr);
  if (::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) < 0) {
    return ErrnoStatus("getsockname");
  }
  if (::listen(listen_fd_, 64) < 0) return ErrnoStatus("listen");

  stop_fd_ = ::eventfd(0, EFD_CLOEXEC);
  reap_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd_ < 0 || reap_fd_ < 0) return ErrnoStatus("eventfd");

  port_ = ntohs(addr.sin_port);
  accept_thread_ = std::thread([this] { AcceptLoop(); });
  return absl::OkStatus();
}

int LinkProxy::port() const { return port_.load(); }

std::string LinkProxy::address() const { return absl::StrCat("127.0.0.1:", port()); }

void LinkProxy::SetDelay(absl::Duration min, absl::Duration max) {
  min = std::max(min, absl::ZeroDuration());
  max = std::max(max, absl::ZeroDuration());
  std::lock_guard lock(delay_mu_);
  delay_min_ = std::min(min, max);
  delay_max_ = max;
}

void LinkProxy::Cut() {
  std::lock_guard lock(mu_);
  mode_ = Mode::kCut;
  for (auto& conn : connections_) conn->Teardown();
}

void LinkProxy::Blackhole() {
  std::lock_guard lock(mu_);
  mode_ = Mode::kBlackhole;
}

void LinkProxy::Heal() {
  std::lock_guard lock(mu_);
  if (mode_ == Mode::kBlackhole) {
    for (auto& conn : connections_) conn->Teardown();
  }
  mode_ = Mode::kNormal;
}

int64_t LinkProxy::connections_accepted() const { return connections_accepted_.load(); }

int64_t LinkProxy::bytes_relayed() const { return bytes_relayed_.load(); }

void LinkProxy::Stop() {
  if (!accept_thread_.joinable()) {
    for (int fd : {listen_fd_, stop_fd_, reap_fd_}) {
      if (fd >= 0) ::close(fd);
    }
    return;
  }
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  Signal(stop_fd_);
  accept_thread_.join();

  std::list<std::unique_ptr<Connection>> remaining;
  {
    std::lock_guard lock(mu_);
    for (auto& conn : connections_) conn->Teardown();
    remaining.swap(connections_);
  }
  for (auto& conn : remaining) {
    for (auto& thread : conn->threads) thread.join();
    ::close(conn->client_fd);
    if (conn->target_fd >= 0) ::close(conn->target_fd);
  }
  ::close(listen_fd_);
  ::close(stop_fd_);
  ::close(reap_fd_);
}

void LinkProxy::AcceptLoop() {
  while (true) {
    pollfd fds[3] = {{listen_fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}, {reap_fd_, POLLIN, 0}};
    if (::poll(fds, 3, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (fds[1].revents != 0) return;
    if (fds[2].revents != 0) {
      uint64_t count = 0;
      while (::read(reap_fd_, &count, sizeof(count)) < 0 && errno == EINTR) {
      }
      ReapFinished();
    }
    if (fds[0].revents == 0) continue;
    int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR || errno == ECONNABORTED) {
        continue;
      }
      // Out of descriptors or similar: the listener stays readable, so back
      // off instead of spinning on poll().
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      continue;
    }
    HandleAccepted(fd);
  }
}

void LinkProxy::HandleAccepted(int client_fd) {
  ++connections_accepted_;
  SetNoDelay(client_fd);
  // Connect outside the lock: Cut() and Heal() must not wait on the target.
  int target_fd = -1;
  if (mode_.load() == Mode::kNormal) {
    target_fd = ConnectToTarget();
    if (target_fd < 0) {
      CloseWithReset(client_fd);
      return;
    }
  }

  std::lock_guard lock(mu_);
  const Mode mode = mode_.load();
  // A connection accepted while blackholed has no target; if the link healed
  // meanwhile it cannot relay, so it is reset and the client reconnects.
  if (stopping_ || mode == Mode::kCut || (target_fd < 0 && mode != Mode::kBlackhole)) {
    CloseWithReset(client_fd);
    if (target_fd >= 0) CloseWithReset(target_fd);
    return;
  }
  auto conn = std::make_unique<Connection>();
  Connection& c = *conn;
  c.client_fd = client_fd;
  c.target_fd = target_fd;
  if (target_fd < 0) {
    c.live_threads = 1;
    c.threads.emplace_back([this, &c] { RunSink(c); });
  } else {
    c.up.src = client_fd;
    c.up.dst = target_fd;
    c.down.src = target_fd;
    c.down.dst = client_fd;
    c.live_threads = 4;
    c.threads.emplace_back([this, &c] { RunReader(c, c.up); });
    c.threads.emplace_back([this, &c] { RunWriter(c, c.up); });
    c.threads.emplace_back([this, &c] { RunReader(c, c.down); });
    c.threads.emplace_back([this, &c] { RunWriter(c, c.down); });
  }
  connections_.push_back(std::move(conn));
}

int LinkProxy::ConnectToTarget() {
  int fd = ::socket(target_addr_.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) return -1;
  // Non-blocking connect so that Stop() can abort a connect to a target that
  // does not answer instead of waiting for the kernel's timeout.
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&target_addr_), target_addr_len_) < 0) {
    if (errno != EINPROGRESS && errno != EINTR) {
      ::close(fd);
      return -1;
    }
    const auto deadline = Clock::now() + std::chrono::milliseconds(kConnectTimeoutMs);
    while (true) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      pollfd fds[2] = {{fd, POLLOUT, 0}, {stop_fd_, POLLIN, 0}};
      const int rc = ::poll(fds, 2, static_cast<int>(std::max<int64_t>(left, 0)));
      if (rc < 0 && errno == EINTR) continue;
      if (rc <= 0 || fds[1].revents != 0) {
        ::close(fd);
        return -1;
      }
      break;
    }
    int error = 0;
    socklen_t len = sizeof(error);
    if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) < 0 || error != 0) {
      ::close(fd);
      return -1;
    }
  }
  // The relay threads block in recv/send; only Teardown's shutdown wakes them.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  SetNoDelay(fd);
  return fd;
}

absl::Duration LinkProxy::DrawDelay() {
  std::lock_guard lock(delay_mu_);
  if (delay_max_ <= absl::ZeroDuration()) return absl::ZeroDuration();
  std::uniform_int_distribution<int64_t> nanos(absl::ToInt64Nanoseconds(delay_min_),
                                               absl::ToInt64Nanoseconds(delay_max_));
  return absl::Nanoseconds(nanos(rng_));
}

void LinkProxy::RunReader(Connection& conn, Pipe& pipe) {
  std::vector<char> buffer(kReadChunk);
  while (true) {
    const ssize_t n = ::recv(pipe.src, buffer.data(), buffer.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      // A reset on one side resets the whole relayed connection, as it would
      // without the proxy in between.
      conn.Teardown();
      break;
    }
    // A partition drops the FIN as well as the data.
    if (mode_.load() == Mode::kBlackhole) {
      if (n == 0) break;
      continue;
    }
    const auto now = Clock::now();
    const auto delay = absl::ToChronoNanoseconds(DrawDelay());
    Pipe::Chunk chunk;
    chunk.eof = n == 0;
    chunk.bytes.assign(buffer.data(), static_cast<size_t>(n));
    {
      // The due time is never earlier than the previous chunk's: a shorter
      // jittered delay must not reorder the byte stream.
      std::lock_guard lock(pipe.mu);
      chunk.due = std::max(pipe.last_due, now + delay);
      pipe.last_due = chunk.due;
    }
    pipe.Push(std::move(chunk));
    if (n == 0) break;
  }
  ThreadDone(conn);
}

void LinkProxy::RunWriter(Connection& conn, Pipe& pipe) {
  while (true) {
    Pipe::Chunk chunk;
    {
      std::unique_lock lock(pipe.mu);
      pipe.cv.wait(lock, [&] { return pipe.aborted || !pipe.queue.empty(); });
      // Only this thread pops, so the front stays the same while waiting.
      while (!pipe.aborted && Clock::now() < pipe.queue.front().due) {
        pipe.cv.wait_until(lock, pipe.queue.front().due);
      }
      if (pipe.aborted) break;
      chunk = std::move(pipe.queue.front());
      pipe.queue.pop_front();
    }
    // Bytes (and a FIN) queued before Blackhole() are lost in the partition too.
    if (mode_.load() == Mode::kBlackhole) {
      if (chunk.eof) break;
      continue;
    }
    if (chunk.eof) {
      // Half-close: the other direction keeps flowing until its own EOF.
      ::shutdown(pipe.dst, SHUT_WR);
      break;
    }
    if (!SendAll(pipe.dst, chunk.bytes.data(), chunk.bytes.size())) {
      conn.Teardown();
      break;
    }
    bytes_relayed_ += static_cast<int64_t>(chunk.bytes.size());
  }
  ThreadDone(conn);
}

void LinkProxy::RunSink(Connection& conn) {
  std::vector<char> buffer(kReadChunk);
  while (true) {
    const ssize_t n = ::recv(conn.client_fd, buffer.data(), buffer.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
  }
  conn.Teardown();
  ThreadDone(conn);
}

void LinkProxy::ThreadDone(Connection& conn) {
  if (--conn.live_threads == 0) Signal(reap_fd_);
}

void LinkProxy::ReapFinished() {
  std::list<std::unique_ptr<Connection>> finished;
  {
    std::lock_guard lock(mu_);
    for (auto it = connections_.begin(); it != connections_.end();) {
      auto next = std::next(it);
      if ((*it)->live_threads.load() == 0) finished.splice(finished.end(), connections_, it);
      it = next;
    }
  }
  for (auto& conn : finished) {
    for (auto& thread : conn->threads) thread.join();
    ::close(conn->client_fd);
    if (conn->target_fd >= 0) ::close(conn->target_fd);
  }
}

}  // namespace oms::testing
