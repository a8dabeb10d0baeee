#include "server/integrations/region_follower.h"

#include <grpcpp/grpcpp.h>

#include <random>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "oms/v1/region_service.grpc.pb.h"
#include "server/application/backoff.h"
#include "server/observability/metrics.h"
#include "spdlog/spdlog.h"

namespace oms::integrations {
namespace {

absl::Time FromProtoTime(const google::protobuf::Timestamp& t) {
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

application::StoredEvent FromProto(const v1::OrderEvent& in) {
  application::StoredEvent e;
  e.sequence = in.sequence();
  e.event_id = in.event_id();
  e.origin_region = in.origin_region();
  e.aggregate_type = in.aggregate_type();
  e.aggregate_id = in.aggregate_id();
  e.aggregate_version = in.aggregate_version();
  e.event_type = in.event_type();
  e.occurred_at = FromProtoTime(in.occurred_at());
  e.principal_id = in.principal();
  e.trace_id = in.trace_id();
  e.summary = in.summary();
  e.payload_json = in.payload_json();
  e.method = in.method();
  e.request_id = in.request_id();
  return e;
}

}  // namespace

RegionFollower::RegionFollower(Settings settings, application::ReplicaStore& store,
                               const Clock& clock)
    : settings_(std::move(settings)), store_(store), clock_(clock) {}

RegionFollower::~RegionFollower() { Stop(); }

absl::Status RegionFollower::Start() {
  absl::StatusOr<int64_t> applied = store_.AppliedThrough(settings_.peer_region);
  if (!applied.ok()) return applied.status();
  {
    std::lock_guard lock(mu_);
    applied_ = *applied;
    PublishLocked(clock_.Now());
  }
  reader_ = std::thread([this] { Run(); });
  watchdog_ = std::thread([this] { Watchdog(); });
  return absl::OkStatus();
}

void RegionFollower::Stop() {
  {
    std::lock_guard lock(mu_);
    if (stopping_ && !reader_.joinable()) return;
    stopping_ = true;
    if (context_) context_->TryCancel();
  }
  cv_.notify_all();
  if (reader_.joinable()) reader_.join();
  if (watchdog_.joinable()) watchdog_.join();
  // Applies still queued at the writer call back into this object.
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return in_flight_ == 0; });
}

application::PeerReplicaStatus RegionFollower::Status() const {
  std::lock_guard lock(mu_);
  return StatusLocked();
}

application::PeerReplicaStatus RegionFollower::StatusLocked() const {
  application::PeerReplicaStatus s;
  s.region = settings_.peer_region;
  s.address = settings_.peer_address;
  s.connected = connected_;
  s.applied_sequence = ThroughLocked();
  s.peer_head_sequence = std::max(peer_head_, s.applied_sequence);
  s.caught_up_at = caught_up_at_;
  s.last_applied_at = last_applied_at_;
  s.last_error = last_error_;
  return s;
}

void RegionFollower::Run() {
  std::mt19937_64 random(std::random_device{}());
  int failures = 0;
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
    }
    const absl::Status ended = FollowOnce();
    std::unique_lock lock(mu_);
    connected_ = false;
    context_.reset();
    if (stopping_) return;
    last_error_ = std::string(ended.message());
    PublishLocked(clock_.Now());
    // Before reconnecting, every apply of the old stream has answered, so
    // the next stream starts from a cursor no late apply will move.
    cv_.wait(lock, [this] { return in_flight_ == 0 || stopping_; });
    if (stopping_) return;
    ++failures;
    const absl::Duration wait = application::JitteredBackoff(
        settings_.backoff_initial, settings_.backoff_max, failures, random);
    spdlog::warn("region {}: replication from {} ended ({}); reconnecting in {} ms",
                 settings_.local_region, settings_.peer_region, std::string(ended.message()),
                 absl::ToInt64Milliseconds(wait));
    cv_.wait_for(lock, absl::ToChronoMilliseconds(wait), [this] { return stopping_; });
    if (stopping_) return;
    if (ended.code() == absl::StatusCode::kOk) failures = 0;
  }
}

