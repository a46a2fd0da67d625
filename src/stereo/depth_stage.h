// The depth stage facade: one sensor::Frame in (a rectified stereo pair or a depth image), one
// immutable HeightMap out. It owns the matcher, the floor model and every buffer.
//
// Until the floor is calibrated (automatically, or given as fixed_floor) the height map carries the
// disparity but no heights (floor_known == false). Once known, the census-sgm search range is
// limited per row to the disparities that can occur (floor - margin .. max target height).
//
// Floor fits (the first calibration and the periodic refits) run off the frame thread: the stage
// lends its FloorModel to a FloorFitRunner and picks the result up at a frame, before that frame's
// heights. While the model is out, frames add no floor evidence and the fit period restarts when it
// comes back.
//
// Over a plain floor (plain_floor.h) a stereo frame's ambiguous, untextured pixels are given the
// known floor's disparity after the floor model has taken its samples.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sensor/frame.h"
#include "stereo/floor_fit_runner.h"
#include "stereo/floor_model.h"
#include "stereo/height_map.h"
#include "stereo/plain_floor.h"
#include "stereo/stereo_matcher.h"
#include "stereo/subpixel_refine.h"

namespace hc::stereo {

struct DepthStageParameters {
  std::string matcher = "census-sgm";
  MatcherParameters matcher_parameters;
  FloorModelParameters floor;
  HeightMapParameters height_map;
  std::optional<core::FloorPlane> fixed_floor;  // known installation: skips automatic calibration
  double max_target_height_m = 2.2;  // tallest target: upper end of the floor-limited range
  bool floor_limited_range = true;   // limit the search per row once the floor is known
  bool subpixel_refine = true;       // 1-D Lucas-Kanade after the matcher (subpixel_refine.h)
  int calibration_frames = 10;       // frames accumulated before the first floor fit
  int refit_every_frames = 300;      // later fits, to detect a bumped sensor (0: never)
  // true (replay, tests, evaluation): a fit's result is applied exactly floor_fit_lag_frames frames
  // after the frame that asked for it, waiting for the fit if needed, so results never depend on
  // thread timing. false (live): applied at the first frame after it is ready; no frame ever waits.
  bool floor_fit_waits = true;
  int floor_fit_lag_frames = 0;      // 0: the requesting frame itself (the result of a sequential fit)
  double depth_unit_m = 0.001;       // metres per unit of Frame::depth_mm
  PlainFloorParameters plain_floor;  // stereo: a blank floor's pixels taken as floor (plain_floor.h)
  // The configured installation (level), taken as the floor when the automatic calibration is
  // refused over a plain floor: there it always is, having nothing to fit on. nullopt: none.
  std::optional<core::FloorPlane> plain_floor_fallback;
};

class DepthStage {
 public:
  explicit DepthStage(const DepthStageParameters& parameters = {});
  // With the runner that fits the floor (tests); the default one fits on a background thread.
  DepthStage(const DepthStageParameters& parameters, std::unique_ptr<FloorFitRunner> fit_runner);
  ~DepthStage();
  DepthStage(const DepthStage&) = delete;
  DepthStage& operator=(const DepthStage&) = delete;

  // Throws std::invalid_argument for a frame that is neither stereo nor depth, or whose size
  // changed from the first frame.
  std::shared_ptr<const HeightMap> process(const sensor::Frame& frame);

  // The current floor (the reference once calibrated), and warnings raised since the last call.
  const FloorEstimate& floor() const { return floor_; }
  std::vector<std::string> take_warnings();
  // A floor fit is out (on its thread, or done and not yet picked up at a frame).
  bool floor_fit_pending() const { return fit_out_; }
  const DepthStageParameters& parameters() const { return params_; }
  const StereoMatcher* matcher() const { return matcher_.get(); }
  // The stereo floor has nothing to match on (plain_floor.h): its untextured pixels are floor.
  bool plain_floor() const { return plain_floor_.plain(); }

 private:
  void init(const sensor::Frame& frame);
  void update_floor(const sensor::Frame& frame, const cv::Mat& disparity, const cv::Mat& depth_m);
  void collect_floor_fit();
  void apply_floor_fit(const FloorEstimate& estimate);
  void set_floor(const FloorEstimate& estimate);
  void adopt_floor(const core::FloorPlane& plane, double confidence);
  std::shared_ptr<HeightMap> recycle();

  DepthStageParameters params_;
  std::unique_ptr<StereoMatcher> matcher_;
  std::unique_ptr<FloorModel> floor_model_;  // null while lent to fit_runner_
  std::unique_ptr<FloorFitRunner> fit_runner_;
  bool fit_out_ = false;
  int frames_since_fit_request_ = 0;
  HeightMapBuilder builder_;
  SubpixelRefiner refiner_;
  PlainFloor plain_floor_;
  FloorEstimate floor_;
  std::optional<core::FloorGeometry> geometry_;
  std::vector<RowRange> row_ranges_;
  core::CameraModel camera_;
  bool initialised_ = false;
  int64_t frames_seen_ = 0;
  int64_t frames_since_fit_ = 0;
  cv::Mat depth_m_;
  std::vector<std::string> warnings_;
  // Height maps handed out; one nobody else holds any more (use_count 1) is refilled, so steady
  // state allocates nothing while consumers release their snapshots.
  std::vector<std::shared_ptr<HeightMap>> pool_;
};

}  // namespace hc::stereo
