#include "server/storage/scopes_json.h"

#include "absl/strings/str_cat.h"
#include "nlohmann/json.hpp"

namespace oms::storage {

std::string ScopesToJson(const application::Scopes& s) {
  return nlohmann::json{
      {"stores", s.stores}, {"nodes", s.nodes}, {"regions", s.regions}, {"channels", s.channels}}
      .dump();
}

absl::StatusOr<application::Scopes> ScopesFromJson(const std::string& text) {
  try {
    const nlohmann::json j = nlohmann::json::parse(text);
    auto list = [&](const char* key) { return j.value(key, std::vector<std::string>{}); };
    return application::Scopes{list("stores"), list("nodes"), list("regions"), list("channels")};
  } catch (const nlohmann::json::exception& e) {
    return absl::InternalError(absl::StrCat("stored scopes are not valid JSON: ", e.what()));
  }
}

}  // namespace oms::storage
