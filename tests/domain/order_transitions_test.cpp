#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>

#include "server/domain/order_transitions.h"

namespace oms::domain {
namespace {

using S = OrderStatus;

// Written from DESIGN.md's status model, apart from the table in
// order_transitions.cpp: every status pair not listed here must be illegal.
const std::set<std::pair<S, S>>& ExpectedLegalMoves() {
  static const std::set<std::pair<S, S>> kExpected = {
      {S::kPending, S::kConfirmed},           // saga succeeded
      {S::kPending, S::kRejected},            // no stock, payment declined
      {S::kPending, S::kCancelled},           // cancelled while awaiting payment
      {S::kPending, S::kFulfilled},           // POS carry-out
      {S::kConfirmed, S::kPartiallyFulfilled},
      {S::kConfirmed, S::kFulfilled},
      {S::kConfirmed, S::kCancelled},
      {S::kPartiallyFulfilled, S::kFulfilled},
      {S::kPartiallyFulfilled, S::kRefunded},
      {S::kFulfilled, S::kRefunded},
      {S::kCancelled, S::kRefunded},
  };
  return kExpected;
}

constexpr S kAll[] = {S::kPending,   S::kConfirmed, S::kPartiallyFulfilled, S::kFulfilled,
                      S::kCancelled, S::kRefunded,  S::kRejected};

TEST(OrderTransitionsTest, TableAllowsExactlyTheExpectedMoves) {
  for (S from : kAll) {
    for (S to : kAll) {
      const bool expected = ExpectedLegalMoves().count({from, to}) > 0;
      EXPECT_EQ(FindOrderTransition(from, to) != nullptr, expected)
          << Name(from) << " -> " << Name(to);
    }
  }
}

TEST(OrderTransitionsTest, EveryRowNamesAnEvent) {
  for (const auto& t : OrderTransitionTable()) {
    ASSERT_NE(t.event_type, nullptr);
    EXPECT_FALSE(std::string(t.event_type).empty());
  }
}

TEST(OrderTransitionsTest, TerminalStatusesLeadNowhereButRefunded) {
  for (S to : kAll) {
    EXPECT_EQ(FindOrderTransition(S::kRejected, to), nullptr);
    EXPECT_EQ(FindOrderTransition(S::kRefunded, to), nullptr);
  }
}

TEST(OrderTransitionsTest, NoRowRepeats) {
  std::set<std::pair<S, S>> seen;
  for (const auto& t : OrderTransitionTable()) {
    EXPECT_TRUE(seen.insert({t.from, t.to}).second) << Name(t.from) << " -> " << Name(t.to);
  }
}

}  // namespace
}  // namespace oms::domain
