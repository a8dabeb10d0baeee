// Several region endpoints for one client (common/endpoints.h).
#include "common/endpoints.h"

#include <gtest/gtest.h>

namespace oms {
namespace {

TEST(ChannelTargetTest, OneEndpointIsUsedAsGiven) {
  EXPECT_EQ(*ChannelTarget("omsd.eu1.example:50051"), "omsd.eu1.example:50051");
  EXPECT_EQ(*ChannelTarget(" 127.0.0.1:50051 "), "127.0.0.1:50051");
  EXPECT_EQ(*ChannelTarget("unix:/run/omsd.sock"), "unix:/run/omsd.sock");
}

TEST(ChannelTargetTest, SeveralBecomeOneOrderedAddressList) {
  EXPECT_EQ(*ChannelTarget("127.0.0.1:50051,127.0.0.1:50061, 127.0.0.1:50071"),
            "ipv4:127.0.0.1:50051,127.0.0.1:50061,127.0.0.1:50071");
  EXPECT_EQ(*ChannelTarget("[::1]:50051,[fd00::5]:50051"), "ipv6:[::1]:50051,[fd00::5]:50051");
}

TEST(ChannelTargetTest, WhatGrpcCannotListIsRefusedWithTheEndpointNamed) {
  auto names = ChannelTarget("omsd.eu1.example:50051,127.0.0.1:50061");
  ASSERT_FALSE(names.ok());
  EXPECT_EQ(names.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(names.status().message().find("omsd.eu1.example:50051"), std::string::npos);
  EXPECT_FALSE(ChannelTarget("127.0.0.1,127.0.0.2:1").ok()) << "no port";
  EXPECT_FALSE(ChannelTarget("127.0.0.1:99999,127.0.0.2:1").ok()) << "no such port";
  EXPECT_FALSE(ChannelTarget("127.0.0.1:1,[::1]:2").ok()) << "mixed families";
  EXPECT_FALSE(ChannelTarget(" , ").ok());
}

}  // namespace
}  // namespace oms
