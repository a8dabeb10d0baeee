#pragma once

// Assertions on absl::Status and absl::StatusOr for every test binary.

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gtest/gtest.h"

#define OMS_TEST_CONCAT_INNER(a, b) a##b
#define OMS_TEST_CONCAT(a, b) OMS_TEST_CONCAT_INNER(a, b)

#define ASSERT_OK(expr)                         \
  do {                                          \
    const absl::Status oms_status = (expr);     \
    ASSERT_TRUE(oms_status.ok()) << oms_status; \
  } while (false)

#define EXPECT_OK(expr)                         \
  do {                                          \
    const absl::Status oms_status = (expr);     \
    EXPECT_TRUE(oms_status.ok()) << oms_status; \
  } while (false)

// Declares `lhs` from a StatusOr, failing the test when it holds an error.
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL(OMS_TEST_CONCAT(oms_status_or_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                              \
  ASSERT_TRUE(tmp.ok()) << tmp.status();          \
  lhs = *std::move(tmp)
