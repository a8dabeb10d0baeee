#include "server/application/channels.h"

#include "absl/strings/str_join.h"

namespace oms::application {

absl::string_view Name(ChannelType type) {
  switch (type) {
    case ChannelType::kWebCheckout:
      return "web_checkout";
    case ChannelType::kMarketplace:
      return "marketplace";
    case ChannelType::kPos:
      return "pos";
  }
  return "unknown";
}

absl::string_view Name(OversellPolicy policy) {
  switch (policy) {
    case OversellPolicy::kBackorder:
      return "backorder";
    case OversellPolicy::kCancel:
      return "cancel";
  }
  return "unknown";
}

std::optional<ChannelType> ParseChannelType(absl::string_view name) {
  for (ChannelType t : {ChannelType::kWebCheckout, ChannelType::kMarketplace, ChannelType::kPos}) {
    if (Name(t) == name) return t;
  }
  return std::nullopt;
}

std::optional<OversellPolicy> ParseOversellPolicy(absl::string_view name) {
  for (OversellPolicy p : {OversellPolicy::kBackorder, OversellPolicy::kCancel}) {
    if (Name(p) == name) return p;
  }
  return std::nullopt;
}

ChannelDirectory::ChannelDirectory(const std::vector<Channel>& channels) {
  for (const Channel& c : channels) by_id_[c.id] = c;
}

const Channel* ChannelDirectory::Find(const std::string& id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &it->second;
}

std::string ChannelDirectory::Ids() const {
  std::vector<std::string> ids;
  for (const auto& [id, channel] : by_id_) ids.push_back(id);
  return absl::StrJoin(ids, ", ");
}

std::vector<Channel> ChannelDirectory::All() const {
  std::vector<Channel> all;
  for (const auto& [id, channel] : by_id_) all.push_back(channel);
  return all;
}

}  // namespace oms::application
