#pragma once

#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace oms::domain {

// A place on Earth in decimal degrees (WGS 84).
struct GeoPoint {
  double lat = 0;
  double lon = 0;
};

inline constexpr double kEarthRadiusKm = 6371.0;

// Great-circle distance in km between two points (haversine formula on a
// sphere of radius kEarthRadiusKm; within 0.5% of the ellipsoid distance).
double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);
double GreatCircleKm(const GeoPoint& a, const GeoPoint& b);

// Where postal codes and cities are, so that routing can measure the distance
// from a node to a shipping address without a geocoding service. Keys are
// per country (ISO 3166 alpha-2, compared case-insensitively). Postal codes
// are compared without spaces and case ("3089 JB" == "3089jb"); cities are
// compared case-insensitively (ASCII letters only: list "München" and
// "Munich" both if both spellings occur). A value type; not thread-safe for
// writing, safe to read from many threads once built.
class GeoTable {
 public:
  // Records a place under its postal code and under its city; either may be
  // empty. The first point added for a key wins, so list a city's centre
  // before its districts.
  void Add(absl::string_view country, absl::string_view postal_code, absl::string_view city,
           GeoPoint point);

  // The postal code's point if known, else the city's, else nullopt.
  std::optional<GeoPoint> Find(absl::string_view country, absl::string_view postal_code,
                               absl::string_view city) const;

  // Keys known: postal codes plus cities.
  size_t size() const { return by_postal_code_.size() + by_city_.size(); }

 private:
  std::map<std::string, GeoPoint> by_postal_code_;  // "DE|10119"
  std::map<std::string, GeoPoint> by_city_;         // "DE|berlin"
};

// Parses the text of resources/geo/locations.csv: a header line
// `country,postal_code,city,latitude,longitude`, then one place per line.
// Blank lines and lines starting with '#' are skipped; fields are trimmed and
// may not contain commas (no quoting). INVALID_ARGUMENT naming the line
// number for a wrong header, a wrong field count, a missing country, a row
// with neither postal code nor city, or a coordinate that is not a number in
// range. Pure: the caller reads the file.
absl::StatusOr<GeoTable> ParseGeoCsv(absl::string_view text);

}  // namespace oms::domain
