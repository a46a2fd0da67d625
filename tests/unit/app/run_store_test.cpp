// system.storage reaches the store of `headcount run`: the document's defaults are the store's own,
// given values are used, and a change applied to a running store prunes by the new retention.
#include "app/run_store.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include "config/config.h"

namespace hc::app {
namespace {

namespace fs = std::filesystem;

TEST(RunStore, TheDocumentsDefaultsAreTheStoresDefaults) {
  const store::StoreOptions from_defaults = run_store_options("x.db", config::defaults());
  const store::StoreOptions plain{"x.db"};
  EXPECT_EQ(from_defaults.max_records, plain.max_records);
  EXPECT_EQ(from_defaults.bin_retention_days, plain.bin_retention_days);
  EXPECT_EQ(from_defaults.path, fs::path("x.db"));
}

TEST(RunStore, RetentionsComeFromSystemStorage) {
  const auto v = config::validate({{"system", {{"storage", {{"max_raw_events", 5000}, {"bin_retention_days", 30}}}}}});
  ASSERT_TRUE(v.ok());
  const store::StoreOptions o = run_store_options("x.db", v.document);
  EXPECT_EQ(o.max_records, 5000);
  EXPECT_EQ(o.bin_retention_days, 30);
}

TEST(RunStore, AChangedRetentionPrunesTheRunningStore) {
  const fs::path dir = fs::temp_directory_path() / ("hc_run_store_" + std::to_string(::getpid()));
  {
    store::Store s(run_store_options(dir / "headcount.db", config::defaults()));
    rules::LineCrossing c;
    for (int i = 0; i < 1500; ++i) s.record({1.7e9 + i, c});
    s.flush();
    EXPECT_EQ(s.record_count(), 1500);
    const auto v = config::validate({{"system", {{"storage", {{"max_raw_events", 1000}}}}}});
    ASSERT_TRUE(v.ok());
    apply_store_retention(s, v.document);
    s.record({1.7e9 + 2000, c});
    s.flush();
    EXPECT_EQ(s.record_count(), 1000);
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace hc::app
