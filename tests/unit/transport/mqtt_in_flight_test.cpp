// The MQTT sender's window bookkeeping: the acknowledged prefix follows publish order whatever
// order the acknowledgements arrive in; unknown ids are ignored.
#include "transport/mqtt_in_flight.h"

#include <gtest/gtest.h>

using hc::transport::InFlight;

TEST(MqttInFlight, PrefixAdvancesOnlyInPublishOrder) {
  InFlight f(4);
  for (const int mid : {7, 8, 9, 10}) f.published(mid);
  std::vector<int> acks = {8, 9};
  EXPECT_FALSE(f.take(acks));  // the oldest (7) is still in flight
  EXPECT_TRUE(acks.empty());
  EXPECT_EQ(f.done, 0u);
  acks = {7};
  EXPECT_TRUE(f.take(acks));
  EXPECT_EQ(f.done, 3u);
  acks = {42, 10};  // 42: not one of ours
  EXPECT_TRUE(f.take(acks));
  EXPECT_EQ(f.done, 4u);
}

TEST(MqttInFlight, MessageIdsWrapAround) {
  InFlight f(3);
  for (const int mid : {65535, 1, 2}) f.published(mid);
  std::vector<int> acks = {65535, 1, 2};
  EXPECT_TRUE(f.take(acks));
  EXPECT_EQ(f.done, 3u);
  EXPECT_TRUE(f.index_of.empty());
}
