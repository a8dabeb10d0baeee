#include "server/application/outbox_signal.h"

#include <utility>

namespace oms::application {

void OutboxSignal::Notify(int64_t highest_sequence) {
  std::lock_guard lock(mu_);
  if (highest_sequence <= highest_) return;
  highest_ = highest_sequence;
  // Called under the lock so that Unlisten can promise the listener is done.
  for (const auto& [id, listener] : listeners_) listener(highest_sequence);
}

int64_t OutboxSignal::highest_sequence() const {
  std::lock_guard lock(mu_);
  return highest_;
}

int OutboxSignal::Listen(Listener listener) {
  std::lock_guard lock(mu_);
  const int id = next_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void OutboxSignal::Unlisten(int id) {
  std::lock_guard lock(mu_);
  listeners_.erase(id);
}

}  // namespace oms::application
