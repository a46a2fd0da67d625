// The depth stage facade: one sensor::Frame in (a rectified stereo pair or a depth image), one
// immutable HeightMap out. It owns the matcher, the floor model and every buffer.
//
// Until the floor is calibrated (automatically, or given as fixed_floor) the height map carries the
// disparity but no heights (floor_known == false). Once known, the census-sgm search range is
// limited per row to the disparities that can occur (floor - margin .. max target height).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sensor/frame.h"
#include "stereo/floor_model.h"
#include "stereo/height_map.h"
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
  double depth_unit_m = 0.001;       // metres per unit of Frame::depth_mm
};

class DepthStage {
 public:
  explicit DepthStage(const DepthStageParameters& parameters = {});
  ~DepthStage();
  DepthStage(const DepthStage&) = delete;
  DepthStage& operator=(const DepthStage&) = delete;

  // Throws std::invalid_argument for a frame that is neither stereo nor depth, or whose size
  // changed from the first frame.
  std::shared_ptr<const HeightMap> process(const sensor::Frame& frame);

  // The current floor (the reference once calibrated), and warnings raised since the last call.
  const FloorEstimate& floor() const { return floor_; }
  std::vector<std::string> take_warnings();
  const DepthStageParameters& parameters() const { return params_; }
  const StereoMatcher* matcher() const { return matcher_.get(); }

 private:
  void init(const sensor::Frame& frame);
  void update_floor(const sensor::Frame& frame, const cv::Mat& disparity, const cv::Mat& depth_m);
  void set_floor(const FloorEstimate& estimate);
  std::shared_ptr<HeightMap> recycle();

  DepthStageParameters params_;
  std::unique_ptr<StereoMatcher> matcher_;
  std::unique_ptr<FloorModel> floor_model_;
  HeightMapBuilder builder_;
  SubpixelRefiner refiner_;
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
