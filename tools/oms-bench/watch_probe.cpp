#include "tools/oms-bench/watch_probe.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace oms::bench {

WatchProbe::WatchProbe(BenchClient& client, std::string sku, std::string node_id,
                       absl::Duration period)
    : client_(client), sku_(std::move(sku)), node_id_(std::move(node_id)), period_(period) {}

WatchProbe::~WatchProbe() { Stop(); }

absl::Status WatchProbe::Start() {
  stream_context_ = std::make_unique<grpc::ClientContext>();
  stream_context_->AddMetadata("authorization", "Bearer " + client_.tokens().agent);
  reader_ = std::thread([this] { Read(); });
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  while (!ready_ && absl::Now() < deadline) absl::SleepFor(absl::Milliseconds(5));
  if (!ready_) return absl::DeadlineExceededError("WatchInventory sent no first mark in 10 s");
  adjuster_ = std::thread([this] { Adjust(); });
  return absl::OkStatus();
}

void WatchProbe::Read() {
  v1::WatchInventoryRequest request;
  request.set_sku(sku_);
  request.set_node_id(node_id_);
  request.add_event_types("StockAdjusted");
  auto reader = client_.inventory(0).WatchInventory(stream_context_.get(), request);
  v1::WatchInventoryResponse message;
  while (reader->Read(&message)) {
    ready_ = true;
    if (!message.has_change()) continue;
    const absl::Time now = absl::Now();
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sent_.find(message.change().reason());
    if (it == sent_.end()) continue;
    latencies_ms_.push_back(absl::ToDoubleMilliseconds(now - it->second));
    sent_.erase(it);
  }
  reader->Finish();
}

void WatchProbe::Adjust() {
  for (int64_t k = 0; !stop_; ++k) {
    const std::string reason = absl::StrCat("oms-bench watch probe ", k);
    v1::AdjustStockRequest request;
    request.set_request_id(absl::StrCat("probe-", absl::ToUnixNanos(absl::Now()), "-", k));
    request.set_sku(sku_);
    request.set_node_id(node_id_);
    request.set_kind(v1::ADJUSTMENT_KIND_RECEIVE);
    request.set_quantity(1);
    request.set_reason(reason);
    {
      std::lock_guard<std::mutex> lock(mu_);
      sent_[reason] = absl::Now();
    }
    v1::StockLevel level;
    auto context = BenchClient::Context(client_.tokens().admin);
    if (!client_.inventory(1).AdjustStock(context.get(), request, &level).ok()) {
      std::lock_guard<std::mutex> lock(mu_);
      sent_.erase(reason);
    }
    absl::SleepFor(period_);
  }
}

std::vector<double> WatchProbe::Stop() {
  if (!stop_.exchange(true)) {
    if (adjuster_.joinable()) adjuster_.join();
    // Give the last change the target's 100 ms and more to arrive.
    absl::SleepFor(absl::Milliseconds(500));
    if (stream_context_) stream_context_->TryCancel();
    if (reader_.joinable()) reader_.join();
    std::lock_guard<std::mutex> lock(mu_);
    missed_ = static_cast<int64_t>(sent_.size());
  }
  std::lock_guard<std::mutex> lock(mu_);
  return latencies_ms_;
}

}  // namespace oms::bench
