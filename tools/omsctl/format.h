#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/generated_enum_reflection.h>
#include <google/protobuf/timestamp.pb.h>

#include "absl/status/statusor.h"
#include "oms/v1/common.pb.h"
#include "oms/v1/node_service.pb.h"

namespace omsctl {

// How omsctl shows values to people, and reads them from the command line.

// "12.34 EUR": amount_minor / 100 with two decimals, "-0.05 EUR" for -5;
// just the number when the currency is empty.
std::string FormatMoney(const oms::v1::Money& money);

// Minor units of a known currency, e.g. a tender's captured_minor.
std::string FormatMinor(int64_t amount_minor, std::string_view currency);

// ISO 8601 in UTC to the second, "2026-01-02T03:04:05Z"; "-" when unset
// (the epoch, as proto3 leaves an absent timestamp).
std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp);

// An enum value's name without its type's prefix: ORDER_STATUS_CONFIRMED ->
// "CONFIRMED". A number the type does not define prints as the number.
std::string EnumLabel(const google::protobuf::EnumDescriptor& type, int value);

template <typename Enum>
std::string EnumLabel(Enum value) {
  return EnumLabel(*google::protobuf::GetEnumDescriptor<Enum>(),
                   static_cast<int>(value));
}

// The value of `type` a person means by `text`: the label in any case
// ("confirmed", "partially-fulfilled") or the full name. INVALID_ARGUMENT
// listing the labels otherwise; UNSPECIFIED is never accepted.
absl::StatusOr<int> ParseEnumLabel(const google::protobuf::EnumDescriptor& type,
                                   std::string_view text);

// A node type: warehouse, store, 3pl, dropship, or any NodeType label.
absl::StatusOr<oms::v1::NodeType> ParseNodeType(std::string_view text);

// A point in time from the command line: "2026-01-01" (midnight UTC) or RFC
// 3339 ("2026-01-01T12:00:00Z", "2026-01-01T12:00:00+01:00").
// `end_of_day` makes a bare date mean the midnight after it, so that an
// exclusive upper bound --to 2026-01-31 includes the 31st.
absl::StatusOr<google::protobuf::Timestamp> ParseTimestamp(
    std::string_view text, bool end_of_day = false);

// What `omsctl order get` was given.
enum class OrderRefKind {
  kOrderId,      // REGION-<26 character ULID>, e.g. EU1-01JD3K5Q...
  kOrderNumber,  // REGION-XXXX-XXXX, e.g. EU1-7Q2M-K9XD
};

struct OrderRef {
  OrderRefKind kind;
  std::string value;  // upper-cased: both forms are Crockford base32
};

// INVALID_ARGUMENT for text that is neither, with an example of each.
absl::StatusOr<OrderRef> ParseOrderRef(std::string_view text);

// A shipment id: its order's id, "-S" and a number
// (EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S2), in any letter case; returned upper-
// cased. INVALID_ARGUMENT with an example otherwise (an order number is not
// enough: an order can have several shipments).
absl::StatusOr<std::string> ParseShipmentId(std::string_view text);

// `--line LINE:MISSING` of a short pick: "2:1" is one unit of order line 2.
struct ShortLineArg {
  int32_t line_no = 0;
  int64_t missing = 0;
};

// Both numbers must be positive. INVALID_ARGUMENT naming the argument.
absl::StatusOr<ShortLineArg> ParseShortLine(std::string_view text);

}  // namespace omsctl
