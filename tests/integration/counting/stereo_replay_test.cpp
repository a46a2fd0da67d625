// The stereo path end to end, as a user runs it: `headcount simulate` renders a short scenario as
// a stereo recording, `headcount replay` runs the whole pipeline on it (census-SGM matcher) and
// writes the guide's reports, and hc::eval scores them against the simulator's truth. One short
// scenario with a loose guard: the sweep over every scenario is scripts/accuracy-sweep.sh
// (docs/accuracy.md). Also checks that replay validates rules as the configuration is validated.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/commands.h"
#include "eval/replay_eval.h"

namespace hc::eval {
namespace {
namespace fs = std::filesystem;

// Runs `headcount <args>` in-process; returns the exit status the command would have.
int headcount(std::vector<std::string> args) {
  CLI::App app{"headcount"};
  app::add_simulate_command(app);
  app::add_replay_command(app);
  std::reverse(args.begin(), args.end());  // CLI11's vector form takes the arguments back to front
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return e.get_exit_code();
  }
  return 0;
}

class StereoReplay : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("hc_stereo_replay_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    // 8 s of the straight-crossings scenario: 120 stereo frames 640x400 at 15 fps.
    ASSERT_EQ(headcount({"simulate", "--scenario", "straight-crossings", "--seed", "3", "--seconds",
                         "8", "--out", (dir_ / "rec").string()}),
              0);
    std::ifstream in(dir_ / "rec" / "truth.json");
    const auto truth = nlohmann::json::parse(in);
    std::ofstream(dir_ / "rules.json") << truth.at("rules").dump();
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static fs::path dir_;
};
fs::path StereoReplay::dir_;

TEST_F(StereoReplay, CountsTheSimulatedCrossingsThroughCensusSgm) {
  ASSERT_EQ(headcount({"replay", "--recording", (dir_ / "rec").string(), "--rules",
                       (dir_ / "rules.json").string(), "--events", (dir_ / "ev.jsonl").string(),
                       "--summary", (dir_ / "sum.json").string(), "--tracks",
                       (dir_ / "tr.jsonl").string()}),
            0);
  const auto r = evaluate(dir_ / "rec" / "truth.json", dir_ / "ev.jsonl", dir_ / "sum.json",
                          dir_ / "tr.jsonl");
  std::printf("%s", r.to_table().c_str());
  ASSERT_EQ(r.lines.size(), 2u);  // line 1 in and out
  int64_t true_total = 0, counted_total = 0;
  for (const auto& l : r.lines) {
    true_total += l.true_total;
    counted_total += l.counted_total;
    // Loose guard (a handful of crossings): at most one miss or extra per direction.
    EXPECT_LE(std::abs(l.counted_total - l.true_total), 1) << "direction " << static_cast<int>(l.direction);
  }
  EXPECT_GE(true_total, 2);
  // The summary's cumulative totals are the events' totals.
  ASSERT_EQ(r.summary_totals.size(), 1u);
  EXPECT_EQ(r.summary_totals[0][1] + r.summary_totals[0][2], counted_total);
  ASSERT_TRUE(r.tracks.has_value());
  EXPECT_GT(r.tracks->idf1, 0.6);  // measured 0.72: docs/accuracy.md (stereo path)
}

TEST_F(StereoReplay, RejectsRulesWithTheConfigurationsPathNamedErrors) {
  const fs::path bad = dir_ / "bad_rules.json";
  std::ofstream(bad) << R"({"rules": {"tracking_mode": "hats", "lines": [{"points": [[10, 10], [9000, 10]]}]}})";
  ::testing::internal::CaptureStderr();
  const int status = headcount({"replay", "--recording", (dir_ / "rec").string(), "--rules", bad.string()});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status, 1);
  EXPECT_NE(err.find(bad.string()), std::string::npos) << err;
  EXPECT_NE(err.find("rules.tracking_mode"), std::string::npos) << err;
}

TEST_F(StereoReplay, RejectsABadStartTimeNamingTheOption) {
  ::testing::internal::CaptureStderr();
  const int status = headcount({"replay", "--recording", (dir_ / "rec").string(), "--start-time", "noon"});
  const std::string err = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(status, 1);
  EXPECT_NE(err.find("--start-time 'noon'"), std::string::npos) << err;
}

}  // namespace
}  // namespace hc::eval
