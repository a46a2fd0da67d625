#include <gtest/gtest.h>
#include <opencv2/calib3d.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>

#include "sensor/recording_source.h"
#include "sensor/recording_writer.h"
#include "sim/simulated_source.h"
#include "sim/spacing.h"
#include "sim/truth.h"

namespace hc::sim {
namespace {
namespace fs = std::filesystem;
const std::string kScenarios = std::string(HC_SOURCE_DIR) + "/config/scenarios";

Scenario short_scenario(const std::string& name, double seconds) {
  Scenario s = Scenario::load(name, kScenarios);
  s.duration_s = seconds;
  return s;
}

TEST(Scenarios, EveryNamedScenarioLoads) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(kScenarios)) {
    SCOPED_TRACE(e.path().string());
    const Scenario s = Scenario::load(e.path().string(), kScenarios);
    EXPECT_FALSE(s.behaviours.empty());
    EXPECT_FALSE(build_agents(s, 1).empty());
    ++n;
  }
  EXPECT_GE(n, 10);
}

TEST(Scenarios, BadFieldIsNamed) {
  try {
    Scenario::from_json(nlohmann::json::parse(R"({"camera": {"height_m": 9}})"), "x.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "x.json.camera.height_m: must be 2.2-6 m");
  }
  try {
    Scenario::from_json(nlohmann::json::parse(R"({"behaviours": [{"type": "dance"}]})"), "y.json");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "y.json.behaviours[0].type: unknown behaviour 'dance'");
  }
}

TEST(Scenarios, FieldOfViewFollowsTheGuide) {
  Scenario s;
  s.height_m = 3.0;
  EXPECT_NEAR(2.0 * std::atan(320.0 / s.camera().fx) * 180.0 / M_PI, 103.0, 1e-9);
  s.height_m = 5.5;
  EXPECT_EQ(s.camera().width, 1280);
  EXPECT_NEAR(2.0 * std::atan(640.0 / s.camera().fx) * 180.0 / M_PI, 62.0, 1e-9);
}

TEST(Renderer, DeterministicPerSeedAndFrame) {
  const Scenario s = short_scenario("straight-crossings", 4.0);
  SimulatedSource a(s, 7), b(s, 7), c(s, 8);
  const auto fa = a.render(40), fb = b.render(40), fc = c.render(40);
  EXPECT_EQ(cv::norm(fa.left, fb.left, cv::NORM_INF), 0.0);
  EXPECT_EQ(cv::norm(fa.right, fb.right, cv::NORM_INF), 0.0);
  EXPECT_GT(cv::norm(fa.left, fc.left, cv::NORM_L1), 0.0);
  EXPECT_EQ(fa.left.size(), cv::Size(640, 400));
}

// A live counter that fell behind skips frames: skipping must not render them, and the frame after
// a skip is exactly the one a source that rendered every frame would hand out (index, time, pixels).
TEST(SimulatedSource, SkipMovesAheadWithoutChangingTheFramesAfter) {
  const Scenario s = short_scenario("straight-crossings", 1.0);  // 15 frames at 15 fps
  SimulatedSource skipping(s, 7), reference(s, 7);
  ASSERT_TRUE(skipping.next());
  EXPECT_EQ(skipping.skip(5), 5);
  const auto f = skipping.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->index, 6);
  EXPECT_DOUBLE_EQ(f->t_seconds, 6.0 / s.fps);
  EXPECT_EQ(cv::norm(f->left, reference.render(6).left, cv::NORM_INF), 0.0);
  EXPECT_EQ(skipping.skip(100), s.frame_count() - 7);  // a finite stream skips to its end
  EXPECT_FALSE(skipping.next());
  EXPECT_EQ(skipping.skip(-3), 0);
  SimulatedSource looping(s, 7, /*loop=*/true);
  EXPECT_EQ(looping.skip(100), 100);  // a looping one never ends
  EXPECT_EQ(looping.next()->index, 100);
}

