#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace omsctl {

// The standard protobuf JSON mapping, with errors a person can act on.

// Fills `*message` from `json` (an object; proto field names and lowerCamel
// names both accepted). INVALID_ARGUMENT, naming the type, for text that is
// not JSON (with line and column), a body that is not an object, a field the
// type does not have (with its path, e.g. lines[0].qty, and the fields it
// does have), or a value of the wrong type.
absl::Status ParseJson(std::string_view json,
                       google::protobuf::Message* message);

// A new message of the generated type `type`, filled from `json` as above.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParseJsonAs(
    const google::protobuf::Descriptor& type, std::string_view json);

// A new, empty message of the generated type `type`.
std::unique_ptr<google::protobuf::Message> NewMessage(
    const google::protobuf::Descriptor& type);

enum class JsonStyle { kCompact, kPretty };

// The message in the JSON mapping: lowerCamel field names, fields at their
// default value omitted, enums by name, int64 as strings. kCompact is one
// line (for scripts), kPretty is indented. No trailing newline.
std::string ToJson(const google::protobuf::Message& message,
                   JsonStyle style = JsonStyle::kCompact);

}  // namespace omsctl
