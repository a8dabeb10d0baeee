#include "server/storage/order_search_sql.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/sha256.h"
#include "server/storage/order_codec.h"
#include "server/storage/page_token.h"
#include "server/storage/search_keys.h"

namespace oms::storage {
namespace {

constexpr size_t kMinNumberPrefix = 5;
constexpr char kTokenKind[] = "orders";

constexpr char kSelect[] =
    "SELECT o.order_id, o.order_number, o.region, o.channel, o.status, o.payment_status, "
    "o.fulfillment_status, o.customer_id, o.customer_name, "
    "json_extract(o.body, '$.customer.email'), json_extract(o.body, '$.customer.phone'), "
    "o.total_minor, o.currency, o.line_count, o.created_at, o.holds";

std::string NormalizedNumber(const std::string& number) {
  return absl::AsciiStrToUpper(absl::StripAsciiWhitespace(number));
}

// Identifies the filters of a search, so that a page token is only
// accepted by the search that issued it.
std::string Fingerprint(const application::OrderSearch& s) {
  std::string key = absl::StrCat(
      NormalizedNumber(s.order_number), "|", NormalizeEmail(s.email), "|", PhoneDigits(s.phone),
      "|", NormalizeName(s.customer_name), "|", s.sku, "|", s.channel, "|", s.node_id, "|",
      s.region, "|", s.created_from ? ToMicros(*s.created_from) : -1, "|",
      s.created_to ? ToMicros(*s.created_to) : -1, "|", s.oldest_first ? "asc" : "desc", "|");
  for (domain::OrderStatus status : s.statuses) absl::StrAppend(&key, domain::Name(status), ",");
  for (const auto* list : {&s.scope.regions, &s.scope.channels, &s.scope.any_node}) {
    absl::StrAppend(&key, "|", *list ? absl::StrJoin(**list, ",") : "*");
  }
  return Sha256Hex(key).substr(0, 16);
}

// Conditions with their arguments, in the order they appear in the text.
struct Clause {
  std::vector<std::string> conditions;
  std::vector<OrderSearchSql::Arg> args;

