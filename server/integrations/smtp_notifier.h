#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/time/time.h"
#include "server/application/notifier.h"

namespace oms::integrations {

struct SmtpSettings {
  std::string url = "smtp://127.0.0.1:25";  // smtp:// or smtps://host:port
  std::string from = "orders@oms.example";
  std::string username;  // empty: no login
  std::string password;
  absl::Duration timeout = absl::Seconds(10);
};

// E-mails customer notifications through an SMTP server (a local MTA or the
// merchant's provider) with libcurl. One message per Send, plain text
// UTF-8, Message-ID from the notification's key so a resend is recognisable.
// Send only queues: one thread of the notifier's own talks to the server
// (each exchange at most `timeout`) and calls `done` there, so no caller
// ever waits for a mail server. A 5xx answer of the server is
// FAILED_PRECONDITION (sending again cannot help); a 4xx, a refused
// connection or a broken one is UNAVAILABLE; no answer in time is
// DEADLINE_EXCEEDED; a customer without an e-mail address is OK (nothing to
// send); messages still queued at destruction are CANCELLED. Thread-safe.
class SmtpNotifier : public application::Notifier {
 public:
  explicit SmtpNotifier(SmtpSettings settings);
  ~SmtpNotifier() override;
  std::string name() const override { return "smtp"; }
  void Send(const application::CustomerNotification& notification,
            std::function<void(absl::Status)> done) override;

  // The RFC 5322 message Send transmits (tests, logs).
  std::string Message(const application::CustomerNotification& notification, absl::Time now) const;

 private:
  struct Queued {
    application::CustomerNotification notification;
    std::function<void(absl::Status)> done;
  };
  void Run();
  absl::Status Transmit(const application::CustomerNotification& notification) const;

  const SmtpSettings settings_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;  // guarded by mu_
  bool stopping_ = false;     // guarded by mu_
  std::thread worker_;
};

}  // namespace oms::integrations