// The image settings on the simulator: the target brightness is the sensor gain (a brighter target,
// a brighter image), night leaves the IR flood only (darker); the defaults render exactly the
// frames `headcount simulate` writes. The per-setting status says what is applied.
TEST(SimulatedSource, ImageSettingsChangeTheRenderedIntensity) {
  const Scenario s = short_scenario("straight-crossings", 4.0);
  SimulatedSource plain(s, 7), tuned(s, 7);
  const double base = cv::mean(plain.render(40).left)[0];
  sensor::ImageSettings settings;  // the schema's defaults
  auto status = tuned.apply_image_settings(settings, false);
  EXPECT_EQ(cv::norm(plain.render(40).left, tuned.render(40).left, cv::NORM_INF), 0.0);
  settings.target_brightness = 80;
  tuned.apply_image_settings(settings, false);
  const double brighter = cv::mean(tuned.render(40).left)[0];
  settings.target_brightness = 20;
  tuned.apply_image_settings(settings, false);
  const double darker = cv::mean(tuned.render(40).left)[0];
  EXPECT_GT(brighter, base * 1.2) << base << " -> " << brighter;
  EXPECT_LT(darker, base * 0.8) << base << " -> " << darker;
  settings.target_brightness = 50;
  settings.day_night = sensor::DayNightMode::kNight;
  status = tuned.apply_image_settings(settings, true);
  const double night = cv::mean(tuned.render(40).left)[0];
  EXPECT_LT(night, base * 0.8) << base << " -> " << night;

  auto state = [&](const std::string& name) {
    for (const auto& st : status)
      if (st.setting == name) return std::string(sensor::to_string(st.state));
    return std::string("missing");
  };
  EXPECT_EQ(status.size(), sensor::image_setting_names().size());
  EXPECT_EQ(state("target_brightness"), "applied");
  EXPECT_EQ(state("day_night_mode"), "applied");
  EXPECT_EQ(state("night_schedule"), "not in use");
  EXPECT_EQ(state("sensitivity"), "not in use");
  EXPECT_EQ(state("power_line_frequency_hz"), "unsupported");
  EXPECT_EQ(state("wdr"), "unsupported");
  settings.day_night = sensor::DayNightMode::kAuto;
  status = tuned.apply_image_settings(settings, false);
  EXPECT_EQ(state("day_night_mode"), "unsupported");
  EXPECT_EQ(state("sensitivity"), "unsupported");
}

// The truth projected into the rendered images: each visible head's top is where the truth says,
// at the depth the truth says.
TEST(Truth, HeadsAreWhereTheTruthSays) {
  for (const char* name : {"straight-crossings", "groups-counterflow", "high-mount-5m"}) {
    SCOPED_TRACE(name);
    const Scenario s = short_scenario(name, 6.0);
    SimulatedSource src(s, 3);
    const auto truth = build_truth(s, 3, src.agents(), s.frame_count());
    const core::FloorGeometry geo(src.camera(), s.plane());
    int checked = 0;
    for (int64_t k = 0; k < s.frame_count(); k += 3) {
      cv::Mat depth;
      const auto f = src.render(k, &depth);
      for (const auto& p : truth["frames"][k]["people"]) {
        if (!p["in_view"].get<bool>()) continue;
        const Agent& a = src.agents()[p["id"].get<size_t>() - 1];
        if (a.hat) continue;  // a hat sits 2.5 cm above the head top
        const double u = p["head_px"][0], v = p["head_px"][1];
        const auto top = p["head_top_cam"].get<std::array<double, 3>>();
        const auto px = geo.floor_to_pixel({p["floor_xy"][0], p["floor_xy"][1]}, p["head_height_m"]);
        ASSERT_TRUE(px);
        EXPECT_NEAR(px->x, u, 1e-9);
        EXPECT_NEAR(src.camera().fx * top[0] / top[2] + src.camera().cx, u, 1e-6);
        const float z = depth.at<float>(static_cast<int>(std::lround(v)), static_cast<int>(std::lround(u)));
        // The ray through the head-top pixel meets the head at (or just before) its top.
        EXPECT_NEAR(z, top[2], 0.04) << "person " << a.id << " frame " << k;
        ++checked;
      }
    }
    EXPECT_GE(checked, 10);
  }
}

