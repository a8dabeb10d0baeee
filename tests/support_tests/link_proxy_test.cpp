#include "tools/oms-link/link_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"

namespace oms::testing {
namespace {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

// The far side of the link: echoes every byte back and half-closes when the
// client does, so a test can see both directions and EOF going through.
class EchoServer {
 public:
  EchoServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(fd_, 16);
    accept_thread_ = std::thread([this] { Serve(); });
  }
  ~EchoServer() {
    // shutdown() on a listening socket wakes the blocked accept() on Linux.
    ::shutdown(fd_, SHUT_RDWR);
    accept_thread_.join();
    {
      std::lock_guard lock(mu_);
      for (int fd : clients_) ::shutdown(fd, SHUT_RDWR);
    }
    for (auto& thread : threads_) thread.join();
    for (int fd : clients_) ::close(fd);
    ::close(fd_);
  }
  std::string address() const { return absl::StrCat("127.0.0.1:", port_); }
  int connections() const { return connections_.load(); }

 private:
  void Serve() {
    while (true) {
      const int client = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        return;
      }
      ++connections_;
      std::lock_guard lock(mu_);
      clients_.push_back(client);
      threads_.emplace_back([client] { Echo(client); });
    }
  }
  static void Echo(int fd) {
    char buffer[16 * 1024];
    while (true) {
      const ssize_t n = ::recv(fd, buffer, sizeof(buffer), 0);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      for (ssize_t sent = 0; sent < n;) {
        const ssize_t w = ::send(fd, buffer + sent, static_cast<size_t>(n - sent), MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) return;
        sent += w;
      }
    }
    ::shutdown(fd, SHUT_WR);
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<int> connections_{0};
  std::thread accept_thread_;
  std::mutex mu_;
  std::vector<int> clients_;
  std::vector<std::thread> threads_;
};

class Socket {
 public:
  explicit Socket(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port));
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    SetRecvTimeout(milliseconds(5000));
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  int fd() const { return fd_; }
  bool connected() const { return connected_; }

  void SetRecvTimeout(milliseconds timeout) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  // Up to `n` bytes: fewer when the peer closes, errors or the timeout passes.
  std::string Receive(size_t n) {
    std::string out;
    char buffer[16 * 1024];
    while (out.size() < n) {
      const ssize_t got = ::recv(fd_, buffer, std::min(sizeof(buffer), n - out.size()), 0);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) break;
      out.append(buffer, static_cast<size_t>(got));
    }
    return out;
  }

  // One recv(): what the reader sees next.
  enum class Next { kData, kClosed, kTimeout };
  Next Peek() {
    char byte;
    while (true) {
      const ssize_t n = ::recv(fd_, &byte, 1, MSG_PEEK);
      if (n < 0 && errno == EINTR) continue;
      if (n > 0) return Next::kData;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return Next::kTimeout;
      return Next::kClosed;
    }
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

int64_t MillisSince(Clock::time_point start) {
  return std::chrono::duration_cast<milliseconds>(Clock::now() - start).count();
}

class LinkProxyTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(proxy_.Start().ok()); }

  // A write and its echo through the proxy.
  static bool RoundTrip(Socket& socket, const std::string& text) {
    return socket.Send(text) && socket.Receive(text.size()) == text;
  }

  EchoServer echo_;
  LinkProxy proxy_{echo_.address()};
};

