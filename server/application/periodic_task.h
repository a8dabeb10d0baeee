#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "absl/time/time.h"

namespace oms::application {

// Runs `task` every `period` on its own thread until destroyed. The task
// must not block for long: it only queues work (saga retries, deadlines).
class PeriodicTask {
 public:
  PeriodicTask(absl::Duration period, std::function<void()> task);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  const absl::Duration period_;
  std::function<void()> task_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // guarded by mu_
  std::thread thread_;
};

}  // namespace oms::application
