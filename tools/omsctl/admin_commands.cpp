// omsctl admin user create|list|update|disable|enable|reset-password
// omsctl admin token create|list|revoke
// Staff accounts and service credentials (AdminService; role admin only).

#include <iostream>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "oms/v1/admin_service.pb.h"
#include "omsctl/command.h"
#include "omsctl/methods.h"
#include "omsctl/table.h"

namespace omsctl {
namespace {

using oms::v1::ServiceToken;
using oms::v1::User;

struct ScopeFlags {
  std::string stores, nodes, regions, channels;  // comma lists; "*" = all
  bool any() const {
    return !stores.empty() || !nodes.empty() || !regions.empty() || !channels.empty();
  }
};

void AddScopeFlags(CLI::App* verb, ScopeFlags* scopes) {
  verb->add_option("--stores", scopes->stores, "Store node ids, comma-separated; * for all");
  verb->add_option("--nodes", scopes->nodes, "Fulfilment node ids, comma-separated; * for all");
  verb->add_option("--regions", scopes->regions, "Region codes, comma-separated; * for all");
  verb->add_option("--channels", scopes->channels, "Channel ids, comma-separated; * for all");
}

void ToScopes(const ScopeFlags& flags, oms::v1::Scopes* out) {
  auto fill = [](const std::string& list, google::protobuf::RepeatedPtrField<std::string>* to) {
    for (absl::string_view id : absl::StrSplit(list, ',', absl::SkipWhitespace())) {
      to->Add(std::string(id));
    }
  };
  fill(flags.stores, out->mutable_stores());
  fill(flags.nodes, out->mutable_nodes());
  fill(flags.regions, out->mutable_regions());
  fill(flags.channels, out->mutable_channels());
}

std::string ScopesText(const oms::v1::Scopes& s) {
  std::vector<std::string> parts;
  auto add = [&](const char* name, const auto& list) {
    if (list.empty()) return;
    parts.push_back(absl::StrCat(name, "=", absl::StrJoin(list, ",")));
  };
  add("stores", s.stores());
  add("nodes", s.nodes());
  add("regions", s.regions());
  add("channels", s.channels());
  return parts.empty() ? "none" : absl::StrJoin(parts, " ");
}

std::string Time(const google::protobuf::Timestamp& t) {
  if (t.seconds() == 0 && t.nanos() == 0) return "";
  return absl::FormatTime("%Y-%m-%d %H:%M:%SZ", absl::FromUnixSeconds(t.seconds()),
                          absl::UTCTimeZone());
}

// "30d", "12h", "90m", "3600s" or plain seconds. INVALID_ARGUMENT otherwise.
absl::StatusOr<int64_t> ParseExpiry(const std::string& text) {
  if (text.empty()) return 0;
  int64_t unit = 1;
  std::string number = text;
  switch (text.back()) {
    case 'd':
      unit = 86400;
      number.pop_back();
      break;
    case 'h':
      unit = 3600;
      number.pop_back();
      break;
    case 'm':
      unit = 60;
      number.pop_back();
      break;
    case 's':
      number.pop_back();
      break;
    default:
      break;
  }
  int64_t value = 0;
  if (!absl::SimpleAtoi(number, &value) || value <= 0 ||
      value > std::numeric_limits<int64_t>::max() / unit) {
    return absl::InvalidArgumentError(
        absl::StrCat("--expires ", text, ": give a positive number with d, h, m or s (30d, 12h)"));
  }
  return value * unit;
}

// The password from --password / OMS_PASSWORD, else the first line of stdin.
std::string PasswordOr(const std::string& given) {
  if (!given.empty()) return given;
  std::string line;
  std::getline(std::cin, line);
  return line;
}

void PrintUser(const User& u, std::ostream& out) {
  PrintFields({{"Username", u.username()},
               {"Principal", u.principal_id()},
               {"Name", u.display_name()},
               {"Role", u.role()},
               {"Scopes", ScopesText(u.scopes())},
               {"Disabled", u.disabled() ? "yes" : "no"},
               {"Locked until", Time(u.locked_until())},
               {"Last sign-in", Time(u.last_login_at())}},
              out);
}

void PrintUsers(const oms::v1::ListUsersResponse& reply, std::ostream& out) {
  Table table({"USERNAME", "NAME", "ROLE", "SCOPES", "STATE", "LAST SIGN-IN"});
  for (const User& u : reply.users()) {
    std::string state = u.disabled() ? "disabled" : "active";
    if (u.has_locked_until()) state += ", locked until " + Time(u.locked_until());
    table.AddRow({u.username(), u.display_name(), u.role(), ScopesText(u.scopes()), state,
                  Time(u.last_login_at())});
  }
  table.Print(out);
}

void PrintToken(const ServiceToken& t, std::ostream& out) {
  PrintFields({{"Token id", t.token_id()},
               {"Name", t.name()},
               {"Description", t.description()},
               {"Principal", t.principal_id()},
               {"Role", t.role()},
               {"Scopes", ScopesText(t.scopes())},
               {"Created", Time(t.created_at())},
               {"Expires", t.has_expires_at() ? Time(t.expires_at()) : "never"},
               {"Revoked", Time(t.revoked_at())}},
              out);
}

void PrintCreatedToken(const oms::v1::CreateServiceTokenResponse& reply, std::ostream& out) {
  PrintToken(reply.token(), out);
  out << "\nSecret (shown once; send as 'authorization: Bearer <secret>'):\n"
      << reply.secret() << '\n';
}

void PrintTokens(const oms::v1::ListServiceTokensResponse& reply, std::ostream& out) {
  Table table({"TOKEN ID", "NAME", "ROLE", "SCOPES", "EXPIRES", "REVOKED"});
  for (const ServiceToken& t : reply.tokens()) {
    table.AddRow({t.token_id(), t.name(), t.role(), ScopesText(t.scopes()),
                  t.has_expires_at() ? Time(t.expires_at()) : "never", Time(t.revoked_at())});
  }
  table.Print(out);
}

void AddUserCommands(CLI::App* admin, const GlobalOptions& globals, Action* selected) {
  CLI::App* user = admin->add_subcommand("user", "Staff accounts");
  user->require_subcommand(1);

  struct Create {
    std::string username, display_name, password, role;
    ScopeFlags scopes;
  };
  auto create = std::make_shared<Create>();
  CLI::App* c = user->add_subcommand("create", "Create a staff account");
  c->add_option("username", create->username, "3-64 of a-z 0-9 . _ -")->required();
  c->add_option("--role", create->role, "agent, supervisor, warehouse, store or admin")->required();
  c->add_option("--display-name", create->display_name, "The person's name");
  c->add_option("--password", create->password, "At least 10 characters; else read from stdin")
      ->envname("OMS_PASSWORD");
  AddScopeFlags(c, &create->scopes);
  OnSelected(c, selected, [&globals, create] {
    oms::v1::CreateUserRequest request;
    request.set_username(create->username);
    request.set_display_name(create->display_name);
    request.set_password(PasswordOr(create->password));
    request.set_role(create->role);
    ToScopes(create->scopes, request.mutable_scopes());
    return CallAndPrint<User>(globals, kCreateUser, request, &PrintUser);
  });

  CLI::App* l = user->add_subcommand("list", "List staff accounts");
  OnSelected(l, selected, [&globals] {
    return CallAndPrint<oms::v1::ListUsersResponse>(globals, kListUsers,
                                                    oms::v1::ListUsersRequest(), &PrintUsers);
  });

  struct Update {
    std::string username, display_name, role;
    ScopeFlags scopes;
  };
  auto update = std::make_shared<Update>();
  CLI::App* u = user->add_subcommand(
      "update", "Change role, name or scopes (scopes given replace all four lists)");
  u->add_option("username", update->username)->required();
  u->add_option("--role", update->role, "New role");
  u->add_option("--display-name", update->display_name, "New name");
  AddScopeFlags(u, &update->scopes);
  OnSelected(u, selected, [&globals, update] {
    oms::v1::UpdateUserRequest request;
    request.set_username(update->username);
    request.set_role(update->role);
    request.set_display_name(update->display_name);
    if (update->scopes.any()) ToScopes(update->scopes, request.mutable_scopes());
    return CallAndPrint<User>(globals, kUpdateUser, request, &PrintUser);
  });

  auto username = std::make_shared<std::string>();
  for (auto [verb, method, help] :
       {std::tuple{"disable", kDisableUser, "Refuse sign-in; end the account's sessions now"},
        std::tuple{"enable", kEnableUser, "Allow sign-in again"}}) {
    CLI::App* v = user->add_subcommand(verb, help);
    v->add_option("username", *username)->required();
    OnSelected(v, selected, [&globals, username, method = method] {
      oms::v1::UserRequest request;
      request.set_username(*username);
      return CallAndPrint<User>(globals, method, request, &PrintUser);
    });
  }

  auto reset_password = std::make_shared<std::string>();
  CLI::App* r = user->add_subcommand(
      "reset-password", "Set a new password, clear the lock-out, end the account's sessions");
  r->add_option("username", *username)->required();
  r->add_option("--password", *reset_password, "The new password; else read from stdin")
      ->envname("OMS_PASSWORD");
  OnSelected(r, selected, [&globals, username, reset_password] {
    oms::v1::ResetPasswordRequest request;
    request.set_username(*username);
    request.set_new_password(PasswordOr(*reset_password));
    return CallAndPrint<User>(globals, kResetPassword, request, &PrintUser);
  });
}

void AddTokenCommands(CLI::App* admin, const GlobalOptions& globals, Action* selected) {
  CLI::App* token = admin->add_subcommand("token", "Service credentials");
  token->require_subcommand(1);

  struct Create {
    std::string name, description, role, expires;
    ScopeFlags scopes;
  };
  auto create = std::make_shared<Create>();
  CLI::App* c = token->add_subcommand("create", "Issue a service token (the secret is shown once)");
  c->add_option("name", create->name, "Principal service:<name>; 3-64 of a-z 0-9 . _ -")
      ->required();
  c->add_option("--role", create->role, "Usually channel")->required();
  c->add_option("--description", create->description, "What uses it");
  c->add_option("--expires", create->expires, "Lifetime: 30d, 12h, 90m; default never");
  AddScopeFlags(c, &create->scopes);
  OnSelected(c, selected, [&globals, create] {
    absl::StatusOr<int64_t> seconds = ParseExpiry(create->expires);
    if (!seconds.ok()) return ReportUsageError(seconds.status());
    oms::v1::CreateServiceTokenRequest request;
    request.set_name(create->name);
    request.set_description(create->description);
    request.set_role(create->role);
    request.set_expires_in_seconds(*seconds);
    ToScopes(create->scopes, request.mutable_scopes());
    return CallAndPrint<oms::v1::CreateServiceTokenResponse>(globals, kCreateServiceToken, request,
                                                             &PrintCreatedToken);
  });

  auto include_revoked = std::make_shared<bool>(false);
  CLI::App* l = token->add_subcommand("list", "List service tokens (never their secrets)");
  l->add_flag("--all", *include_revoked, "Include revoked tokens");
  OnSelected(l, selected, [&globals, include_revoked] {
    oms::v1::ListServiceTokensRequest request;
    request.set_include_revoked(*include_revoked);
    return CallAndPrint<oms::v1::ListServiceTokensResponse>(globals, kListServiceTokens, request,
                                                            &PrintTokens);
  });

  auto token_id = std::make_shared<std::string>();
  CLI::App* r = token->add_subcommand("revoke", "Revoke a service token at once");
  r->add_option("token-id", *token_id, "tok_... (admin token list)")->required();
  OnSelected(r, selected, [&globals, token_id] {
    oms::v1::RevokeServiceTokenRequest request;
    request.set_token_id(*token_id);
    return CallAndPrint<ServiceToken>(globals, kRevokeServiceToken, request, &PrintToken);
  });
}

}  // namespace

void AddAdminCommands(CLI::App& app, const GlobalOptions& globals, Action* selected) {
  CLI::App* admin = app.add_subcommand("admin", "Staff accounts and service tokens (role admin)");
  admin->require_subcommand(1);
  AddUserCommands(admin, globals, selected);
  AddTokenCommands(admin, globals, selected);
}

}  // namespace omsctl