TEST(Truth, StereoViewsAgreeOnHeads) {
  // The right image shows the head top shifted by the disparity fx * B / z: compare small patches.
  const Scenario s = short_scenario("straight-crossings", 8.0);
  SimulatedSource src(s, 5);
  const auto truth = build_truth(s, 5, src.agents(), s.frame_count());
  int checked = 0;
  for (int64_t k = 20; k < s.frame_count(); k += 10) {
    const auto f = src.render(k);
    for (const auto& p : truth["frames"][k]["people"]) {
      const double u = p["head_px"].is_null() ? -1 : p["head_px"][0].get<double>();
      const double v = p["head_px"].is_null() ? -1 : p["head_px"][1].get<double>();
      if (u < 20 || v < 20 || u > 620 || v > 380) continue;
      const double d = src.camera().disparity_from_depth(p["head_top_cam"][2].get<double>() + 0.03);
      const int ul = static_cast<int>(std::lround(u)), vl = static_cast<int>(std::lround(v)) + 6;
      const int ur = static_cast<int>(std::lround(u - d));
      if (ur < 10) continue;
      const cv::Rect rl(ul - 4, vl - 4, 9, 9), rr(ur - 4, vl - 4, 9, 9);
      EXPECT_LT(std::abs(cv::mean(f.left(rl))[0] - cv::mean(f.right(rr))[0]), 12.0);
      ++checked;
    }
  }
  EXPECT_GT(checked, 3);
}

// Stereo works on the rendered texture: OpenCV's SGBM recovers the floor's disparity.
TEST(Renderer, StereoMatchingRecoversTheFloor) {
  for (const char* name : {"straight-crossings", "diagonal-crossings"}) {  // tiles, carpet
    SCOPED_TRACE(name);
    const Scenario s = short_scenario(name, 1.0);
    SimulatedSource src(s, 2);
    const auto f = src.render(0);  // nobody in view yet
    auto sgbm = cv::StereoSGBM::create(0, 64, 5, 8 * 25, 32 * 25, 1, 0, 10, 100, 2);
    cv::Mat disp;
    sgbm->compute(f.left, f.right, disp);
    const core::FloorGeometry geo(src.camera(), s.plane());
    int good = 0, valid = 0;
    for (int v = 100; v < 300; v += 7)
      for (int u = 200; u < 440; u += 7) {
        const short d = disp.at<short>(v, u);
        if (d <= 0) continue;
        ++valid;
        if (std::abs(d / 16.0 - geo.floor_disparity_at(u, v)) < 1.0) ++good;
      }
    EXPECT_GT(valid, 900);
    EXPECT_GT(good, valid * 9 / 10);
  }
}

TEST(Truth, UturnFilteringKeepsOnlyPasses) {
  Scenario s = Scenario::load("uturns", kScenarios);
  auto agents = build_agents(s, 1);
  auto truth = build_truth(s, 1, agents, s.frame_count(), {false});
  EXPECT_EQ(truth["totals"]["lines"][0]["in"], 1);
  EXPECT_EQ(truth["totals"]["lines"][0]["out"], 1);
  s.rules["uturn_filtering"] = false;
  truth = build_truth(s, 1, agents, s.frame_count(), {false});
  // Unfiltered, each U-turn after the line adds an in and an out.
  EXPECT_EQ(truth["totals"]["lines"][0]["in"], 3);
  EXPECT_EQ(truth["totals"]["lines"][0]["out"], 3);
}

