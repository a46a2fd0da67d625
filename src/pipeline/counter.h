// The live building block: a Pipeline that processes frames one at a time on the caller's thread
// and publishes an immutable Snapshot after each frame. Any thread may read snapshot() or ask for
// a reset; neither blocks the frame path for longer than a pointer swap.
//
//   hc::pipeline::Counter counter(options);
//   // capture thread:   auto out = counter.process(frame);  // events to store / report
//   // web thread:       auto snap = counter.snapshot();      // may be null before the first frame
//   //                   counter.request_reset();              // applied at the next frame
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "pipeline/pipeline.h"

namespace hc::pipeline {

struct TrackView {
  int64_t id = 0;
  core::Point2 floor_m;
  core::Point2 head_px;
  double stature_m = 0;
  bool child = false;
  rules::Gender gender = rules::Gender::kUnknown;
  std::vector<core::Point2> path_m;  // recent floor path, oldest first
};

// A warning of the depth stage (a refused floor fit, a moved sensor, an unlimited disparity search).
struct DepthWarning {
  double t_s = 0;  // Unix time of the frame that raised it
  std::string message;
};

struct Snapshot {
  int64_t frame_index = 0;
  double t_s = 0;                      // Unix time of the frame
  bool floor_known = false;
  std::vector<rules::LineCounts> lines;       // cumulative since the last reset, per line
  std::vector<rules::RegionState> regions;    // current counts and dwell statistics, per region
  std::vector<TrackView> tracks;              // confirmed tracks
  std::vector<perception::HeadDetection> detections;
  StageTimings timings;
  std::string gender_status;  // why gender is unknown; "" when a classifier runs
  stereo::FloorEstimate floor;                // the floor in use (or why there is none yet)
  int calibration_frames = 0;                 // frames the depth stage accumulates before a fit
  bool floor_fit_pending = false;             // a floor fit runs in the background
  // The latest depth-stage warnings, oldest first; shared between snapshots until a new one comes.
  std::shared_ptr<const std::vector<DepthWarning>> warnings;
  // The frame's pictures for the live preview: the left rectified image (empty for depth
  // sensors) and the height map (shared, never modified after publication).
  cv::Mat left;
  std::shared_ptr<const stereo::HeightMap> map;
};

struct CounterOutput {
  std::vector<rules::CountEvent> events;
  std::vector<rules::CountReset> resets;  // manual (requested) and scheduled, before the events
  std::vector<DepthWarning> warnings;     // raised by this frame
};

class Counter {
 public:
  explicit Counter(PipelineOptions options);
  // Frame thread only.
  CounterOutput process(const sensor::Frame& frame);
  // Any thread.
  std::shared_ptr<const Snapshot> snapshot() const;
  void request_reset();

 private:
  Pipeline pipeline_;
  std::atomic<bool> reset_requested_{false};
  // Frame thread only: the last kKeptWarnings, rebuilt only when a frame raises one.
  std::shared_ptr<const std::vector<DepthWarning>> recent_warnings_ =
      std::make_shared<const std::vector<DepthWarning>>();
  mutable std::mutex snapshot_mutex_;
  std::shared_ptr<const Snapshot> snapshot_;
};

}  // namespace hc::pipeline
