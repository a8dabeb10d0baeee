#include "partners/callback_sender.h"

#include <httplib.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/sha256.h"

namespace oms::partners {
namespace {

using Outcome = CallbackAttempt::Outcome;

// httplib's client takes scheme://host:port; a base URL may also carry a
// path prefix, which goes in front of every path.
std::pair<std::string, std::string> SplitBaseUrl(const std::string& base_url) {
  const size_t scheme_end = base_url.find("://");
  const size_t path_start =
      base_url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
  if (path_start == std::string::npos) return {base_url, ""};
  std::string prefix = base_url.substr(path_start);
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  return {base_url.substr(0, path_start), prefix};
}

bool Retryable(int status) {
  return status == 0 || status == 409 || status == 429 || status >= 500;
}

absl::Duration Backoff(const CallbackRetry& retry, int attempts_made) {
  absl::Duration wait = retry.initial_backoff;
  for (int i = 1; i < attempts_made && wait < retry.max_backoff; ++i) wait *= 2;
  return std::min(wait, retry.max_backoff);
}

}  // namespace

absl::Status ValidateCallbackRetry(const CallbackRetry& r) {
  if (r.max_attempts < 1) {
    return absl::InvalidArgumentError("max_attempts must be at least 1 (the first post)");
  }
  if (r.initial_backoff < absl::ZeroDuration() || r.max_backoff < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("backoffs must not be negative");
  }
  if (r.timeout <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("the callback timeout must be positive");
  }
  return absl::OkStatus();
}

const char* CallbackAttempt::OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAccepted: return "accepted";
    case Outcome::kRetrying: return "retrying";
    case Outcome::kGaveUp: return "gave_up";
    case Outcome::kRefused: return "refused";
  }
  return "?";
}

CallbackSender::CallbackSender(Resolver resolver, std::function<CallbackRetry()> retry)
    : resolver_(std::move(resolver)), retry_(std::move(retry)), thread_([this] { Run(); }) {}

CallbackSender::~CallbackSender() { Stop(); }

void CallbackSender::Enqueue(OutboundCallback callback, absl::Time due) {
  absl::MutexLock lock(&mu_);
  if (stopping_) return;
  queue_.emplace(std::make_pair(due, next_number_++), Pending{std::move(callback), 0});
  wake_ = true;
}

void CallbackSender::Clear() {
  absl::MutexLock lock(&mu_);
  queue_.clear();
  attempts_.clear();
  const int64_t in_flight = counters_.in_flight;
  counters_ = CallbackCounters{};
  counters_.in_flight = in_flight;
  ++generation_;
  wake_ = true;
}

void CallbackSender::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    queue_.clear();
    wake_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

std::vector<CallbackAttempt> CallbackSender::attempts() const {
  absl::MutexLock lock(&mu_);
  return attempts_;
}

CallbackCounters CallbackSender::counters() const {
  absl::MutexLock lock(&mu_);
  CallbackCounters c = counters_;
  c.pending = static_cast<int64_t>(queue_.size());
  return c;
}

bool CallbackSender::AwaitAttempts(
    const std::function<bool(const std::vector<CallbackAttempt>&)>& reached,
    absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  struct Check {
    const std::function<bool(const std::vector<CallbackAttempt>&)>* reached;
    const std::vector<CallbackAttempt>* attempts;
    bool operator()() const { return (*reached)(*attempts); }
  } check{&reached, &attempts_};
  return mu_.AwaitWithTimeout(absl::Condition(&check), timeout);
}

bool CallbackSender::AwaitIdle(absl::Duration timeout) const {
  absl::MutexLock lock(&mu_);
  struct Check {
    const CallbackSender* sender;
    bool operator()() const ABSL_NO_THREAD_SAFETY_ANALYSIS {
      return sender->queue_.empty() && sender->counters_.in_flight == 0;
    }
  } check{this};
  return mu_.AwaitWithTimeout(absl::Condition(&check), timeout);
}

void CallbackSender::Run() {
  mu_.Lock();
  while (!stopping_) {
    if (queue_.empty()) {
      mu_.Await(absl::Condition(&wake_));
      wake_ = false;
      continue;
    }
    auto first = queue_.begin();
    if (first->first.first > absl::Now()) {
      mu_.AwaitWithDeadline(absl::Condition(&wake_), first->first.first);
      wake_ = false;
      continue;
    }
    Pending pending = std::move(first->second);
    queue_.erase(first);
    const int64_t generation = generation_;
    const int attempt = ++pending.attempts_made;
    ++counters_.in_flight;
    mu_.Unlock();

    const CallbackRetry retry = retry_();
    CallbackAttempt made = Post(pending.callback, attempt, retry);

    mu_.Lock();
    --counters_.in_flight;
    if (generation != generation_ || stopping_) continue;  // cleared meanwhile: forget it
    ++counters_.posts;
    if (made.status >= 200 && made.status < 300) {
      made.outcome = Outcome::kAccepted;
      ++counters_.accepted;
    } else if (!Retryable(made.status)) {
      made.outcome = Outcome::kRefused;
      ++counters_.refused;
    } else if (attempt < retry.max_attempts) {
      made.outcome = Outcome::kRetrying;
      ++counters_.retries;
      queue_.emplace(std::make_pair(absl::Now() + Backoff(retry, attempt), next_number_++),
                     std::move(pending));
    } else {
      made.outcome = Outcome::kGaveUp;
      ++counters_.gave_up;
    }
    attempts_.push_back(std::move(made));
  }
  mu_.Unlock();
}

CallbackAttempt CallbackSender::Post(const OutboundCallback& callback, int attempt,
                                     const CallbackRetry& retry) const {
  CallbackAttempt made;
  made.callback = callback;
  made.attempt = attempt;
  made.sent_at = absl::Now();
  absl::StatusOr<CallbackEndpoint> endpoint = resolver_(callback.node_id);
  if (!endpoint.ok()) {
    made.reply = std::string(endpoint.status().message());
    return made;
  }
  const auto [origin, prefix] = SplitBaseUrl(endpoint->base_url);
  httplib::Client client(origin);
  const auto timeout = absl::ToChronoMicroseconds(retry.timeout);
  client.set_connection_timeout(timeout);
  client.set_read_timeout(timeout);
  client.set_write_timeout(timeout);
  const std::string path = prefix + callback.path;
  httplib::Result res =
      client.Post(path.c_str(), {{"X-Signature", HmacSha256Hex(endpoint->secret, callback.body)}},
                  callback.body, "application/json");
  if (!res) {
    made.reply = absl::StrCat("no reply from ", origin, ": ", httplib::to_string(res.error()));
    return made;
  }
  made.status = res->status;
  made.reply = res->body;
  return made;
}

}  // namespace oms::partners
