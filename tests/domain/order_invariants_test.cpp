#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "server/domain/order.h"
#include "tests/domain/order_fixtures.h"

namespace oms::domain {
namespace {

// Everything a command may change, as text, to tell "changed" from "not".
std::string Fingerprint(const Order& o) {
  std::ostringstream s;
  s << Name(o.status()) << "|" << o.state().rejection_reason << "|";
  for (const auto& h : o.state().holds) s << Name(h.reason) << ",";
  for (const auto& t : o.state().tenders) {
    s << Name(t.status) << ":" << t.authorized_minor << ":" << t.captured_minor << ":"
      << t.refunded_minor << ":" << t.voided_minor << ";";
  }
  for (const auto& l : o.state().lines) {
    s << l.reserved << "/" << l.cancelled << "/" << l.backordered << "/" << l.allocations.size()
      << ";";
  }
  return s.str();
}

void CheckInvariants(const Order& o) {
  for (const auto& line : o.state().lines) ASSERT_TRUE(CheckLineInvariants(line).ok());
  for (const auto& t : o.state().tenders) {
    ASSERT_GE(t.authorized_minor, 0);
    ASSERT_LE(t.captured_minor, t.authorized_minor);
    ASSERT_LE(t.refunded_minor, t.captured_minor);
    ASSERT_LE(t.voided_minor, t.authorized_minor);
  }
  if (o.status() == OrderStatus::kRejected) {
    for (const auto& line : o.state().lines) ASSERT_EQ(line.cancelled, line.ordered);
  }
  if (o.status() == OrderStatus::kConfirmed) {
    for (const auto& t : o.state().tenders) {
      ASSERT_TRUE(t.status == TenderStatus::kAuthorized || t.status == TenderStatus::kCaptured ||
                  t.status == TenderStatus::kVoided || t.status == TenderStatus::kRefunded)
          << Name(t.status);
    }
    ASSERT_FALSE(o.HasHold(HoldReason::kAwaitingPayment));
  }
}

// Random sequences of every command, valid or not, against the invariants:
// quantities never negative and adding up, statuses consistent with
// quantities, and a command that succeeds records at least one event while
// one that fails records none and changes nothing.
TEST(OrderInvariantsTest, RandomCommandSequencesKeepEveryInvariant) {
  std::mt19937 rng(20261124);
  const std::vector<std::string> tender_ids = {"T1", "T2", "T3", "T9"};
  const HoldReason holds[] = {HoldReason::kAwaitingPayment, HoldReason::kFraudReview,
                              HoldReason::kCustomerRequest};
  for (int round = 0; round < 400; ++round) {
    auto order = *Order::Place(
        testing::TwoLineDraft({{TenderType::kCard, 1490, "tok_visa"},
                               {TenderType::kStoreCredit, 1000, ""},
                               {TenderType::kCard, 500, "tok_mc"}}),
        testing::WholeAt("WH1"));
    order.TakeEvents();
    absl::Time now = testing::T0();
    for (int step = 0; step < 25; ++step) {
      now += absl::Seconds(1);
      const std::string before = Fingerprint(order);
      const std::string& tid = tender_ids[rng() % tender_ids.size()];
      const int64_t amount = (rng() % 2) ? 1490 : 500;
      absl::Status s;
      switch (rng() % 9) {
        case 0: s = order.RecordAuthorization(tid, "gw", "pay", amount, "4242", now); break;
        case 1: s = order.RecordDecline(tid, "gw", "card_declined", now); break;
        case 2: s = order.RecordImmediateCapture(tid, now); break;
        case 3: s = order.RecordVoid(tid, now); break;
        case 4: s = order.RecordDebitReversed(tid, now); break;
        case 5: s = order.Confirm(now); break;
        case 6: s = order.Reject("random", now); break;
        case 7: s = order.PlaceHold(holds[rng() % 3], "note", now); break;
        case 8: s = order.ReleaseHold(holds[rng() % 3], now); break;
      }
      const auto events = order.TakeEvents();
      if (s.ok()) {
        ASSERT_FALSE(events.empty()) << "a successful command recorded no event";
        ASSERT_NE(Fingerprint(order), before) << "a successful command changed nothing";
      } else {
        ASSERT_TRUE(events.empty()) << "a failed command recorded " << events.front().type;
        ASSERT_EQ(Fingerprint(order), before) << "a failed command changed the order: " << s;
      }
      int status_changes = 0;
      for (const auto& e : events) status_changes += e.type == "OrderStatusChanged";
      ASSERT_LE(status_changes, 1);
      CheckInvariants(order);
    }
  }
}

}  // namespace
}  // namespace oms::domain
