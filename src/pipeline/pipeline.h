// The sequential pipeline: sensor::Frame -> DepthStage -> HeadDetector -> Tracker -> RuleEngine,
// on one thread, with per-stage timing. Replay, benchmarks and the live Counter all run it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "perception/gender_classifier.h"
#include "perception/head_detector.h"
#include "rules/rule_engine.h"
#include "sensor/frame.h"
#include "stereo/depth_stage.h"
#include "track/tracker.h"

namespace hc::pipeline {

struct PipelineOptions {
  stereo::DepthStageParameters depth;
  perception::HeadDetectorParameters detector;  // heights and child height come from `rules`
  track::TrackerParameters tracker;
  rules::RulesConfig rules;
  double unix_offset_s = 0.0;  // Unix time = frame t_seconds + unix_offset_s
  bool log_candidates = false;  // fill FrameResult::candidates (diagnosis; costs a little)
};

struct StageStat {
  double total_ms = 0, max_ms = 0;
  int64_t frames = 0;
  double mean_ms() const { return frames ? total_ms / frames : 0.0; }
  void add(double ms);
};

struct StageTimings {
  StageStat depth, detect, track, rules, total;
};

struct FrameResult {
  int64_t index = 0;
  double t_s = 0;  // Unix time
  std::shared_ptr<const stereo::HeightMap> map;
  std::vector<perception::HeadDetection> detections;
  std::vector<perception::HeadCandidate> candidates;  // with PipelineOptions::log_candidates
  std::vector<rules::TrackedPerson> people;  // confirmed tracks handed to the rules
  rules::RuleOutput output;
};

class Pipeline {
 public:
  explicit Pipeline(PipelineOptions options);
  // Throws std::invalid_argument for a frame the depth stage refuses, or (at the first frame with a
  // known floor) a rule that cannot be projected onto it.
  FrameResult process(const sensor::Frame& frame);
  // Manual reset of the cumulative counts; nullopt before the floor (and so the rules) exist.
  std::optional<rules::CountReset> reset(double t_s);

  const StageTimings& timings() const { return timings_; }
  const rules::RuleEngine* rules() const { return rules_.get(); }
  const track::Tracker& tracker() const { return tracker_; }
  const stereo::DepthStage& depth_stage() const { return depth_; }
  // The depth stage's warnings since the last call (refused calibrations, a moved sensor, an
  // unlimited disparity search): stereo::DepthStage::take_warnings.
  std::vector<std::string> take_depth_warnings() { return depth_.take_warnings(); }
  const PipelineOptions& options() const { return options_; }
  // Why gender stays unknown ("" when a classifier runs).
  std::string gender_status() const;

 private:
  // The detector gates each peak cell by the configured min/max target height, but stereo noise
  // lifts a cell of a 0.94 m child over a 1.0 m minimum now and then. The guide's "objects
  // shorter (taller) than this are ignored" is about the person, so the rules see only tracks
  // whose stature (robust over the track's life) is within the range.
  bool within_target_heights(double stature_m) const;
  // Whether the rules see track `t`: once its stature has been within the target heights, for the
  // rest of its life. A track whose median hovers at a limit would otherwise leave the rules and
  // come back as someone new, and the walk from its origin would count again.
  bool admitted(const track::Track& t);
  std::unordered_set<int64_t> admitted_;  // ids of live (or lost) tracks the rules have seen
  PipelineOptions options_;
  stereo::DepthStage depth_;
  perception::HeadDetector detector_;
  track::Tracker tracker_;
  perception::GenderClassifier gender_;
  std::unique_ptr<rules::RuleEngine> rules_;
  StageTimings timings_;
};

// The detector and tracker parameters that follow from the rules section (target heights, child
// filter height), applied over `options`.
PipelineOptions with_rules(PipelineOptions options, const rules::RulesConfig& rules);

}  // namespace hc::pipeline
