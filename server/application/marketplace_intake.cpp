#include "server/application/marketplace_intake.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/ids.h"
#include "common/sha256.h"
#include "spdlog/spdlog.h"

namespace oms::application {
namespace {

bool ConstantTimeEquals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// Refusals the marketplace must fix on its side; the rest it retries.
bool IsRefusal(const absl::Status& s) {
  return absl::IsUnauthenticated(s) || absl::IsInvalidArgument(s) ||
         absl::IsFailedPrecondition(s) || absl::IsAlreadyExists(s);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MarketplaceIntake>> MarketplaceIntake::Create(
    const ChannelDirectory& channels, std::vector<std::unique_ptr<MarketplaceOrderFormat>> formats,
    PlacementSaga& placement, UnitOfWork& unit_of_work, const Clock& clock) {
  std::map<std::string, std::unique_ptr<MarketplaceOrderFormat>> by_name;
  for (auto& f : formats) {
    std::string name = f->Name();
    by_name[name] = std::move(f);
  }
  for (const Channel& c : channels.All()) {
    if (c.type != ChannelType::kMarketplace) continue;
    if (!by_name.count(c.format)) {
      std::vector<std::string> names;
      for (const auto& [name, f] : by_name) names.push_back(name);
      return absl::InvalidArgumentError(absl::StrCat("channel.", c.id, ".format: unknown format '",
                                                     c.format, "' (", absl::StrJoin(names, ", "),
                                                     ")"));
    }
  }
  return std::unique_ptr<MarketplaceIntake>(
      new MarketplaceIntake(channels, std::move(by_name), placement, unit_of_work, clock));
}

MarketplaceIntake::MarketplaceIntake(
    const ChannelDirectory& channels,
    std::map<std::string, std::unique_ptr<MarketplaceOrderFormat>> formats,
    PlacementSaga& placement, UnitOfWork& unit_of_work, const Clock& clock)
    : channels_(channels),
      formats_(std::move(formats)),
      placement_(placement),
      unit_of_work_(unit_of_work),
      clock_(clock) {}

bool MarketplaceIntake::HasWebhooks() const {
  for (const Channel& c : channels_.All()) {
    if (c.type == ChannelType::kMarketplace && !c.secret.empty()) return true;
  }
  return false;
}

void MarketplaceIntake::Receive(MarketplacePost post, Done done) {
  const Channel* channel = channels_.Find(post.channel_id);
  if (channel == nullptr || channel->type != ChannelType::kMarketplace || channel->secret.empty()) {
    done(absl::NotFoundError(absl::StrCat("no marketplace channel '", post.channel_id,
                                          "' takes orders here (is it configured with a "
                                          "secret?)")));
    return;
  }
  if (!post.signature.has_value()) {
    Reject(post, *channel, false,
           absl::UnauthenticatedError(
               "X-Signature is missing; sign the body: hex(HMAC-SHA256(channel secret, body))"),
           std::move(done));
    return;
  }
  if (!ConstantTimeEquals(absl::AsciiStrToLower(*post.signature),
                          HmacSha256Hex(channel->secret, post.body))) {
    Reject(
        post, *channel, false,
        absl::UnauthenticatedError(absl::StrCat(
            "X-Signature does not match the body under the secret of channel '", channel->id, "'")),
        std::move(done));
    return;
  }
  // Checked at Create: every marketplace's format exists.
  const MarketplaceOrderFormat& format = *formats_.at(channel->format);
  absl::StatusOr<PlaceOrderCommand> command = format.Normalize(post.body, *channel);
  if (!command.ok()) {
    Reject(post, *channel, true, command.status(), std::move(done));
    return;
  }
  command->channel = channel->id;
  const Actor actor{absl::StrCat("channel:", channel->id), "channel", ""};
  auto shared_post = std::make_shared<MarketplacePost>(std::move(post));
  placement_.Place(*std::move(command), actor,
                   [this, shared_post, channel,
                    done = std::move(done)](absl::StatusOr<PlaceOrderResult> placed) mutable {
                     if (placed.ok()) {
                       done(IntakeAnswer{std::move(placed->order), placed->replayed});
                       return;
                     }
                     if (IsRefusal(placed.status())) {
                       Reject(*shared_post, *channel, true, placed.status(), std::move(done));
                       return;
                     }
                     done(placed.status());
                   });
}

void MarketplaceIntake::Reject(const MarketplacePost& post, const Channel& channel,
                               bool signature_ok, absl::Status why, Done done) {
  const absl::Time now = clock_.Now();
  // Anyone can post unsigned bodies: of those only the start is kept, so
  // the log cannot be filled by strangers.
  constexpr size_t kUnsignedKept = 1024;
  std::string body = signature_ok || post.body.size() <= kUnsignedKept
                         ? post.body
                         : absl::StrCat(post.body.substr(0, kUnsignedKept), "...");
  auto rejected = std::make_shared<RejectedIntake>(
      RejectedIntake{NewUlid(now), channel.id, channel.format, now, std::string(why.message()),
                     signature_ok, std::move(body)});
  unit_of_work_.Submit(
      [rejected](Transaction& tx) { return tx.rejected_intake().Insert(*rejected); },
      [rejected, why = std::move(why), done = std::move(done)](absl::Status recorded) {
        if (!recorded.ok()) {
          // The sender still gets the reason; only the copy for people is lost.
          spdlog::warn("intake: could not keep rejected payload of channel {}: {}",
                       rejected->channel, recorded.ToString());
        }
        done(why);
      });
}

}  // namespace oms::application
