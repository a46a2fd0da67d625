#include "eval/iso8601.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace hc::eval {
namespace {

TEST(Iso8601, ParsesUtcOffsetsAndFractions) {
  EXPECT_DOUBLE_EQ(parse_iso8601("2023-11-14T22:13:30Z"), 1700000010.0);
  EXPECT_DOUBLE_EQ(parse_iso8601("2023-11-14T22:13:30"), 1700000010.0);
  EXPECT_DOUBLE_EQ(parse_iso8601("2023-11-15T06:13:30+08:00"), 1700000010.0);
  EXPECT_DOUBLE_EQ(parse_iso8601("2023-11-14T17:13:30-05:00"), 1700000010.0);
  EXPECT_DOUBLE_EQ(parse_iso8601("2023-11-14T22:13:30.5"), 1700000010.5);
}

TEST(Iso8601, RejectsWhatIsNotATimeQuotingIt) {
  for (const char* bad : {"yesterday", "2023-13-14T22:13:30Z", "2023-11-14T22:13:30+8", "2023-11-14T22:13:30+08:00x",
                          "2023-11-14 22:13"}) {
    try {
      parse_iso8601(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace hc::eval
