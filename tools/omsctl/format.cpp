#include "omsctl/format.h"

#include <cctype>
#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"

namespace omsctl {
namespace {

constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kUlidLength = 26;

// "OrderStatus" -> "ORDER_STATUS_", the prefix protobuf style asks for.
std::string ValuePrefix(const google::protobuf::EnumDescriptor& type) {
  std::string prefix;
  const std::string& name = type.name();
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = name[i];
    if (i > 0 && std::isupper(c) &&
        (std::islower(static_cast<unsigned char>(name[i - 1])) ||
         std::isdigit(static_cast<unsigned char>(name[i - 1])))) {
      prefix += '_';
    }
    prefix += static_cast<char>(std::toupper(c));
  }
  return prefix + "_";
}

bool IsCrockford(std::string_view text) {
  return !text.empty() &&
         text.find_first_not_of(kCrockford) == std::string_view::npos;
}

bool IsRegion(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') return false;
  }
  return true;
}

google::protobuf::Timestamp ToProto(absl::Time time) {
  google::protobuf::Timestamp timestamp;
  const int64_t seconds = absl::ToUnixSeconds(time);
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return timestamp;
}

}  // namespace

std::string FormatMoney(const oms::v1::Money& money) {
  return FormatMinor(money.amount_minor(), money.currency());
}

std::string FormatMinor(int64_t amount_minor, std::string_view currency) {
  // Unsigned magnitude, so that INT64_MIN does not overflow on negation.
  const uint64_t magnitude =
      amount_minor < 0 ? 0 - static_cast<uint64_t>(amount_minor)
                       : static_cast<uint64_t>(amount_minor);
  std::string text = absl::StrFormat("%s%d.%02d", amount_minor < 0 ? "-" : "",
                                     magnitude / 100, magnitude % 100);
  if (!currency.empty()) absl::StrAppend(&text, " ", std::string(currency));
  return text;
}

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "-";
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ",
                          absl::FromUnixSeconds(timestamp.seconds()),
                          absl::UTCTimeZone());
}

std::string EnumLabel(const google::protobuf::EnumDescriptor& type,
                      int value) {
  const google::protobuf::EnumValueDescriptor* found =
      type.FindValueByNumber(value);
  if (found == nullptr) return absl::StrCat(value);
  const std::string prefix = ValuePrefix(type);
  const std::string& name = found->name();
  if (name.size() > prefix.size() && name.rfind(prefix, 0) == 0) {
    return name.substr(prefix.size());
  }
  return name;
}

absl::StatusOr<int> ParseEnumLabel(const google::protobuf::EnumDescriptor& type,
                                   std::string_view text) {
  std::string wanted = absl::AsciiStrToUpper(std::string(text));
  for (char& c : wanted) {
    if (c == '-' || c == ' ') c = '_';
  }
  const std::string prefix = ValuePrefix(type);
  std::vector<std::string> labels;
  for (int i = 0; i < type.value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* value = type.value(i);
    if (value->number() == 0) continue;
    if (value->name() == wanted || value->name() == prefix + wanted) {
      return value->number();
    }
    labels.push_back(EnumLabel(type, value->number()));
  }
  return absl::InvalidArgumentError(
      absl::StrCat("\"", std::string(text), "\" is not a ", type.name(),
                   "; use one of: ", absl::StrJoin(labels, ", ")));
}

absl::StatusOr<oms::v1::NodeType> ParseNodeType(std::string_view text) {
  const std::string lower = absl::AsciiStrToLower(std::string(text));
  if (lower == "3pl") return oms::v1::NODE_TYPE_THIRD_PARTY_LOGISTICS;
  if (lower == "dropship") return oms::v1::NODE_TYPE_DROP_SHIPPER;
  absl::StatusOr<int> value =
      ParseEnumLabel(*oms::v1::NodeType_descriptor(), text);
  if (!value.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "\"", std::string(text), "\" is not a node type; use warehouse, store, 3pl or "
        "dropship"));
  }
  return static_cast<oms::v1::NodeType>(*value);
}

absl::StatusOr<google::protobuf::Timestamp> ParseTimestamp(
    std::string_view text, bool end_of_day) {
  const std::string input(text);
  absl::Time time;
  std::string error;
  if (absl::ParseTime("%Y-%m-%d", input, absl::UTCTimeZone(), &time, &error)) {
    if (end_of_day) time += absl::Hours(24);
    return ToProto(time);
  }
  if (absl::ParseTime(absl::RFC3339_full, input, &time, &error)) {
    return ToProto(time);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", std::string(text),
      "\" is not a date (2026-01-31) or an RFC 3339 time "
      "(2026-01-31T12:00:00Z)"));
}

absl::StatusOr<OrderRef> ParseOrderRef(std::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(std::string(text));
  const std::vector<std::string> parts = absl::StrSplit(upper, '-');
  // Split from the right so that a region code may itself contain a '-'.
  const size_t n = parts.size();
  if (n >= 2 && parts[n - 1].size() == kUlidLength &&
      IsCrockford(parts[n - 1]) &&
      IsRegion(std::string_view(upper).substr(
          0, upper.size() - kUlidLength - 1))) {
    return OrderRef{OrderRefKind::kOrderId, upper};
  }
  if (n >= 3 && parts[n - 1].size() == 4 && parts[n - 2].size() == 4 &&
      IsCrockford(parts[n - 1]) && IsCrockford(parts[n - 2]) &&
      IsRegion(std::string_view(upper).substr(0, upper.size() - 10))) {
    return OrderRef{OrderRefKind::kOrderNumber, upper};
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", std::string(text),
      "\" is neither an order id (REGION-ULID, e.g. "
      "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B) nor an order number (REGION-XXXX-XXXX, "
      "e.g. EU1-7Q2M-K9XD)"));
}

absl::StatusOr<std::string> ParseShipmentId(std::string_view text) {
  const std::string upper = absl::AsciiStrToUpper(std::string(text));
  const size_t dash = upper.rfind("-S");
  int number = 0;
  if (dash != std::string::npos &&
      absl::SimpleAtoi(upper.substr(dash + 2), &number) &&
      number > 0 &&
      upper.find_first_not_of("0123456789", dash + 2) == std::string::npos) {
    absl::StatusOr<OrderRef> order =
        ParseOrderRef(upper.substr(0, dash));
    if (order.ok() && order->kind == OrderRefKind::kOrderId) return upper;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "\"", std::string(text),
      "\" is not a shipment id (the order id, -S and a number, e.g. "
      "EU1-01JD3K5Q8X9R2T4V6W8Y0Z1A2B-S2; omsctl order get shows them)"));
}

absl::StatusOr<ShortLineArg> ParseShortLine(std::string_view text) {
  // absl::string_view is not std::string_view in this absl: split a copy.
  const std::vector<std::string> parts =
      absl::StrSplit(std::string(text), ':');
  ShortLineArg line;
  if (parts.size() == 2 && absl::SimpleAtoi(parts[0], &line.line_no) &&
      absl::SimpleAtoi(parts[1], &line.missing) && line.line_no > 0 &&
      line.missing > 0) {
    return line;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "--line \"", std::string(text),
      "\" is not LINE:MISSING with two positive numbers, e.g. --line 2:1 "
      "(one unit of order line 2 could not be found)"));
}

}  // namespace omsctl