absl::Status RegionFollower::FollowOnce() {
  grpc::ChannelArguments args;
  // A fresh connection per attempt: after a partition the old one may be
  // half-dead, and gRPC would wait for its own timeouts.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  // An event carries its order's whole snapshot, which can pass gRPC's 4 MB
  // default (an order with hundreds of notes); a message refused here would
  // stop replication from this peer for good.
  args.SetMaxReceiveMessageSize(-1);
  auto channel = grpc::CreateCustomChannel(settings_.peer_address,
                                           grpc::InsecureChannelCredentials(), args);
  auto stub = v1::ReplicationService::NewStub(channel);
  auto context = std::make_shared<grpc::ClientContext>();
  context->AddMetadata("authorization", "Bearer " + settings_.credential);
  int64_t after = 0;
  {
    std::lock_guard lock(mu_);
    if (stopping_) return absl::CancelledError("stopping");
    apply_failed_ = false;
    after = applied_;
    last_mark_ = 0;
    context_ = context;
    last_heard_ = clock_.Now();
  }
  v1::StreamEventsRequest request;
  request.set_after_sequence(after);
  request.set_follower_region(settings_.local_region);
  std::unique_ptr<grpc::ClientReader<v1::ReplicationMessage>> reader =
      stub->StreamEvents(context.get(), request);
  v1::ReplicationMessage message;
  while (reader->Read(&message)) {
    const absl::Time now = clock_.Now();
    std::unique_lock lock(mu_);
    if (apply_failed_) {
      context->TryCancel();
      break;
    }
    if (!connected_) last_error_.clear();  // what broke the last stream is mended
    connected_ = true;
    last_heard_ = now;
    peer_head_ = std::max(peer_head_, message.head_sequence());
    if (!message.has_event()) {
      last_mark_ = std::max(last_mark_, message.sequence());
      NoteProgressLocked(now);
      continue;
    }
    // Back-pressure: the writer, not the network, sets the pace.
    cv_.wait(lock, [this] { return in_flight_ < settings_.max_in_flight || stopping_; });
    if (stopping_) break;
    ++in_flight_;
    lock.unlock();
    const int64_t event_sequence = message.sequence();
    std::vector<application::StoredEvent> events;
    events.push_back(FromProto(message.event()));
    events.back().sequence = event_sequence;
    store_.Apply(settings_.peer_region, after, std::move(events),
                 [this](absl::StatusOr<int64_t> through) {
                   if (through.ok()) {
                     Applied(*through);
                   } else {
                     ApplyFailed(through.status());
                   }
                 });
    after = event_sequence;
  }
  grpc::Status status = reader->Finish();
  std::lock_guard lock(mu_);
  if (apply_failed_) return absl::InternalError(last_error_);
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.ok() ? "the peer ended the stream" : status.error_message());
}

void RegionFollower::Applied(int64_t through) {
  const absl::Time now = clock_.Now();
  {
    std::lock_guard lock(mu_);
    --in_flight_;
    const int64_t before = applied_;
    applied_ = std::max(applied_, through);
    if (applied_ > before) {
      last_applied_at_ = now;
      observability::ProcessMetrics().RecordReplicationApplied(
          settings_.local_region, settings_.peer_region, 1);
    }
    NoteProgressLocked(now);
  }
  cv_.notify_all();
}

void RegionFollower::ApplyFailed(const absl::Status& status) {
  {
    std::lock_guard lock(mu_);
    --in_flight_;
    if (!apply_failed_) {
      spdlog::error("region {}: applying {}'s events failed: {}", settings_.local_region,
                    settings_.peer_region, status.ToString());
    }
    apply_failed_ = true;
    last_error_ = absl::StrCat("applying failed: ", status.message());
    if (context_) context_->TryCancel();
  }
  cv_.notify_all();
}

void RegionFollower::Watchdog() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; });
    if (stopping_) return;
    const absl::Time now = clock_.Now();
    if (context_ && now - last_heard_ > settings_.silence_timeout) {
      spdlog::warn("region {}: nothing from {} for {} s; reopening the stream",
                   settings_.local_region, settings_.peer_region,
                   absl::ToInt64Seconds(now - last_heard_));
      last_error_ = absl::StrCat("no word from ", settings_.peer_region, " for ",
                                 absl::FormatDuration(settings_.silence_timeout));
      connected_ = false;
      context_->TryCancel();
      context_.reset();
    }
    PublishLocked(now);
  }
}

int64_t RegionFollower::ThroughLocked() const {
  // A mark says everything up to it was sent; once every apply answered,
  // everything sent is applied.
  return in_flight_ == 0 && !apply_failed_ ? std::max(applied_, last_mark_) : applied_;
}

void RegionFollower::NoteProgressLocked(absl::Time now) {
  if (connected_ && in_flight_ == 0 && ThroughLocked() >= peer_head_) caught_up_at_ = now;
}

void RegionFollower::PublishLocked(absl::Time now) const {
  const application::PeerReplicaStatus status = StatusLocked();
  observability::ProcessMetrics().SetReplicationLag(settings_.local_region,
                                                    settings_.peer_region, status.lag_events(),
                                                    status.lag_seconds(now), connected_);
}

}  // namespace oms::integrations
