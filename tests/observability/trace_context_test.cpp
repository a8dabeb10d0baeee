#include "server/observability/trace_context.h"

#include <gtest/gtest.h>

namespace oms::observability {
namespace {

constexpr char kTraceId[] = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr char kSpanId[] = "00f067aa0ba902b7";

TEST(TraceContextTest, AW3cTraceparentGivesItsTraceAndParent) {
  auto parsed = ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->trace_id, kTraceId);
  EXPECT_EQ(parsed->span_id, kSpanId);
  EXPECT_TRUE(parsed->sampled);
  EXPECT_FALSE(
      ParseTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")->sampled);
}

TEST(TraceContextTest, MalformedTraceparentsAreIgnored) {
  for (const char* bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",       // no flags
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",    // upper case
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",    // zero trace id
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",    // zero parent id
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // forbidden version
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-x",  // extra field in 00
           "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",    // separator
           "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",    // not hex
       }) {
    EXPECT_FALSE(ParseTraceparent(bad).has_value()) << bad;
  }
}

TEST(TraceContextTest, ALaterVersionIsReadByItsVersionZeroPrefix) {
  auto parsed = ParseTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-later");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->trace_id, kTraceId);
}

TEST(TraceContextTest, FormattedContextsParseBack) {
  TraceContext context{NewTraceId(), NewSpanId(), true};
  EXPECT_EQ(context.trace_id.size(), 32u);
  EXPECT_EQ(context.span_id.size(), 16u);
  auto parsed = ParseTraceparent(FormatTraceparent(context));
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->trace_id, context.trace_id);
  EXPECT_EQ(parsed->span_id, context.span_id);
}

TEST(TraceContextTest, ScopesNestAndRestoreTheThreadsTraceAndPrincipal) {
  EXPECT_FALSE(CurrentTrace().valid());
  {
    TraceScope outer(TraceContext{kTraceId, kSpanId}, "staff:alice");
    EXPECT_EQ(CurrentTrace().trace_id, kTraceId);
    {
      TraceScope inner(TraceContext{kTraceId, "1111111111111111"});
      EXPECT_EQ(CurrentTrace().span_id, "1111111111111111");
      EXPECT_EQ(CurrentPrincipal(), "staff:alice");  // a scope without one keeps it
    }
    EXPECT_EQ(CurrentTrace().span_id, kSpanId);
  }
  EXPECT_FALSE(CurrentTrace().valid());
  EXPECT_TRUE(CurrentPrincipal().empty());
}

}  // namespace
}  // namespace oms::observability