  void Add(std::string condition, std::vector<OrderSearchSql::Arg> values = {}) {
    conditions.push_back(std::move(condition));
    for (auto& v : values) args.push_back(std::move(v));
  }
  std::string Where() const {
    return conditions.empty() ? "" : absl::StrCat(" WHERE ", absl::StrJoin(conditions, " AND "));
  }
};

std::string SideTableLookup(absl::string_view table, absl::string_view column) {
  return absl::StrCat("EXISTS (SELECT 1 FROM ", table, " x WHERE x.", column,
                      " = ? AND x.created_at = o.created_at AND x.order_id = o.order_id)");
}

// The most selective word of a name query: the longest.
std::vector<std::string>::iterator LongestWord(std::vector<std::string>& words) {
  return std::max_element(words.begin(), words.end(),
                          [](const auto& a, const auto& b) { return a.size() < b.size(); });
}

// Conditions `column >= prefix AND column < PrefixEnd(prefix)`.
// "column IN (values)"; an empty list matches nothing.
void AddIn(Clause& where, absl::string_view column, const std::vector<std::string>& values) {
  if (values.empty()) {
    where.Add("0");
    return;
  }
  std::vector<std::string> marks(values.size(), "?");
  where.Add(absl::StrCat(column, " IN (", absl::StrJoin(marks, ", "), ")"),
            std::vector<OrderSearchSql::Arg>(values.begin(), values.end()));
}

// What the principal may see (access_scope.h), on top of its filters.
void AddScope(const application::SearchScope& scope, Clause& where) {
  if (scope.regions) AddIn(where, "o.region", *scope.regions);
  if (scope.channels) AddIn(where, "o.channel", *scope.channels);
  if (scope.any_node) {
    if (scope.any_node->empty()) {
      where.Add("0");
      return;
    }
    std::vector<std::string> marks(scope.any_node->size(), "?");
    where.Add(absl::StrCat("EXISTS (SELECT 1 FROM order_nodes x WHERE x.node_id IN (",
                           absl::StrJoin(marks, ", "),
                           ") AND x.created_at = o.created_at AND x.order_id = o.order_id)"),
              std::vector<OrderSearchSql::Arg>(scope.any_node->begin(), scope.any_node->end()));
  }
}

void AddPrefixRange(Clause& clause, absl::string_view column, const std::string& prefix) {
  clause.Add(absl::StrCat(column, " >= ?"), {prefix});
  const std::string end = PrefixEnd(prefix);
  if (!end.empty()) clause.Add(absl::StrCat(column, " < ?"), {end});
}

OrderSearchSql CappedCount(absl::string_view table, absl::string_view column,
                           const std::string& prefix) {
  Clause range;
  AddPrefixRange(range, column, prefix);
  OrderSearchSql probe;
  probe.sql =
      absl::StrCat("SELECT COUNT(*) FROM (SELECT 1 FROM ", table, range.Where(), " LIMIT ?)");
  probe.args = std::move(range.args);
  probe.args.emplace_back(static_cast<int64_t>(kBroadPrefixRows));
  return probe;
}

}  // namespace

std::optional<OrderSearchSql> NamePrefixProbe(const application::OrderSearch& search) {
  std::vector<std::string> words = NameTokens(search.customer_name);
  const bool other_driver = !NormalizedNumber(search.order_number).empty() ||
                            !NormalizeEmail(search.email).empty() ||
                            !PhoneDigits(search.phone).empty();
  if (words.empty() || other_driver) return std::nullopt;
  return CappedCount("order_name_tokens", "token", *LongestWord(words));
}

std::optional<OrderSearchSql> NumberPrefixProbe(const application::OrderSearch& search) {
  const std::string number = NormalizedNumber(search.order_number);
  if (number.size() < kMinNumberPrefix) return std::nullopt;
  return CappedCount("orders", "order_number", number);
}

std::string OrderSearchPageToken(const application::OrderSearch& search, int64_t created_micros,
                                 const std::string& order_id) {
  return EncodePageToken(kTokenKind, {Fingerprint(search), absl::StrCat(created_micros), order_id});
}

namespace {

// The search's filters in the form they are stored in.
struct Normalized {
  std::string number;
  std::string email;
  std::string phone;
  std::vector<std::string> words;
};

enum class Driver { kOrders, kName, kSku, kNode };

// The row a page token continues after; nullopt for the first page.
struct After {
  int64_t created_micros = 0;
  std::string order_id;
};

absl::StatusOr<std::optional<After>> DecodeAfter(const application::OrderSearch& search) {
  if (search.page_token.empty()) return std::nullopt;
  absl::StatusOr<std::vector<std::string>> parts =
      DecodePageToken(search.page_token, kTokenKind, 3);
  if (!parts.ok()) return parts.status();
  if ((*parts)[0] != Fingerprint(search)) {
    return absl::InvalidArgumentError(
        "page_token: it belongs to a search with other filters or order; leave it empty to "
        "start this search from the first page");
  }
  After after;
  if (!absl::SimpleAtoi((*parts)[1], &after.created_micros)) {
    return absl::InvalidArgumentError("page_token: garbled; leave it empty to start again");
  }
  after.order_id = (*parts)[2];
  return after;
}

absl::StatusOr<Normalized> Normalize(const application::OrderSearch& search) {
  Normalized n{NormalizedNumber(search.order_number), NormalizeEmail(search.email),
               PhoneDigits(search.phone), NameTokens(search.customer_name)};
  if (!search.phone.empty() && n.phone.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("phone: '", search.phone, "' has no digits to search for"));
  }
  if (!search.customer_name.empty() && n.words.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("customer_name: '", search.customer_name, "' has no letters or digits"));
  }
  return n;
}

// Exact matches on indexed columns beat everything; then the side tables.
Driver ChooseDriver(const application::OrderSearch& search, const Normalized& n,
                    const OrderSearchHints& hints) {
  if (!n.number.empty() || !n.email.empty() || !n.phone.empty()) return Driver::kOrders;
  if (!n.words.empty() && !hints.broad_name) return Driver::kName;
  if (!search.sku.empty()) return Driver::kSku;
  if (!search.node_id.empty()) return Driver::kNode;
  return Driver::kOrders;
}

