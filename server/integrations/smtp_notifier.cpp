#include "server/integrations/smtp_notifier.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/time/clock.h"

namespace oms::integrations {
namespace {

struct Upload {
  const std::string* text;
  size_t sent = 0;
};

size_t ReadBody(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t left = upload->text->size() - upload->sent;
  const size_t n = std::min(left, size * count);
  std::memcpy(buffer, upload->text->data() + upload->sent, n);
  upload->sent += n;
  return n;
}

// Header values never carry a line break (no header injection).
std::string OneLine(const std::string& s) {
  return absl::StrReplaceAll(s, {{"\r", " "}, {"\n", " "}});
}

}  // namespace

SmtpNotifier::SmtpNotifier(SmtpSettings settings)
    : settings_(std::move(settings)), worker_([this] { Run(); }) {}

SmtpNotifier::~SmtpNotifier() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

void SmtpNotifier::Send(const application::CustomerNotification& n,
                        std::function<void(absl::Status)> done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      queue_.push_back({n, std::move(done)});
      wake_.notify_one();
      return;
    }
  }
  done(absl::CancelledError("the SMTP notifier is shutting down"));
}

void SmtpNotifier::Run() {
  std::unique_lock lock(mu_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (stopping_) break;
    Queued next = std::move(queue_.front());
    queue_.pop_front();
    lock.unlock();
    next.done(Transmit(next.notification));
    lock.lock();
  }
  std::deque<Queued> left = std::move(queue_);
  lock.unlock();
  for (Queued& q : left) q.done(absl::CancelledError("the SMTP notifier is shutting down"));
}

std::string SmtpNotifier::Message(const application::CustomerNotification& n,
                                  absl::Time now) const {
  const std::string to =
      n.to_name.empty() ? absl::StrCat("<", OneLine(n.to_email), ">")
                        : absl::StrCat("\"", OneLine(absl::StrReplaceAll(n.to_name, {{"\"", "'"}})),
                                       "\" <", OneLine(n.to_email), ">");
  std::string body = absl::StrReplaceAll(n.text, {{"\r\n", "\n"}});
  body = absl::StrReplaceAll(body, {{"\n", "\r\n"}});
  // A line holding a single dot would end the message: libcurl doubles
  // leading dots on the wire, so the text is sent as written.
  return absl::StrCat(
      "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", now, absl::UTCTimeZone()), "\r\n",
      "From: <", OneLine(settings_.from), ">\r\n", "To: ", to, "\r\n",
      "Subject: ", OneLine(n.subject), "\r\n", "Message-ID: <", OneLine(n.key), ".",
      OneLine(n.kind), "@oms>\r\n", "X-OMS-Order: ", OneLine(n.order_number), "\r\n",
      "MIME-Version: 1.0\r\n", "Content-Type: text/plain; charset=utf-8\r\n",
      "Content-Transfer-Encoding: 8bit\r\n", "\r\n", body,
      absl::EndsWith(body, "\r\n") ? "" : "\r\n");
}

absl::Status SmtpNotifier::Transmit(const application::CustomerNotification& n) const {
  if (n.to_email.empty()) return absl::OkStatus();  // nobody to write to
  if (n.to_email.find('@') == std::string::npos) {
    return absl::FailedPreconditionError(absl::StrCat("order ", n.order_number,
                                                      ": the customer's e-mail address '",
                                                      n.to_email, "' cannot be written to"));
  }
  const std::string message = Message(n, absl::Now());
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return absl::InternalError("curl_easy_init failed");
  curl_slist* recipients = curl_slist_append(nullptr, absl::StrCat("<", n.to_email, ">").c_str());
  Upload upload{&message};
  const std::string from = absl::StrCat("<", settings_.from, ">");
  curl_easy_setopt(curl, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, &ReadBody);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(settings_.timeout)));
  if (!settings_.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  const CURLcode rc = curl_easy_perform(curl);
  long reply = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (rc == CURLE_OK) return absl::OkStatus();
  const std::string why = absl::StrCat("SMTP ", settings_.url, ": ", curl_easy_strerror(rc),
                                       reply > 0 ? absl::StrCat(" (server said ", reply, ")") : "");
  if (reply >= 500) return absl::FailedPreconditionError(why);
  if (rc == CURLE_OPERATION_TIMEDOUT) return absl::DeadlineExceededError(why);
  if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
    return absl::InvalidArgumentError(why);
  }
  return absl::UnavailableError(why);
}

}  // namespace oms::integrations
