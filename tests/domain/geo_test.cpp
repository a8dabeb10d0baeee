#include "server/domain/geo.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace oms::domain {
namespace {

TEST(GeoTest, GreatCircleDistanceBetweenKnownCities) {
  // Berlin - Paris is about 878 km, London - New York about 5570 km.
  EXPECT_NEAR(GreatCircleKm(52.5200, 13.4050, 48.8566, 2.3522), 878, 5);
  EXPECT_NEAR(GreatCircleKm(51.5074, -0.1278, 40.7128, -74.0060), 5570, 15);
}

TEST(GeoTest, DistanceIsZeroToItselfAndSymmetric) {
  const GeoPoint a{48.1374, 11.5755}, b{40.4168, -3.7038};
  EXPECT_DOUBLE_EQ(GreatCircleKm(a, a), 0);
  EXPECT_DOUBLE_EQ(GreatCircleKm(a, b), GreatCircleKm(b, a));
}

TEST(GeoTest, AntipodesAreHalfTheCircumferenceApart) {
  EXPECT_NEAR(GreatCircleKm(0, 0, 0, 180), 3.14159265358979 * kEarthRadiusKm, 1e-6);
  EXPECT_NEAR(GreatCircleKm(90, 0, -90, 0), 3.14159265358979 * kEarthRadiusKm, 1e-6);
}

TEST(GeoTest, PostalCodeWinsOverCity) {
  GeoTable t;
  t.Add("DE", "", "Berlin", {52.52, 13.405});
  t.Add("DE", "12057", "Berlin", {52.4763, 13.453});
  auto p = t.Find("DE", "12057", "Berlin");
  ASSERT_TRUE(p.has_value());
  EXPECT_DOUBLE_EQ(p->lat, 52.4763);
  auto unknown_code = t.Find("DE", "99999", "Berlin");
  ASSERT_TRUE(unknown_code.has_value());
  EXPECT_DOUBLE_EQ(unknown_code->lat, 52.52);
}

TEST(GeoTest, PostalCodesIgnoreSpacesAndCase) {
  GeoTable t;
  t.Add("NL", "3089 JB", "Rotterdam", {51.885, 4.442});
  EXPECT_TRUE(t.Find("NL", "3089jb", "").has_value());
  EXPECT_TRUE(t.Find("nl", " 3089  JB ", "").has_value());
}

TEST(GeoTest, CitiesIgnoreCaseButNotCountry) {
  GeoTable t;
  t.Add("FR", "", "Paris", {48.8566, 2.3522});
  EXPECT_TRUE(t.Find("FR", "", "PARIS").has_value());
  EXPECT_TRUE(t.Find("fr", "", "paris ").has_value());
  EXPECT_FALSE(t.Find("US", "", "Paris").has_value());
  EXPECT_FALSE(t.Find("FR", "", "").has_value());
}

TEST(GeoTest, TheFirstPointAddedForAKeyWins) {
  GeoTable t;
  t.Add("FR", "", "Paris", {48.8566, 2.3522});
  t.Add("FR", "75011", "Paris", {48.859, 2.38});
  EXPECT_DOUBLE_EQ(t.Find("FR", "", "Paris")->lon, 2.3522);
}

TEST(GeoTest, ParsesCommentsBlankLinesAndRows) {
  auto t = ParseGeoCsv(
      "# demo places\n"
      "country,postal_code,city,latitude,longitude\n"
      "\n"
      "DE, 10119 ,Berlin,52.5297,13.4015\r\n"
      "  # districts follow\n"
      "US,,New York,40.7128,-74.0060\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_DOUBLE_EQ(t->Find("DE", "10119", "")->lon, 13.4015);
  EXPECT_DOUBLE_EQ(t->Find("US", "", "new york")->lon, -74.006);
}

TEST(GeoTest, AByteOrderMarkBeforeTheHeaderIsIgnored) {
  auto t = ParseGeoCsv("\xEF\xBB\xBF" "country,postal_code,city,latitude,longitude\n"
                       "FR,,Paris,48.8566,2.3522\n");
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_TRUE(t->Find("FR", "", "Paris").has_value());
}

TEST(GeoTest, BadRowsNameTheirLine) {
  const std::string header = "country,postal_code,city,latitude,longitude\n";
  struct Case {
    std::string text;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {header + "DE,10119,Berlin,52.5\n", "line 2: expected 5 fields, found 4"},
           {header + "\n# x\nDE,10119,Berlin,north,13.4\n", "line 4: latitude 'north' is not"},
           {header + "DE,10119,Berlin,52.5,190\n", "line 2: longitude 190 is outside"},
           {header + "DE,10119,Berlin,95,13\n", "line 2: latitude 95 is outside"},
           {header + ",10119,Berlin,52.5,13.4\n", "line 2: country is empty"},
           {header + "DE,,,52.5,13.4\n", "line 2: needs a postal code or a city"},
           {"country,city,latitude,longitude\n", "line 1: expected the header"},
           {"# only a comment\n", "no header line"},
       }) {
    auto t = ParseGeoCsv(c.text);
    EXPECT_EQ(t.status().code(), absl::StatusCode::kInvalidArgument) << c.text;
    EXPECT_NE(t.status().message().find(c.expected), std::string::npos)
        << t.status() << " should contain " << c.expected;
  }
}

// The shipped table parses and knows every demo node and demo address.
TEST(GeoTest, TheShippedTableCoversTheDemo) {
  std::ifstream in(OMS_RESOURCES_DIR "/geo/locations.csv");
  ASSERT_TRUE(in) << "resources/geo/locations.csv";
  std::stringstream text;
  text << in.rdbuf();
  auto t = ParseGeoCsv(text.str());
  ASSERT_TRUE(t.ok()) << t.status();
  struct Place {
    const char* country;
    const char* postal_code;
    const char* city;
  };
  for (const Place& p : std::vector<Place>{
           {"DE", "12057", "Berlin"}, {"NL", "3089 JB", "Rotterdam"}, {"PL", "54-530", "Wroclaw"},
           {"FR", "75001", "Paris"}, {"DE", "80331", "Munich"}, {"ES", "28013", "Madrid"},
           {"US", "89502", "Reno"}, {"US", "43215", "Columbus"}, {"US", "75207", "Dallas"},
           {"US", "10013", "New York"}, {"US", "60611", "Chicago"},
           {"US", "94108", "San Francisco"}, {"DE", "10119", ""}, {"DE", "10435", ""},
           {"DE", "10999", ""}, {"DE", "80802", ""}, {"ES", "28009", ""}, {"FR", "69001", ""},
           {"FR", "69005", ""}, {"FR", "75009", ""}, {"FR", "75011", ""}, {"IT", "20144", ""},
           {"NL", "1016 GV", ""}, {"DE", "", "München"}, {"IT", "", "Milano"},
           {"AT", "", "Wien"}, {"BE", "", "Brussels"}, {"GB", "", "London"},
           {"IE", "", "Dublin"}, {"PL", "", "Warszawa"}}) {
    EXPECT_TRUE(t->Find(p.country, p.postal_code, p.city).has_value())
        << p.country << " " << p.postal_code << " " << p.city;
  }
  // The node's postal code and the city's centre are a few km apart.
  EXPECT_LT(GreatCircleKm(*t->Find("DE", "12057", ""), *t->Find("DE", "", "Berlin")), 10);
}

}  // namespace
}  // namespace oms::domain
