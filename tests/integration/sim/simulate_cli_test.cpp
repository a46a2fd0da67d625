// `headcount simulate` end to end, in-process through the CLI: a short scenario to a directory,
// read back through the recording source, with truth.json matching the live source's people.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "app/commands.h"
#include "sensor/recording_source.h"
#include "sim/simulated_source.h"

namespace {
namespace fs = std::filesystem;

int run_cli(std::vector<std::string> args) {
  CLI::App app("headcount");
  hc::app::add_simulate_command(app);
  hc::app::add_calibrate_command(app);
  args.insert(args.begin(), "headcount");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  try {
    app.parse(static_cast<int>(argv.size()), argv.data());
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return 0;
}

TEST(SimulateCli, WritesARecordingAndTruth) {
  const fs::path out = fs::temp_directory_path() / ("hc_simcli_" + std::to_string(std::random_device{}()));
  const std::string scen = std::string(HC_SOURCE_DIR) + "/config/scenarios/straight-crossings.json";
  ASSERT_EQ(run_cli({"simulate", "--scenario", scen, "--seed", "9", "--out", out.string(), "--seconds", "2"}), 0);
  hc::sensor::RecordingSource rec(out.string());
  EXPECT_EQ(rec.frame_count(), 30);
  std::ifstream in(out / "truth.json");
  const auto truth = nlohmann::json::parse(in);
  EXPECT_EQ(truth["format"], "headcount-sim-truth");
  EXPECT_EQ(truth["frame_count"], 30);
  EXPECT_EQ(truth["frames"].size(), 30u);
  EXPECT_EQ(truth["rules"]["lines"][0]["name"], "Door");
  auto s = hc::sim::Scenario::load(scen, "");
  s.duration_s = 2.0;
  hc::sim::SimulatedSource live(s, 9);
  auto f = rec.next();
  auto l = live.next();
  EXPECT_EQ(cv::norm(f->left, l->left, cv::NORM_INF), 0.0);
  fs::remove_all(out);
}

TEST(SimulateCli, WritesADepthRecording) {
  const fs::path out = fs::temp_directory_path() / ("hc_simcli_d_" + std::to_string(std::random_device{}()));
  const std::string scen = std::string(HC_SOURCE_DIR) + "/config/scenarios/straight-crossings.json";
  ASSERT_EQ(run_cli({"simulate", "--scenario", scen, "--out", out.string(), "--frames", "3", "--depth"}), 0);
  hc::sensor::RecordingSource rec(out.string());
  ASSERT_TRUE(rec.is_depth());
  auto f = rec.next();
  ASSERT_TRUE(f);
  // Nobody is in view at t = 0: the floor straight below the 3 m camera is 3000 mm away.
  EXPECT_EQ(f->depth_mm.at<uint16_t>(200, 320), 3000);
  EXPECT_EQ(f->camera.baseline_m, 0.0);
  fs::remove_all(out);
}

TEST(SimulateCli, UnknownScenarioFails) {
  EXPECT_NE(run_cli({"simulate", "--scenario", "no-such-scenario", "--out", "/tmp/hc_never"}), 0);
  EXPECT_FALSE(fs::exists("/tmp/hc_never"));
}

TEST(CalibrateCli, BadBoardFails) {
  EXPECT_NE(run_cli({"calibrate", "--left", "a%d.png", "--right", "b%d.png", "--board", "nine"}), 0);
}

}  // namespace
