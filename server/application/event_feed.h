#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "server/application/queries.h"

namespace oms::application {

// Which outbox events a follower wants. Empty fields match everything.
struct EventFilter {
  std::string aggregate_type;  // "order" or "stock"
  std::string aggregate_id;    // exactly: an order id, or "SKU@NODE"
  // Stock events: the SKU and/or node of "SKU@NODE". Order events: orders
  // with a line of this SKU / units at this node (as the order is when read).
  std::string sku;
  std::string node_id;
  // The order's region, or the region of the stock's node.
  std::string region;
  std::vector<std::string> event_types;
  // Events made in this region only (replication sends a region's own
  // events, never those it copied from peers).
  std::string origin_region;
};

// An event as a follower sees it: with the region its aggregate belongs to
// (the order's, or the stock node's; empty when that is no longer known).
struct FollowedEvent {
  StoredEvent event;
  std::string aggregate_region;
};

struct FollowedPage {
  std::vector<FollowedEvent> events;  // by sequence
  // Every event up to here was examined: a follower resumes after it even
  // when nothing matched, so a selective filter never rescans the same rows.
  int64_t scanned_through = 0;
};

// Reads the outbox in sequence order for followers (watch streams). The
// sequence is gapless and only ever grows, and a commit makes a whole
// prefix visible at once, so "after N" never misses or repeats an event.
// Thread-safe; answered from read connections, never waiting for the writer.
class EventFeed {
 public:
  virtual ~EventFeed() = default;

  // The highest committed sequence; 0 for an empty log.
  virtual absl::StatusOr<int64_t> LastSequence() = 0;

  // Events with sequence > `after` matching `filter`, at most `max_events`
  // (1..500). Examines a bounded number of rows per call, so a selective
  // filter far behind the head returns few or no events with
  // scanned_through moved on; call again while scanned_through < the head.
  // `with_payload` false leaves payload_json empty (order snapshots are big).
  virtual absl::StatusOr<FollowedPage> ReadAfter(int64_t after, const EventFilter& filter,
                                                 int max_events, bool with_payload) = 0;
};

}  // namespace oms::application
