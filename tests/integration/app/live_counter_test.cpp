// The counter behind `headcount run` on the built-in simulator: frames flow from the configured
// source through the pipeline to the output handler and the web views; configuration changes
// rebuild it; finite sources loop with time going forward.
#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "app/live_counter.h"
#include "app/run_source.h"
#include "sensor/recording_writer.h"
#include "sim/scenario.h"
#include "sim/simulated_source.h"
#include "sim/truth.h"

namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using hc::app::LiveCounter;

constexpr const char* kScenario = "straight-crossings";

fs::path temp_dir(const std::string& name) {
  auto dir = fs::temp_directory_path() / ("hc_live_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::unique_ptr<hc::config::ConfigStore> simulator_config(const fs::path& dir) {
  std::unique_ptr<hc::config::ConfigStore> store;
  EXPECT_TRUE(hc::config::ConfigStore::open(dir / "config.json", store).ok());
  json doc = *store->get();
  doc["sensor"]["source"] = "simulator";
  doc["sensor"]["scenario"] = kScenario;
  const auto scenario = hc::sim::Scenario::load(kScenario, hc::sim::find_scenario_dir());
  doc["rules"]["lines"] = hc::sim::effective_rules(scenario)["lines"];
  auto r = store->replace(doc);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.errors.front().to_string());
  return store;
}

template <class Pred>
bool wait_until(Pred pred, double timeout_s) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return pred();
}

struct Totals {
  std::atomic<int64_t> in{0}, out{0}, last_frame{-1};
};

class LiveCounterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_dir(::testing::UnitTest::GetInstance()->current_test_info()->name());
    if (!fs::is_directory(hc::sim::find_scenario_dir())) GTEST_SKIP() << "config/scenarios not found";
    config_ = simulator_config(dir_);
    hc::app::LiveCounterOptions o;
    o.realtime = false;  // every frame, as fast as the CPU allows: the counts are deterministic
    live_ = std::make_unique<LiveCounter>(*config_, o);
    live_->set_output_handler([this](const hc::pipeline::CounterOutput& out, const hc::pipeline::Snapshot& s) {
      for (const auto& e : out.events)
        if (const auto* c = std::get_if<hc::rules::LineCrossing>(&e.what))
          (c->direction == hc::rules::Direction::kIn ? totals_.in : totals_.out)++;
      totals_.last_frame = s.frame_index;
    });
  }
  void TearDown() override {
    if (live_) live_->stop();
    fs::remove_all(dir_);
  }
  fs::path dir_;
  std::unique_ptr<hc::config::ConfigStore> config_;
  std::unique_ptr<LiveCounter> live_;
  Totals totals_;
};

TEST_F(LiveCounterTest, CountsOneLoopOfTheScenarioLikeTheTruth) {
  const auto scenario = hc::sim::Scenario::load(kScenario, hc::sim::find_scenario_dir());
  hc::sim::SimulatedSource sim(scenario, 1);
  const int64_t frames = scenario.frame_count();
  const json truth = hc::sim::build_truth(scenario, 1, sim.agents(), frames, {false});
  live_->start();
  ASSERT_TRUE(wait_until([&] { return totals_.last_frame >= frames - 1; }, 240)) << live_->error();
  live_->stop();
  // The counts the web shows are the events the output handler received, and both match the truth.
  const json counts = live_->counts();
  const auto snap = live_->snapshot();
  ASSERT_TRUE(snap);
  const int64_t extra_frames = snap->frame_index - (frames - 1);
  ASSERT_GE(extra_frames, 0);
  EXPECT_EQ(counts["lines"][0]["in"], totals_.in.load());
  EXPECT_EQ(counts["lines"][0]["out"], totals_.out.load());
  if (extra_frames < 10) {  // nobody crosses in the first frames of the next loop
    // The truth lists every crossing; the counter ignores people shorter than the minimum target
    // height (a 0.94 m child in this scenario), as the user guide says it should.
    const double min_height = (*config_->get())["rules"]["min_target_height_m"].get<double>();
    int64_t in = 0, out = 0;
    for (const json& c : truth["events"]["crossings"]) {
      const auto& agent = sim.agents().at(c["person_id"].get<size_t>() - 1);
      if (agent.stature_m < min_height) continue;
      (c["direction"] == "in" ? in : out)++;
    }
    EXPECT_EQ(totals_.in.load(), in);
    EXPECT_EQ(totals_.out.load(), out);
  }
  EXPECT_EQ(counts["lines"][0]["name"], "Door");
}

