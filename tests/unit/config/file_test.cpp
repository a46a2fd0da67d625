// Files: round trip, atomic save, parse errors naming file and line, and the ConfigStore.
#include "config_test_util.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <unistd.h>

namespace hc::config::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ConfigFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hc_config_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  std::size_t entries() const {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()));
  }
  fs::path dir_;
};

TEST_F(ConfigFile, RoundTrip) {
  const auto first = validate({{"rules", {{"lines", {{{"points", zigzag(3)}, {"name", "door"}}}}}},
                               {"communication", {{"recipients", {http_recipient("a")}}}}});
  ASSERT_TRUE(first.ok());
  const fs::path p = dir_ / "config.json";
  save_atomic(p, first.document);
  const auto loaded = load_file(p);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.document, first.document);
  save_atomic(p, loaded.document);
  EXPECT_EQ(load_file(p).document, first.document);
  EXPECT_EQ(entries(), 1u);
}

TEST_F(ConfigFile, FailedSaveKeepsOldFileAndRemovesTemp) {
  const fs::path p = dir_ / "config.json";
  save_atomic(p, defaults());
  const std::string before = read(p);
  json bad = defaults();
  bad["system"]["device_name"] = std::string("\xff\xfe");  // not UTF-8: cannot be serialised
  try {
    save_atomic(p, bad);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(p.string()), std::string::npos) << e.what();
  }
  EXPECT_EQ(read(p), before);
  EXPECT_EQ(entries(), 1u);
}

TEST_F(ConfigFile, FailedRenameRemovesTemp) {
  // Renaming a file over a non-empty directory fails after the temporary file was written.
  const fs::path target = dir_ / "occupied";
  fs::create_directories(target / "inside");
  EXPECT_THROW(save_atomic(target, defaults()), std::runtime_error);
  EXPECT_TRUE(fs::is_directory(target / "inside"));
  EXPECT_EQ(entries(), 1u);
}

TEST_F(ConfigFile, MalformedJsonNamesFileAndLine) {
  const fs::path p = dir_ / "broken.json";
  write(p, "{\n  \"rules\": {\n    \"lines\": [,]\n  }\n}\n");
  const auto result = load_file(p);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].path, "");
  EXPECT_EQ(result.errors[0].message.rfind(p.string() + ":3:15: invalid JSON: ", 0), 0u) << result.errors[0].message;
}

TEST_F(ConfigFile, MissingFileNamesIt) {
  const auto result = load_file(dir_ / "absent.json");
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message, (dir_ / "absent.json").string() + ": cannot open: No such file or directory");
}

TEST_F(ConfigFile, StoreStartsFromDefaultsAndPersists) {
  const fs::path p = dir_ / "config.json";
  std::unique_ptr<ConfigStore> store;
  ASSERT_TRUE(ConfigStore::open(p, store).ok());
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->get(), defaults());
  EXPECT_EQ(load_file(p).document, defaults());
}

TEST_F(ConfigFile, StoreReplaceInvalidChangesNothing) {
  const fs::path p = dir_ / "config.json";
  std::unique_ptr<ConfigStore> store;
  ASSERT_TRUE(ConfigStore::open(p, store).ok());
  int notified = 0;
  store->subscribe([&](const ConfigStore::Snapshot&) { ++notified; });
  const auto before_snapshot = store->get();
  const std::string before_file = read(p);
  json bad = defaults();
  bad["rules"]["lines"] = {{{"points", zigzag(5)}}};
  const auto result = store->replace(bad);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].to_string(), "rules.lines[0].points: 5 segments, at most 4");
  EXPECT_EQ(store->get(), before_snapshot);
  EXPECT_EQ(read(p), before_file);
  EXPECT_EQ(notified, 0);
  EXPECT_FALSE(store->replace_section("rules", {{"tracking_mode", "toes"}}).ok());
  EXPECT_FALSE(store->replace_section("nonsense", json::object()).ok());
  EXPECT_EQ(store->get(), before_snapshot);
}

TEST_F(ConfigFile, StoreReplaceValidPersistsAndNotifies) {
  const fs::path p = dir_ / "config.json";
  std::unique_ptr<ConfigStore> store;
  ASSERT_TRUE(ConfigStore::open(p, store).ok());
  json seen;
  store->subscribe([&](const ConfigStore::Snapshot& s) { seen = *s; });
  ASSERT_TRUE(store->replace_section("rules", {{"tracking_mode", "feet"}, {"lines", {{{"points", zigzag(1)}}}}}).ok());
  EXPECT_EQ((*store->get())["rules"]["tracking_mode"], "feet");
  EXPECT_EQ(seen, *store->get());
  EXPECT_EQ(load_file(p).document, *store->get());
  // Reopening keeps the line's UUID.
  std::unique_ptr<ConfigStore> again;
  ASSERT_TRUE(ConfigStore::open(p, again).ok());
  EXPECT_EQ((*again->get())["rules"]["lines"][0]["uuid"], (*store->get())["rules"]["lines"][0]["uuid"]);
}

TEST_F(ConfigFile, StoreRefusesAnInvalidFile) {
  const fs::path p = dir_ / "config.json";
  write(p, R"({"rules": {"tracking_mode": "toes"}})");
  std::unique_ptr<ConfigStore> store;
  const auto result = ConfigStore::open(p, store);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].to_string(), "rules.tracking_mode: \"toes\" is not one of: heads, feet");
  EXPECT_FALSE(store);
  EXPECT_EQ(read(p), R"({"rules": {"tracking_mode": "toes"}})");
}

}  // namespace
}  // namespace hc::config::test