// The filters checked per row, on `orders o`; `words` are the name words
// that do not drive.
void AddRowFilters(const application::OrderSearch& search, const Normalized& n,
                   const std::vector<std::string>& words, Driver driver,
                   const OrderSearchHints& hints, Clause& where) {
  if (!n.number.empty()) {
    if (n.number.size() >= kMinNumberPrefix) {
      // Unary + keeps a broad prefix off the number index, so the planner
      // walks the orders in time order instead of sorting every match.
      AddPrefixRange(where, hints.broad_number ? "+o.order_number" : "o.order_number", n.number);
    } else {
      where.Add("o.order_number = ?", {n.number});
    }
  }
  if (!n.email.empty()) where.Add("o.email_norm = ?", {n.email});
  if (!n.phone.empty()) where.Add("o.phone_digits = ?", {n.phone});
  // Matched against the normalized name, whose words are separated by single
  // spaces (NormalizeName); a word holds only letters and digits, so nothing
  // in it is a LIKE wildcard.
  for (const std::string& word : words) {
    where.Add("(' ' || o.name_norm) LIKE ?", {absl::StrCat("% ", word, "%")});
  }
  if (!search.sku.empty() && driver != Driver::kSku) {
    where.Add(SideTableLookup("order_skus", "sku"), {search.sku});
  }
  if (!search.node_id.empty() && driver != Driver::kNode) {
    where.Add(SideTableLookup("order_nodes", "node_id"), {search.node_id});
  }
  if (!search.statuses.empty()) {
    std::vector<OrderSearchSql::Arg> names;
    for (domain::OrderStatus st : search.statuses) {
      names.emplace_back(std::string(domain::Name(st)));
    }
    std::vector<std::string> marks(names.size(), "?");
    where.Add(absl::StrCat("o.status IN (", absl::StrJoin(marks, ", "), ")"), std::move(names));
  }
  if (!search.channel.empty()) where.Add("o.channel = ?", {search.channel});
  if (!search.region.empty()) where.Add("o.region = ?", {search.region});
  AddScope(search.scope, where);
}

void Append(Clause& to, Clause&& from) {
  for (auto& c : from.conditions) to.conditions.push_back(std::move(c));
  for (auto& a : from.args) to.args.push_back(std::move(a));
}

}  // namespace

absl::StatusOr<OrderSearchSql> BuildOrderSearchSql(const application::OrderSearch& search,
                                                   int limit, const OrderSearchHints& hints) {
  absl::StatusOr<std::optional<After>> after = DecodeAfter(search);
  if (!after.ok()) return after.status();
  absl::StatusOr<Normalized> n = Normalize(search);
  if (!n.ok()) return n.status();
  const Driver driver = ChooseDriver(search, *n, hints);

  // Conditions on the sort key go on the table that drives the query, so
  // that its index yields the rows already in order.
  const absl::string_view key = driver == Driver::kOrders ? "o."
                                : driver == Driver::kName ? ""
                                                          : "d.";
  Clause keyed;
  if (search.created_from) {
    keyed.Add(absl::StrCat(key, "created_at >= ?"), {ToMicros(*search.created_from)});
  }
  if (search.created_to) {
    keyed.Add(absl::StrCat(key, "created_at < ?"), {ToMicros(*search.created_to)});
  }
  if (after->has_value()) {
    keyed.Add(absl::StrCat("(", key, "created_at, ", key, "order_id) ",
                           search.oldest_first ? ">" : "<", " (?, ?)"),
              {(*after)->created_micros, (*after)->order_id});
  }

  OrderSearchSql out;
  Clause where;
  std::string from;
  std::vector<std::string> other_words = n->words;
  switch (driver) {
    case Driver::kOrders:
      from = "orders o";
      Append(where, std::move(keyed));
      break;
    case Driver::kName: {
      // DISTINCT because one order can match through two of its words
      // ("ann" in "Ann Annabel").
      auto longest = LongestWord(other_words);
      Clause tokens;
      AddPrefixRange(tokens, "token", *longest);
      Append(tokens, std::move(keyed));
      from = absl::StrCat("(SELECT DISTINCT created_at, order_id FROM order_name_tokens",
                          tokens.Where(), ") d JOIN orders o ON o.order_id = d.order_id");
      out.args = std::move(tokens.args);  // they come first in the text
      other_words.erase(longest);
      break;
    }
    case Driver::kSku:
      from = "order_skus d JOIN orders o ON o.order_id = d.order_id";
      where.Add("d.sku = ?", {search.sku});
      Append(where, std::move(keyed));
      break;
    case Driver::kNode:
      from = "order_nodes d JOIN orders o ON o.order_id = d.order_id";
      where.Add("d.node_id = ?", {search.node_id});
      Append(where, std::move(keyed));
      break;
  }
  AddRowFilters(search, *n, other_words, driver, hints, where);

  const absl::string_view sort = driver == Driver::kOrders ? "o." : "d.";
  const absl::string_view direction = search.oldest_first ? "ASC" : "DESC";
  out.sql = absl::StrCat(kSelect, " FROM ", from, where.Where(), " ORDER BY ", sort, "created_at ",
                         direction, ", ", sort, "order_id ", direction, " LIMIT ?");
  for (auto& a : where.args) out.args.push_back(std::move(a));
  out.args.emplace_back(static_cast<int64_t>(limit));
  return out;
}

}  // namespace oms::storage
