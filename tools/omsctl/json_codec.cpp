#include "omsctl/json_codec.h"

#include <vector>

#include <google/protobuf/util/json_util.h>
#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace omsctl {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

// Well-known types have their own JSON forms (a Timestamp is a string, a
// Struct any object); protobuf's parser checks those.
bool IsWellKnownType(const Descriptor& type) {
  return type.file()->name().rfind("google/protobuf/", 0) == 0;
}

const FieldDescriptor* FindField(const Descriptor& type,
                                 const std::string& key) {
  for (int i = 0; i < type.field_count(); ++i) {
    const FieldDescriptor* field = type.field(i);
    if (field->json_name() == key || field->name() == key) return field;
  }
  return nullptr;
}

std::string FieldList(const Descriptor& type) {
  std::vector<std::string> names;
  for (int i = 0; i < type.field_count(); ++i) {
    names.push_back(type.field(i)->json_name());
  }
  return names.empty() ? "no fields" : absl::StrJoin(names, ", ");
}

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : absl::StrCat(path, ".", key);
}

// protobuf 3.21's parser answers an unknown field with "Cannot find field."
// and no name, so omsctl walks the object against the descriptor first.
absl::Status CheckFieldNames(const nlohmann::json& object,
                             const Descriptor& type, const std::string& path) {
  if (!object.is_object() || IsWellKnownType(type)) return absl::OkStatus();
  for (const auto& [key, value] : object.items()) {
    const FieldDescriptor* field = FindField(type, key);
    const std::string here = Join(path, key);
    if (field == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("unknown field \"", here, "\"; ", type.full_name(),
                       " has: ", FieldList(type)));
    }
    const Descriptor* child = field->message_type();
    if (child == nullptr) continue;
    if (field->is_map()) {
      const Descriptor* entry_type = child->map_value()->message_type();
      if (entry_type == nullptr || !value.is_object()) continue;
      for (const auto& [map_key, entry] : value.items()) {
        absl::Status status = CheckFieldNames(
            entry, *entry_type, absl::StrCat(here, "[\"", map_key, "\"]"));
        if (!status.ok()) return status;
      }
    } else if (field->is_repeated()) {
      if (!value.is_array()) continue;
      for (size_t i = 0; i < value.size(); ++i) {
        absl::Status status =
            CheckFieldNames(value[i], *child, absl::StrCat(here, "[", i, "]"));
        if (!status.ok()) return status;
      }
    } else {
      absl::Status status = CheckFieldNames(value, *child, here);
      if (!status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

absl::Status Invalid(const Descriptor& type, const std::string& problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("invalid JSON for ", type.full_name(), ": ", problem));
}

}  // namespace

absl::Status ParseJson(std::string_view json,
                       google::protobuf::Message* message) {
  const Descriptor& type = *message->GetDescriptor();
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(json);
  } catch (const nlohmann::json::parse_error& e) {
    // Drop the library's "[json.exception.parse_error.101] " prefix.
    std::string_view what = e.what();
    const auto bracket = what.find("] ");
    if (bracket != std::string_view::npos) what.remove_prefix(bracket + 2);
    return Invalid(type, std::string(what));
  }
  if (!parsed.is_object()) {
    return Invalid(type, absl::StrCat("expected an object, got ",
                                      parsed.type_name()));
  }
  if (absl::Status status = CheckFieldNames(parsed, type, ""); !status.ok()) {
    return Invalid(type, std::string(status.message()));
  }
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), message);
  if (!status.ok()) {
    return Invalid(type, std::string(status.message()));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<google::protobuf::Message>> ParseJsonAs(
    const Descriptor& type, std::string_view json) {
  std::unique_ptr<google::protobuf::Message> message = NewMessage(type);
  if (absl::Status status = ParseJson(json, message.get()); !status.ok()) {
    return status;
  }
  return message;
}

std::unique_ptr<google::protobuf::Message> NewMessage(const Descriptor& type) {
  return std::unique_ptr<google::protobuf::Message>(
      google::protobuf::MessageFactory::generated_factory()
          ->GetPrototype(&type)
          ->New());
}

std::string ToJson(const google::protobuf::Message& message, JsonStyle style) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = style == JsonStyle::kPretty;
  options.always_print_primitive_fields = false;
  options.preserve_proto_field_names = false;
  std::string json;
  // Printing fails only for an Any of a type not linked in; oms.v1 has none.
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  while (!json.empty() && json.back() == '\n') json.pop_back();
  return json;
}

}  // namespace omsctl