TEST_F(LiveCounterTest, ViewsFloorDetectionResetAndRebuild) {
  live_->start();
  ASSERT_TRUE(wait_until([&] { return live_->floor_detection()["state"] != "detecting"; }, 120)) << live_->error();
  json floor = live_->floor_detection();
  ASSERT_EQ(floor["state"], "ok") << floor.dump();
  EXPECT_NEAR(floor["installation_height_m"].get<double>(), 3.0, 0.05);

  const auto preview = live_->preview();
  EXPECT_EQ(preview.width, 640);
  EXPECT_EQ(preview.height, 400);
  EXPECT_EQ(preview.gray.size(), 640u * 400u);
  ASSERT_TRUE(wait_until([&] { return !live_->preview().height_mm.empty(); }, 30));
  const json overlay = live_->overlay();
  EXPECT_EQ(overlay["width"], 640);
  EXPECT_TRUE(overlay["tracks"].is_array());

  ASSERT_TRUE(wait_until([&] { return live_->counts()["lines"][0]["in"].get<int64_t>() +
                                          live_->counts()["lines"][0]["out"].get<int64_t>() > 0; }, 120));
  live_->reset_counts();
  ASSERT_TRUE(wait_until([&] { return live_->counts()["lines"][0]["in"] == 0 && live_->counts()["lines"][0]["out"] == 0; }, 10));

  // Detect: a new floor fit from the coming frames.
  live_->request_floor_detection();
  EXPECT_EQ(live_->floor_detection()["state"], "detecting");
  ASSERT_TRUE(wait_until([&] { return live_->floor_detection()["state"] == "ok"; }, 120)) << live_->error();

  // A renamed line: the counter is rebuilt with the new rules.
  json rules = (*config_->get())["rules"];
  rules["lines"][0]["name"] = "Front door";
  ASSERT_TRUE(config_->replace_section("rules", rules).ok());
  ASSERT_TRUE(wait_until([&] { return live_->counts()["lines"][0]["name"] == "Front door"; }, 10));
  EXPECT_TRUE(wait_until([&] { return live_->stats()["stages"].size() == 5u; }, 10)) << live_->stats().dump();
  // The simulated entrance calibrates cleanly: no depth-stage warning in /stats or the detection.
  EXPECT_EQ(live_->stats()["warnings"], json::array()) << live_->stats().dump();
  EXPECT_EQ(live_->floor_detection()["warnings"], json::array());
}

// The image section reaches the simulator: a brighter target renders a brighter preview, night a
// darker one, and the status names what was applied and what this source cannot do.
TEST_F(LiveCounterTest, ImageSettingsReachTheSimulator) {
  live_->start();
  auto mean_after = [&](int64_t frame) {
    EXPECT_TRUE(wait_until([&] { return live_->preview().frame_index > frame; }, 30)) << live_->error();
    const auto p = live_->preview();
    double sum = 0;
    for (uint8_t g : p.gray) sum += g;
    return std::pair{p.frame_index, sum / static_cast<double>(std::max<size_t>(1, p.gray.size()))};
  };
  ASSERT_TRUE(wait_until([&] { return live_->image_status().contains("status"); }, 30)) << live_->image_status();
  json status = live_->image_status();
  EXPECT_EQ(status["settings"], (*config_->get())["image"]);
  EXPECT_EQ(status["status"]["target_brightness"]["state"], "applied");
  EXPECT_EQ(status["status"]["power_line_frequency_hz"]["state"], "unsupported");
  EXPECT_EQ(status["night"], false);
  const auto [frame0, base] = mean_after(0);

  json image = (*config_->get())["image"];
  image["target_brightness"] = 90;
  ASSERT_TRUE(config_->replace_section("image", image).ok());
  ASSERT_TRUE(wait_until([&] { return live_->image_status()["settings"] == image; }, 10));
  const auto [frame1, brighter] = mean_after(live_->preview().frame_index);
  EXPECT_GT(brighter, base * 1.3) << base << " -> " << brighter;

  image["target_brightness"] = 50;
  image["day_night_mode"] = "night";
  ASSERT_TRUE(config_->replace_section("image", image).ok());
  ASSERT_TRUE(wait_until([&] { return live_->image_status()["settings"] == image; }, 10));
  EXPECT_EQ(live_->image_status()["night"], true);
  EXPECT_EQ(live_->image_status()["status"]["day_night_mode"]["state"], "applied");
  const auto [frame2, night] = mean_after(live_->preview().frame_index);
  EXPECT_LT(night, base * 0.8) << base << " -> " << night;
  EXPECT_GT(frame2, frame1);
  EXPECT_GT(frame1, frame0);
}

TEST(RunSource, RecordingLoopsWithTimeGoingForward) {
  const auto dir = temp_dir("loop");
  const auto scenario = hc::sim::Scenario::load(kScenario, hc::sim::find_scenario_dir());
  hc::sim::SimulatedSource sim(scenario, 1);
  {
    auto writer = hc::sensor::RecordingWriter::stereo((dir / "rec").string(), sim.camera());
    for (int k = 0; k < 3; ++k) writer.write(sim.render(k));
  }
  auto source = hc::app::open_sensor_source({{"source", "recording"}, {"recording_dir", (dir / "rec").string()}});
  double last_t = -1;
  for (int64_t k = 0; k < 8; ++k) {
    auto frame = source->next();
    ASSERT_TRUE(frame);
    EXPECT_EQ(frame->index, k);
    EXPECT_GT(frame->t_seconds, last_t);
    EXPECT_NEAR(frame->t_seconds, static_cast<double>(k) / scenario.fps, 1e-3);
    last_t = frame->t_seconds;
  }
  fs::remove_all(dir);
}

TEST(RunSource, MissingFieldIsNamed) {
  try {
    hc::app::open_sensor_source({{"source", "recording"}, {"recording_dir", ""}});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("sensor.recording_dir"), std::string::npos) << e.what();
  }
  try {
    hc::app::open_sensor_source({{"source", "simulator"}, {"scenario", "no-such-scenario"}});
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-scenario"), std::string::npos) << e.what();
  }
}

}  // namespace