TEST(Truth, CrossingDirectionsFollowTheWalk) {
  const Scenario s = Scenario::load("straight-crossings", kScenarios);
  const auto agents = build_agents(s, 2);
  const auto truth = build_truth(s, 2, agents, s.frame_count(), {false});
  ASSERT_FALSE(truth["events"]["crossings"].empty());
  for (const auto& e : truth["events"]["crossings"]) {
    const Agent& a = agents[e["person_id"].get<size_t>() - 1];
    const bool walks_plus_y = a.path.back().p.y > a.path.front().p.y;
    EXPECT_EQ(e["direction"], walks_plus_y ? "in" : "out");
  }
}

TEST(Truth, LoiterersMakeDwellEpisodesAndOccupancy) {
  const Scenario s = Scenario::load("loitering", kScenarios);
  const auto agents = build_agents(s, 1);
  const auto truth = build_truth(s, 1, agents, s.frame_count());
  ASSERT_GE(truth["events"]["dwell"].size(), 1u);
  for (const auto& d : truth["events"]["dwell"]) EXPECT_GE(d["duration_ms"].get<int64_t>(), 5000);
  int max_occ = 0;
  for (const auto& f : truth["frames"]) {
    EXPECT_LE(f["occupancy"][0].get<int>(), f["occupancy_raw"][0].get<int>());
    max_occ = std::max(max_occ, f["occupancy"][0].get<int>());
  }
  EXPECT_GE(max_occ, 1);
}

// The first pair of footprints of two different parties that overlap, as "P<a> and P<b> at <t> s",
// or "" when everyone keeps apart.
std::string first_overlap_between_parties(const std::vector<Agent>& agents) {
  for (size_t i = 0; i < agents.size(); ++i)
    for (size_t j = i + 1; j < agents.size(); ++j) {
      const Agent &a = agents[i], &b = agents[j];
      if (a.party != 0 && a.party == b.party) continue;
      if (const auto t = sim::first_overlap(a, b)) {
        char what[80];
        std::snprintf(what, sizeof what, "P%d and P%d at %.2f s", a.id, b.id, *t);
        return what;
      }
    }
  return "";
}

Agent walker(int id, double x, double from_y, double to_y, double t0) {
  Agent a;
  a.id = id;
  a.path = {{t0, {x, from_y}}, {t0 + std::abs(to_y - from_y) / 1.2, {x, to_y}}};
  return a;
}

TEST(Spacing, NobodyOverlapsAnotherPartyInAnyScenario) {
  for (const auto& e : fs::directory_iterator(kScenarios))
    for (uint64_t seed : {1, 2, 3}) {
      const Scenario s = Scenario::load(e.path().string(), kScenarios);
      EXPECT_EQ(first_overlap_between_parties(build_agents(s, seed)), "") << e.path().filename() << " seed " << seed;
    }
}

TEST(Spacing, AnOncomingWalkerStepsAsideOrWaitsAndTheFirstKeepsTheirWalk) {
  std::vector<Agent> agents{walker(1, 0.0, -3.0, 3.0, 0.0), walker(2, 0.0, 3.0, -3.0, 0.5)};
  ASSERT_NE(first_overlap_between_parties(agents), "");
  const Agent first = agents[0], second = agents[1];
  EXPECT_EQ(keep_apart(agents), 1);
  EXPECT_EQ(first_overlap_between_parties(agents), "");
  EXPECT_EQ(agents[0].path.front().t_s, first.path.front().t_s);
  EXPECT_EQ(agents[0].path.front().p.x, first.path.front().p.x);
  // Head-on in one lane: 0.3 m aside is not enough for two shoulders (0.48 m), so the second waits
  // until the first has passed, and steps aside only where that is cheaper than more waiting.
  const double waited = agents[1].path.front().t_s - second.path.front().t_s;
  const double aside = agents[1].path.front().p.x - second.path.front().p.x;
  EXPECT_GT(waited, 0.0);
  EXPECT_LE(std::abs(aside), 0.3 + 1e-9);
  EXPECT_NEAR(agents[1].path.back().t_s - agents[1].path.front().t_s, second.path.back().t_s - second.path.front().t_s, 1e-9);
}

