#pragma once

#include <cstdint>

#include "server/application/event_feed.h"
#include "server/storage/read_pool.h"

namespace oms::storage {

// application::EventFeed over the outbox table, answered from the ReadPool.
// Each ReadAfter runs in one read transaction (the head and the rows come
// from the same snapshot) and walks the rowid range (after, after +
// kScanWindow], so its cost is bounded whatever the filter; an exact
// aggregate id uses the outbox_by_aggregate index. Order filters by SKU,
// node and region look the order up in the search side tables (order_skus,
// order_nodes, orders) as they are when read. Stock events are matched on
// their "SKU@NODE" id (a SKU containing '@' would be split at its first '@').
// INVALID_ARGUMENT for max_events outside 1..500. The pool must outlive
// this object. Thread-safe.
class SqliteEventFeed : public application::EventFeed {
 public:
  static constexpr int64_t kScanWindow = 4096;

  explicit SqliteEventFeed(ReadPool& pool) : pool_(pool) {}

  absl::StatusOr<int64_t> LastSequence() override;
  absl::StatusOr<application::FollowedPage> ReadAfter(int64_t after,
                                                      const application::EventFilter& filter,
                                                      int max_events, bool with_payload) override;

 private:
  ReadPool& pool_;
};

}  // namespace oms::storage
