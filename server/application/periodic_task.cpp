#include "server/application/periodic_task.h"

namespace oms::application {

PeriodicTask::PeriodicTask(absl::Duration period, std::function<void()> task)
    : period_(period), task_(std::move(task)) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mu_);
    while (!cv_.wait_for(lock, absl::ToChronoNanoseconds(period_), [this] { return stop_; })) {
      lock.unlock();
      task_();
      lock.lock();
    }
  });
}

PeriodicTask::~PeriodicTask() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

}  // namespace oms::application
