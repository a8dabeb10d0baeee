#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace oms::testing {

// A small SMTP server for the test: accepts one session at a time, refuses
// recipients at refused.example with 550, keeps each message's data.
class SmtpSink {
 public:
  SmtpSink() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int one = 1;
    ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
    socklen_t len = sizeof(addr);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    ::listen(fd_, 8);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SmtpSink() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::string url() const { return absl::StrCat("smtp://127.0.0.1:", port_); }
  // Waits until at least `n` messages arrived; false after `timeout`.
  bool AwaitMessages(size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return arrived_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
  }
  std::vector<std::string> messages() {
    std::lock_guard lock(mu_);
    return messages_;
  }
  std::vector<std::string> recipients() {
    std::lock_guard lock(mu_);
    return recipients_;
  }

 private:
  void Serve() {
    while (!stop_) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      Session(client);
      ::close(client);
    }
  }
  static void Say(int fd, const std::string& line) {
    const std::string out = line + "\r\n";
    (void)!::write(fd, out.data(), out.size());
  }
  void Session(int fd) {
    Say(fd, "220 sink ESMTP");
    std::string buffer;
    bool in_data = false;
    char chunk[4096];
    while (true) {
      const ssize_t n = ::read(fd, chunk, sizeof(chunk));
      if (n <= 0) return;
      buffer.append(chunk, static_cast<size_t>(n));
      while (true) {
        if (in_data) {
          const size_t end = buffer.find("\r\n.\r\n");
          if (end == std::string::npos) break;
          {
            std::lock_guard lock(mu_);
            messages_.push_back(buffer.substr(0, end + 2));
          }
          arrived_.notify_all();
          buffer.erase(0, end + 5);
          in_data = false;
          Say(fd, "250 queued");
          continue;
        }
        const size_t eol = buffer.find("\r\n");
        if (eol == std::string::npos) break;
        const std::string line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        if (absl::StartsWithIgnoreCase(line, "EHLO") || absl::StartsWithIgnoreCase(line, "HELO")) {
          Say(fd, "250 sink");
        } else if (absl::StartsWithIgnoreCase(line, "MAIL FROM")) {
          Say(fd, "250 ok");
        } else if (absl::StartsWithIgnoreCase(line, "RCPT TO")) {
          if (absl::StrContains(line, "@refused.example")) {
            Say(fd, "550 no such user");
          } else {
            std::lock_guard lock(mu_);
            recipients_.push_back(line);
            Say(fd, "250 ok");
          }
        } else if (absl::StartsWithIgnoreCase(line, "DATA")) {
          in_data = true;
          Say(fd, "354 go ahead");
        } else if (absl::StartsWithIgnoreCase(line, "QUIT")) {
          Say(fd, "221 bye");
          return;
        } else {
          Say(fd, "250 ok");
        }
      }
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable arrived_;
  std::vector<std::string> messages_;
  std::vector<std::string> recipients_;
};

}  // namespace oms::testing
