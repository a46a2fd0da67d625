#include "core/uuid.h"

#include <gtest/gtest.h>

#include <set>

namespace hc::core {
namespace {

TEST(Uuid, VersionFourFormatAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = new_uuid();
    EXPECT_TRUE(is_uuid(id)) << id;
    EXPECT_EQ(id[14], '4');
    EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_FALSE(is_uuid("not-a-uuid"));
  EXPECT_TRUE(is_uuid("9a0440de-3188-4f6d-b886-bb20c97bd26b"));
}

}  // namespace
}  // namespace hc::core
