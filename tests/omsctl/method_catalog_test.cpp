#include "omsctl/method_catalog.h"

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "omsctl/methods.h"

namespace omsctl {
namespace {

using ::testing::HasSubstr;

TEST(FindMethodTest, AcceptsSlashLeadingSlashAndDotForms) {
  for (const char* name :
       {"oms.v1.OrderService/PlaceOrder", "/oms.v1.OrderService/PlaceOrder",
        "oms.v1.OrderService.PlaceOrder"}) {
    const auto method = FindMethod(name);
    ASSERT_TRUE(method.ok()) << name << ": " << method.status();
    EXPECT_EQ((*method)->input_type()->full_name(),
              "oms.v1.PlaceOrderRequest");
  }
}

TEST(FindMethodTest, AnUnknownServiceIsNotFoundListingTheServices) {
  const auto method = FindMethod("oms.v2.OrderService/PlaceOrder");
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(method.status().message()),
              HasSubstr("oms.v1.OrderService"));
}

TEST(FindMethodTest, AnUnknownMethodIsNotFoundListingTheMethods) {
  const auto method = FindMethod("oms.v1.OrderService/NoSuchMethod");
  ASSERT_FALSE(method.ok());
  EXPECT_EQ(method.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(method.status().message()),
              HasSubstr("PlaceOrder, GetOrder"));
}

TEST(FindMethodTest, ANameWithoutAServiceIsInvalidArgument) {
  EXPECT_EQ(FindMethod("PlaceOrder").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FindMethod("oms.v1.OrderService/").status().code(),
            absl::StatusCode::kInvalidArgument);
}

// Reads the protos themselves, so that a service added to proto/oms/v1 and
// missing from the pool (a linking mistake) fails here.
TEST(ListMethodsTest, HasEveryServiceDeclaredInTheProtos) {
  std::set<std::string> listed;
  for (const auto* method : ListMethods()) {
    listed.insert(method->service()->full_name());
  }
  const std::regex service_line(R"(^\s*service\s+(\w+))");
  int declared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(OMS_PROTO_DIR)) {
    if (entry.path().extension() != ".proto") continue;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      std::smatch match;
      if (std::regex_search(line, match, service_line)) {
        ++declared;
        EXPECT_TRUE(listed.count("oms.v1." + match[1].str()))
            << match[1] << " from " << entry.path();
      }
    }
  }
  EXPECT_GE(declared, 6);
}

TEST(ListMethodsTest, EveryVerbCallsAMethodThatExists) {
  for (const std::string_view path : kVerbMethods) {
    EXPECT_TRUE(FindMethod(path).ok()) << path;
  }
}

TEST(MethodNameTest, IsTheCallFormAndPathIsTheGrpcForm) {
  const auto method = FindMethod("oms.v1.SessionService/WhoAmI");
  ASSERT_TRUE(method.ok());
  EXPECT_EQ(MethodName(**method), "oms.v1.SessionService/WhoAmI");
  EXPECT_EQ(MethodPath(**method), "/oms.v1.SessionService/WhoAmI");
}

}  // namespace
}  // namespace omsctl
