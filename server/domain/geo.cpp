#include "server/domain/geo.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"

namespace oms::domain {
namespace {

constexpr double kPi = 3.14159265358979323846;

double Radians(double degrees) { return degrees * kPi / 180.0; }

std::string CountryKey(absl::string_view country) {
  return absl::AsciiStrToUpper(absl::StripAsciiWhitespace(country));
}

std::string PostalKey(absl::string_view country, absl::string_view postal_code) {
  std::string key = absl::StrCat(CountryKey(country), "|");
  for (char c : postal_code) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c))) key.push_back(absl::ascii_toupper(c));
  }
  return key;
}

std::string CityKey(absl::string_view country, absl::string_view city) {
  return absl::StrCat(CountryKey(country), "|",
                      absl::AsciiStrToLower(absl::StripAsciiWhitespace(city)));
}

absl::Status RowError(int line_no, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("locations line ", line_no, ": ", what));
}

absl::StatusOr<double> Coordinate(int line_no, absl::string_view name, absl::string_view text,
                                  double limit) {
  double value = 0;
  if (!absl::SimpleAtod(text, &value) || !std::isfinite(value)) {
    return RowError(line_no, absl::StrCat(name, " '", text, "' is not a number"));
  }
  if (value < -limit || value > limit) {
    return RowError(line_no, absl::StrCat(name, " ", text, " is outside -", limit, "..", limit));
  }
  return value;
}

}  // namespace

double GreatCircleKm(double lat1, double lon1, double lat2, double lon2) {
  const double dlat = Radians(lat2 - lat1);
  const double dlon = Radians(lon2 - lon1);
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(Radians(lat1)) * std::cos(Radians(lat2)) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  // min() guards asin against rounding just above 1 for antipodal points.
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

double GreatCircleKm(const GeoPoint& a, const GeoPoint& b) {
  return GreatCircleKm(a.lat, a.lon, b.lat, b.lon);
}

void GeoTable::Add(absl::string_view country, absl::string_view postal_code,
                   absl::string_view city, GeoPoint point) {
  if (!absl::StripAsciiWhitespace(postal_code).empty()) {
    by_postal_code_.emplace(PostalKey(country, postal_code), point);
  }
  if (!absl::StripAsciiWhitespace(city).empty()) {
    by_city_.emplace(CityKey(country, city), point);
  }
}

std::optional<GeoPoint> GeoTable::Find(absl::string_view country, absl::string_view postal_code,
                                       absl::string_view city) const {
  if (!absl::StripAsciiWhitespace(postal_code).empty()) {
    auto it = by_postal_code_.find(PostalKey(country, postal_code));
    if (it != by_postal_code_.end()) return it->second;
  }
  if (!absl::StripAsciiWhitespace(city).empty()) {
    auto it = by_city_.find(CityKey(country, city));
    if (it != by_city_.end()) return it->second;
  }
  return std::nullopt;
}

absl::StatusOr<GeoTable> ParseGeoCsv(absl::string_view text) {
  constexpr absl::string_view kHeader = "country,postal_code,city,latitude,longitude";
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // a UTF-8 byte order mark
  GeoTable table;
  bool header_seen = false;
  int line_no = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_no;
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line.front() == '#') continue;
    std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    for (auto& f : fields) f = absl::StripAsciiWhitespace(f);
    if (!header_seen) {
      if (absl::StrJoin(fields, ",") != kHeader) {
        return RowError(line_no, absl::StrCat("expected the header '", kHeader, "'"));
      }
      header_seen = true;
      continue;
    }
    if (fields.size() != 5) {
      return RowError(line_no, absl::StrCat("expected 5 fields, found ", fields.size()));
    }
    if (fields[0].empty()) return RowError(line_no, "country is empty");
    if (fields[1].empty() && fields[2].empty()) {
      return RowError(line_no, "needs a postal code or a city");
    }
    auto lat = Coordinate(line_no, "latitude", fields[3], 90);
    if (!lat.ok()) return lat.status();
    auto lon = Coordinate(line_no, "longitude", fields[4], 180);
    if (!lon.ok()) return lon.status();
    table.Add(fields[0], fields[1], fields[2], GeoPoint{*lat, *lon});
  }
  if (!header_seen) return RowError(line_no, "no header line");
  return table;
}

}  // namespace oms::domain
