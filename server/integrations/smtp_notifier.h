#pragma once

#include <string>

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
// Send blocks for at most `timeout` and calls `done` on the caller's thread
// before it returns: call it from a delivery worker, never from a request
// thread. A 5xx answer of the server is FAILED_PRECONDITION (sending again
// cannot help); a 4xx, a refused connection or a broken one is UNAVAILABLE;
// no answer in time is DEADLINE_EXCEEDED. Thread-safe.
class SmtpNotifier : public application::Notifier {
 public:
  explicit SmtpNotifier(SmtpSettings settings);
  std::string name() const override { return "smtp"; }
  void Send(const application::CustomerNotification& notification,
            std::function<void(absl::Status)> done) override;

  // The RFC 5322 message Send transmits (tests, logs).
  std::string Message(const application::CustomerNotification& notification, absl::Time now) const;

 private:
  SmtpSettings settings_;
};

}  // namespace oms::integrations
