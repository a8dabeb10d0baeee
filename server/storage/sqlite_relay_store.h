#pragma once

#include <string>

#include "common/clock.h"
#include "server/application/relay_store.h"
#include "server/storage/read_pool.h"
#include "server/storage/write_executor.h"

namespace oms::storage {

// The relay's tables (migration 0008: relay_cursors, dead_letters) and the
// outbox, read through the read pool and written through the single writer.
// Thread-safe; the pool and writer must outlive it.
class SqliteRelayStore : public application::RelayStore {
 public:
  // Only events made in `origin_region` are relayed: a peer region's events
  // copied here (docs/REGIONS.md) are its own relay's to deliver.
  SqliteRelayStore(ReadPool& reads, WriteExecutor& writer, const Clock& clock,
                   std::string origin_region)
      : reads_(reads), writer_(writer), clock_(clock), origin_region_(std::move(origin_region)) {}

  absl::StatusOr<application::OutboxBatch> ReadAfter(int64_t after_seq,
                                                     const std::vector<std::string>& event_types,
                                                     int limit) override;
  absl::StatusOr<application::OutboxEvent> ReadEvent(int64_t seq) override;
  absl::StatusOr<int64_t> LastSeq() override;
  absl::StatusOr<std::optional<int64_t>> LoadCursor(const std::string& destination) override;
  void SaveCursor(const std::string& destination, int64_t seq, Done done) override;
  absl::StatusOr<application::Page<application::DeadLetter>> ListDeadLetters(
      const std::string& destination, int page_size, const std::string& page_token) override;
  absl::StatusOr<application::DeadLetter> GetDeadLetter(const std::string& dead_letter_id) override;
  absl::StatusOr<std::vector<application::DeadLetter>> Replaying(
      const std::string& destination) override;
  void RecordDeadLetter(const application::DeadLetter& letter, Done done) override;
  void StartReplay(const std::string& dead_letter_id,
                   std::function<void(absl::StatusOr<application::DeadLetter>)> done) override;
  void FinishReplay(const std::string& dead_letter_id, absl::Time at, Done done) override;

 private:
  ReadPool& reads_;
  WriteExecutor& writer_;
  const Clock& clock_;
  const std::string origin_region_;
};

}  // namespace oms::storage
