#include "eval/replay_eval.h"

#include <gtest/gtest.h>

#include <fstream>

namespace hc::eval {
namespace {
namespace fs = std::filesystem;

fs::path write(const std::string& name, const std::string& text) {
  const auto p = fs::temp_directory_path() / ("hc_eval_test_" + name);
  std::ofstream(p) << text;
  return p;
}

TEST(ReplayEval, ScoresReportsAgainstTruth) {
  const auto truth = write("truth.json", R"({
    "crossings": [{"t_s": 1700000010.3, "line": 1, "direction": "in", "child": true},
                  {"t_s": 1700000020.0, "line": 1, "direction": "out"}],
    "occupancy": [{"t_s": 1700000011, "region": 1, "count": 1}, {"t_s": 1700000030, "region": 1, "count": 0}],
    "dwell": [{"region": 1, "start_s": 1700000010.0, "end_s": 1700000016.0}]})");
  // 1700000010 = 2023-11-14T22:13:30Z
  const auto events = write("events.jsonl",
      R"({"line_trigger_data":[{"line":1,"in":1,"out":0,"children_in":1,"children_out":0}],"time_info":{"time":"2023-11-14T22:13:30+00:00"}})" "\n"
      R"({"region_trigger_data":{"region_count_data":[{"region":1,"current_total":1}]},"time_info":{"time":"2023-11-14T22:13:30+00:00"}})" "\n"
      R"({"region_trigger_data":{"region_count_data":[{"region":1,"current_total":0}]},"time_info":{"time":"2023-11-14T22:13:37+00:00"}})" "\n"
      R"({"region_trigger_data":{"dwell_time_data":[{"region":1,"duration":6500,"dwell_start_time":"2023-11-14T23:13:30+01:00"}]},"time_info":{"time":"2023-11-14T22:13:37+00:00"}})" "\n");
  const auto r = evaluate(truth, events, std::nullopt);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[0].matched, 1);
  EXPECT_DOUBLE_EQ(r.lines[0].child_accuracy, 1.0);
  EXPECT_DOUBLE_EQ(r.lines[1].net_accuracy, 0.0);
  ASSERT_EQ(r.regions.size(), 1u);
  EXPECT_DOUBLE_EQ(r.regions[0].occupancy_mae, 0.0);
  EXPECT_EQ(r.regions[0].matched_dwells, 1);
  EXPECT_NEAR(r.regions[0].dwell_error_median_s, 0.5, 1e-9);
}

// Each counted dwell episode stands for one true episode at most. Two people stay 6.4 s and
// 13.5 s from 4.6 s and 6.8 s; the counter reports episodes from 2 s (8.7 s) and 6 s (13.5 s).
// The nearest counted start to 4.6 s is 6 s, but that one is the second person's: the first
// person's episode is matched to none (2.6 s from 2 s), not scored as 7.1 s off.
TEST(ReplayEval, ACountedDwellEpisodeIsMatchedToOneTrueEpisodeOnly) {
  const auto truth = write("truth_dwell.json", R"({"crossings": [], "occupancy": [],
    "dwell": [{"region": 1, "start_s": 1700000004.6, "end_s": 1700000011.0},
              {"region": 1, "start_s": 1700000006.8, "end_s": 1700000020.3}]})");
  // 1700000000 = 2023-11-14T22:13:20Z
  const auto events = write("events_dwell.jsonl",
      R"({"region_trigger_data":{"dwell_time_data":[{"region":1,"duration":8700,"dwell_start_time":"2023-11-14T22:13:22+00:00"}]},"time_info":{"time":"2023-11-14T22:13:31+00:00"}})" "\n"
      R"({"region_trigger_data":{"dwell_time_data":[{"region":1,"duration":13500,"dwell_start_time":"2023-11-14T22:13:26+00:00"}]},"time_info":{"time":"2023-11-14T22:13:40+00:00"}})" "\n");
  const auto r = evaluate(truth, events, std::nullopt);
  ASSERT_EQ(r.regions.size(), 1u);
  EXPECT_EQ(r.regions[0].true_dwells, 2);
  EXPECT_EQ(r.regions[0].matched_dwells, 1);
  EXPECT_NEAR(r.regions[0].dwell_error_median_s, 0.0, 1e-9);
}

TEST(ReplayEval, MalformedInputNamesFileAndLine) {
  const auto truth = write("truth2.json", R"({"crossings": []})");
  const auto events = write("events2.jsonl", "{\"time_info\": {}}\n");
  try {
    evaluate(truth, events, std::nullopt);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("events2.jsonl:1"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hc::eval

namespace hc::eval {
namespace {

TEST(ReplayEval, ReadsTheSimulatorsTruthFormat) {
  const auto truth = write("sim_truth.json", R"({"format": "headcount-sim-truth", "version": 1,
    "frames": [{"frame": 0, "t_s": 10.0, "people": [{"id": 4, "floor_xy": [0.1, 0.2], "in_view": true}],
                "occupancy": [1]}],
    "events": {"crossings": [{"t_s": 10.2, "frame": 3, "line_index": 0, "direction": "out", "person_id": 4, "child": false}],
               "dwell": []}})");
  // 10 s after the epoch.
  const auto events = write("sim_events.jsonl",
      R"({"line_trigger_data":[{"line":1,"in":0,"out":1}],"time_info":{"time":"1970-01-01T00:00:10+00:00"}})" "\n");
  const auto r = evaluate(truth, events, std::nullopt);
  ASSERT_EQ(r.lines.size(), 2u);
  EXPECT_EQ(r.lines[1].direction, rules::Direction::kOut);
  EXPECT_EQ(r.lines[1].matched, 1);
  ASSERT_EQ(r.regions.size(), 1u);
  EXPECT_DOUBLE_EQ(r.regions[0].occupancy_mae, 1.0);  // no region report: counted 0, truth 1
}

}  // namespace
}  // namespace hc::eval