TEST_F(LinkProxyTest, ListensOnLoopbackAddress) {
  EXPECT_GT(proxy_.port(), 0);
  EXPECT_EQ(proxy_.address(), absl::StrCat("127.0.0.1:", proxy_.port()));
  EXPECT_EQ(proxy_.Start().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(LinkProxyTest, RelaysBytesUnchangedBothWaysAndHalfClose) {
  constexpr size_t kSize = 1 << 20;
  std::string data(kSize, '\0');
  for (size_t i = 0; i < kSize; ++i) data[i] = static_cast<char>((i * 7 + i / 251) & 0xff);

  Socket client(proxy_.port());
  ASSERT_TRUE(client.connected());
  // The echo comes back while we still send: write from another thread so
  // neither side stalls on full socket buffers.
  std::thread writer([&] {
    EXPECT_TRUE(client.Send(data));
    ::shutdown(client.fd(), SHUT_WR);
  });
  const std::string echoed = client.Receive(kSize + 1);
  writer.join();

  ASSERT_EQ(echoed.size(), kSize);
  EXPECT_TRUE(echoed == data);
  // Receive() stopped at EOF: the half-close went to the server and back.
  EXPECT_EQ(proxy_.connections_accepted(), 1);
  EXPECT_EQ(proxy_.bytes_relayed(), static_cast<int64_t>(2 * kSize));
}

TEST_F(LinkProxyTest, DelayAppliesInEachDirection) {
  proxy_.SetDelay(absl::Milliseconds(100), absl::Milliseconds(100));
  Socket client(proxy_.port());
  ASSERT_TRUE(client.connected());

  const auto start = Clock::now();
  ASSERT_TRUE(RoundTrip(client, "ping"));
  const int64_t elapsed = MillisSince(start);
  EXPECT_GE(elapsed, 190);
  EXPECT_LT(elapsed, 3000);
}

TEST_F(LinkProxyTest, JitteredDelayKeepsByteOrder) {
  proxy_.SetDelay(absl::Milliseconds(50), absl::Milliseconds(150));
  Socket client(proxy_.port());
  ASSERT_TRUE(client.connected());

  constexpr uint32_t kChunks = 200;
  // Spaced out so the proxy reads them as separate chunks with their own
  // drawn delays, which would reorder them if due times were not monotonic.
  std::thread writer([&] {
    for (uint32_t i = 0; i < kChunks; ++i) {
      const uint32_t wire = htonl(i);
      ASSERT_TRUE(client.Send(std::string_view(reinterpret_cast<const char*>(&wire), 4)));
      std::this_thread::sleep_for(milliseconds(1));
    }
  });
  const std::string echoed = client.Receive(4 * kChunks);
  writer.join();

  ASSERT_EQ(echoed.size(), 4 * kChunks);
  for (uint32_t i = 0; i < kChunks; ++i) {
    uint32_t wire;
    std::memcpy(&wire, echoed.data() + 4 * i, 4);
    ASSERT_EQ(ntohl(wire), i) << "chunk " << i << " out of order";
  }
}

TEST_F(LinkProxyTest, CutClosesOpenConnectionsAndResetsNewOnesUntilHeal) {
  Socket client(proxy_.port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(RoundTrip(client, "before"));

  Socket::Next seen = Socket::Next::kData;
  Clock::time_point seen_at;
  std::thread reader([&] {
    seen = client.Peek();
    seen_at = Clock::now();
  });
  std::this_thread::sleep_for(milliseconds(100));
  const auto cut_at = Clock::now();
  proxy_.Cut();
  reader.join();
  EXPECT_EQ(seen, Socket::Next::kClosed);
  EXPECT_LT(std::chrono::duration_cast<milliseconds>(seen_at - cut_at).count(), 1000);

  // The kernel completes the handshake; the proxy then resets it.
  Socket during_cut(proxy_.port());
  during_cut.SetRecvTimeout(milliseconds(1000));
  const auto connected_at = Clock::now();
  EXPECT_EQ(during_cut.Peek(), Socket::Next::kClosed);
  EXPECT_LT(MillisSince(connected_at), 1000);

  proxy_.Heal();
  Socket after_heal(proxy_.port());
  ASSERT_TRUE(after_heal.connected());
  EXPECT_TRUE(RoundTrip(after_heal, "after"));
  EXPECT_EQ(proxy_.connections_accepted(), 3);
}

TEST_F(LinkProxyTest, BlackholeDropsBytesAndHealRestoresNewConnections) {
  Socket client(proxy_.port());
  ASSERT_TRUE(client.connected());
  ASSERT_TRUE(RoundTrip(client, "before"));

  proxy_.Blackhole();
  ASSERT_TRUE(client.Send("lost"));
  client.SetRecvTimeout(milliseconds(300));
  EXPECT_EQ(client.Peek(), Socket::Next::kTimeout);

  Socket during(proxy_.port());
  ASSERT_TRUE(during.connected());
  ASSERT_TRUE(during.Send("lost too"));
  during.SetRecvTimeout(milliseconds(300));
  EXPECT_EQ(during.Peek(), Socket::Next::kTimeout);
  // The target never hears of a connection made during the partition.
  EXPECT_EQ(echo_.connections(), 1);

  proxy_.Heal();
  // Connections that lost bytes are closed at Heal() (the peer noticed).
  client.SetRecvTimeout(milliseconds(1000));
  EXPECT_EQ(client.Peek(), Socket::Next::kClosed);
  during.SetRecvTimeout(milliseconds(1000));
  EXPECT_EQ(during.Peek(), Socket::Next::kClosed);

  Socket after_heal(proxy_.port());
  ASSERT_TRUE(after_heal.connected());
  EXPECT_TRUE(RoundTrip(after_heal, "back"));
}

TEST_F(LinkProxyTest, TargetDownClosesClientConnection) {
  // A port nobody listens on: bound, then released.
  int probe = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(probe, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  ::getsockname(probe, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(probe);

  LinkProxy proxy(absl::StrCat("127.0.0.1:", ntohs(addr.sin_port)));
  ASSERT_TRUE(proxy.Start().ok());
  Socket client(proxy.port());
  client.SetRecvTimeout(milliseconds(1000));
  EXPECT_EQ(client.Peek(), Socket::Next::kClosed);
}

TEST(LinkProxyStartTest, RejectsBadTarget) {
  EXPECT_EQ(LinkProxy("no-port").Start().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LinkProxy("127.0.0.1:http").Start().code(), absl::StatusCode::kInvalidArgument);
}

TEST(LinkProxyStopTest, DestructorWithOpenConnectionsReturnsPromptly) {
  EchoServer echo;
  auto proxy = std::make_unique<LinkProxy>(echo.address());
  ASSERT_TRUE(proxy->Start().ok());
  Socket first(proxy->port());
  Socket second(proxy->port());
  ASSERT_TRUE(first.Send("a") && first.Receive(1) == "a");
  ASSERT_TRUE(second.Send("b") && second.Receive(1) == "b");

  // Bytes held back by the delay must not hold up the destructor.
  proxy->SetDelay(absl::Seconds(5), absl::Seconds(5));
  ASSERT_TRUE(first.Send("held"));
  ASSERT_TRUE(second.Send("held"));
  std::this_thread::sleep_for(milliseconds(50));

  const auto start = Clock::now();
  proxy.reset();
  EXPECT_LT(MillisSince(start), 1000);

  first.SetRecvTimeout(milliseconds(1000));
  EXPECT_EQ(first.Peek(), Socket::Next::kClosed);
  second.SetRecvTimeout(milliseconds(1000));
  EXPECT_EQ(second.Peek(), Socket::Next::kClosed);
}

}  // namespace
}  // namespace oms::testing