TEST(Spacing, AWalkerBesideTheLaneKeepsTheirWalk) {
  std::vector<Agent> agents{walker(1, 0.0, -3.0, 3.0, 0.0), walker(2, 0.6, 3.0, -3.0, 0.5)};
  const Agent second = agents[1];
  EXPECT_EQ(keep_apart(agents), 0);
  EXPECT_EQ(agents[1].path.front().t_s, second.path.front().t_s);
  EXPECT_EQ(agents[1].path.front().p.x, second.path.front().p.x);
}

TEST(Spacing, AGroupWalksSideBySideAsScriptedAndOthersKeepClearOfIt) {
  std::vector<Agent> agents{walker(1, -0.2, -3.0, 3.0, 0.0), walker(2, 0.2, -3.0, 3.0, 0.0),
                            walker(3, 0.0, 3.0, -3.0, 1.0)};
  agents[0].party = agents[1].party = 7;
  ASSERT_TRUE(bodies_overlap(agents[0], agents[1], 1.0));  // 0.4 m apart: touching shoulders
  const Agent member = agents[1];
  keep_apart(agents);
  EXPECT_EQ(agents[1].path.front().t_s, member.path.front().t_s);
  EXPECT_EQ(first_overlap_between_parties(agents), "");
}

TEST(Spacing, ACartAheadOfItsPusherIsKeptClearOf) {
  Agent pusher = walker(1, 0.0, -3.0, 3.0, 0.0);
  pusher.pushed = Pushed::kCart;
  const Agent plain = walker(1, 0.0, -3.0, 3.0, 0.0);
  // Someone standing 1 m ahead of the pusher's head: inside the cart, clear of a plain walker.
  Agent stander;
  stander.id = 2;
  stander.path = {{0.0, {0.0, 0.0}}, {10.0, {0.0, 0.0}}};
  const double t = 2.0 / 1.2;  // the pusher's head is at y = -1
  EXPECT_TRUE(bodies_overlap(pusher, stander, t));
  EXPECT_FALSE(bodies_overlap(plain, stander, t));
}

TEST(SimulatedSource, ReplayOfARecordingEqualsTheLiveSource) {
  const Scenario s = short_scenario("carts-strollers", 1.0);
  const fs::path dir = fs::temp_directory_path() / ("hc_sim_replay_" + std::to_string(std::random_device{}()));
  {
    SimulatedSource live(s, 4);
    auto w = sensor::RecordingWriter::stereo(dir.string(), live.camera());
    while (auto f = live.next()) w.write(*f);
  }
  sensor::RecordingSource rec(dir.string());
  SimulatedSource live(s, 4);
  EXPECT_EQ(rec.frame_count(), s.frame_count());
  int64_t n = 0;
  while (auto r = rec.next()) {
    auto l = live.next();
    ASSERT_TRUE(l);
    EXPECT_EQ(r->t_seconds, l->t_seconds);
    EXPECT_EQ(cv::norm(r->left, l->left, cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(r->right, l->right, cv::NORM_INF), 0.0);
    EXPECT_EQ(r->camera.fx, l->camera.fx);
    EXPECT_EQ(r->camera.baseline_m, l->camera.baseline_m);
    ++n;
  }
  EXPECT_EQ(n, s.frame_count());
  fs::remove_all(dir);
}

TEST(SimulatedSource, LoopsForever) {
  const Scenario s = short_scenario("straight-crossings", 1.0);
  SimulatedSource src(s, 1, true);
  EXPECT_EQ(src.frame_count(), -1);
  std::optional<sensor::Frame> first, f;
  for (int64_t k = 0; k <= s.frame_count(); ++k) {
    f = src.next();
    ASSERT_TRUE(f);
    if (k == 0) first = f;
  }
  EXPECT_EQ(cv::norm(first->left, f->left, cv::NORM_INF), 0.0);
  EXPECT_GT(f->t_seconds, first->t_seconds);
}

}  // namespace
}  // namespace hc::sim
