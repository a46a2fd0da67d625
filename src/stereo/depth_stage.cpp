// The depth stage: matcher (stereo) or unit conversion (depth) -> floor calibration -> (plain
// floor) -> height map. Per frame O(matcher) + O(pixels); floor fits every refit_every_frames frames, off the frame
// thread (floor_fit_runner.h).
#include "stereo/depth_stage.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "stereo/disparity_range.h"

namespace hc::stereo {

DepthStage::DepthStage(const DepthStageParameters& p) : DepthStage(p, make_background_floor_fit_runner()) {}

DepthStage::DepthStage(const DepthStageParameters& p, std::unique_ptr<FloorFitRunner> fit_runner)
    : params_(p), fit_runner_(std::move(fit_runner)), builder_(p.height_map),
      plain_floor_(p.plain_floor) {
  if (!fit_runner_) throw std::invalid_argument("depth: a floor fit runner is needed");
  if (p.calibration_frames < 1) throw std::invalid_argument("depth: calibration_frames must be >= 1");
  if (p.refit_every_frames < 0) throw std::invalid_argument("depth: refit_every_frames must be >= 0");
  if (p.floor_fit_lag_frames < 0) throw std::invalid_argument("depth: floor_fit_lag_frames must be >= 0");
  if (!(p.depth_unit_m > 0.0)) throw std::invalid_argument("depth: depth_unit_m must be > 0");
  if (!(p.max_target_height_m > 0.0)) {
    throw std::invalid_argument("depth: max_target_height_m must be > 0");
  }
  matcher_ = make_matcher(p.matcher, p.matcher_parameters);  // validates the name early
  floor_.refusal = "not calibrated yet";
}

DepthStage::~DepthStage() = default;

std::vector<std::string> DepthStage::take_warnings() {
  std::vector<std::string> out;
  out.swap(warnings_);
  return out;
}

void DepthStage::init(const sensor::Frame& frame) {
  camera_ = frame.camera;
  if (camera_.width != (frame.is_stereo() ? frame.left.cols : frame.depth_mm.cols) ||
      camera_.height != (frame.is_stereo() ? frame.left.rows : frame.depth_mm.rows)) {
    throw std::invalid_argument("depth: frame.camera size differs from the image size");
  }
  if (frame.is_stereo() && !(camera_.baseline_m > 0.0)) {
    throw std::invalid_argument("depth: a stereo frame needs camera.baseline_m > 0");
  }
  floor_model_ = std::make_unique<FloorModel>(camera_, params_.floor);
  initialised_ = true;
  if (params_.fixed_floor) adopt_floor(*params_.fixed_floor, 1.0);
}

// A floor given rather than fitted (fixed_floor, or the plain floor's fallback): the reference
// later fits are checked against, and the floor from now on.
void DepthStage::adopt_floor(const core::FloorPlane& plane, double confidence) {
  FloorEstimate e;
  e.ok = true;
  e.plane = plane;
  e.installation_height_m = plane.installation_height_m();
  e.tilt_deg = plane.tilt_deg();
  e.confidence = confidence;
  floor_model_->set_reference(e);
  set_floor(e);
}

void DepthStage::set_floor(const FloorEstimate& e) {
  floor_ = e;
  geometry_.emplace(camera_, e.plane);
  row_ranges_.clear();
  if (!params_.floor_limited_range || !(camera_.baseline_m > 0.0)) return;
  const RowRangeSummary r = floor_limited_ranges(*geometry_, params_.max_target_height_m);
  if (r.unbounded || r.num_disparities < 1 || r.num_disparities > 128) {
    // Keep the full range: a floor-limited range this wide (or unbounded) would search nothing
    // useful, and one collapsed to the floor would make most disparity invalid.
    const std::string why = r.unbounded ? "not below the calibrated installation height"
                                        : "so close below the calibrated installation height that the range "
                                          "needs " + std::to_string(r.num_disparities) + " > 128 disparities";
    char msg[320];
    std::snprintf(msg, sizeof msg,
                  "disparity search not limited by the floor: max_target_height_m %.2f m is %s "
                  "(%.2f m); searching the full %d disparities",
                  params_.max_target_height_m, why.c_str(), e.installation_height_m,
                  matcher_->parameters().num_disparities);
    warnings_.emplace_back(msg);
    return;
  }
  MatcherParameters mp = params_.matcher_parameters;
  mp.num_disparities = r.num_disparities;
  matcher_ = make_matcher(params_.matcher, mp);
  row_ranges_ = r.rows;
}

void DepthStage::update_floor(const sensor::Frame& frame, const cv::Mat& disparity,
                              const cv::Mat& depth_m) {
  if (params_.fixed_floor || fit_out_) return;
  const bool calibrated = floor_.ok;
  const int64_t period = calibrated ? params_.refit_every_frames : params_.calibration_frames;
  if (period == 0) return;
  ++frames_since_fit_;
  // Between refits only the frames the per-pixel history can hold matter: skip the others.
  const bool needed = !calibrated || frames_since_fit_ > period - params_.floor.history_frames;
  if (needed) {
    if (frame.is_stereo()) floor_model_->add_stereo(disparity, frame.left, frame.right);
    else floor_model_->add_depth(depth_m);
  }
  if (frames_since_fit_ < period) return;
  frames_since_fit_ = 0;
  frames_since_fit_request_ = 0;
  fit_out_ = true;
  fit_runner_->start(std::move(floor_model_));
}

// Called once per frame: takes the fit back when its frame has come (waiting) or when it is ready.
void DepthStage::collect_floor_fit() {
  if (!fit_out_) return;
  if (params_.floor_fit_waits) {
    if (frames_since_fit_request_ < params_.floor_fit_lag_frames) {
      ++frames_since_fit_request_;
      return;
    }
  } else if (!fit_runner_->ready()) {
    return;
  }
  FloorFitResult r = fit_runner_->take();
  fit_out_ = false;
  floor_model_ = std::move(r.model);
  apply_floor_fit(r.estimate);
}

void DepthStage::apply_floor_fit(const FloorEstimate& e) {
  if (!floor_.ok) {
    if (e.ok) {
      set_floor(e);
    } else if (plain_floor_.plain() && params_.plain_floor_fallback) {
      adopt_floor(*params_.plain_floor_fallback, 0.0);
      char msg[240];
      std::snprintf(msg, sizeof msg,
                    "floor calibration refused (%s): the floor is plain; using the configured "
                    "installation height %.2f m, level",
                    e.refusal.c_str(), floor_.installation_height_m);
      warnings_.emplace_back(msg);
    } else {
      warnings_.push_back("floor calibration refused: " + e.refusal);
    }
    return;
  }
  if (const auto change = floor_model_->change_against_reference(e)) {
    warnings_.push_back(change->message);
  }
}

namespace {
// A consumer may have copied a cv::Mat header out of a snapshot and dropped the snapshot: its
// pixels must then not be overwritten.
bool sole_owner(const cv::Mat& m) { return m.empty() || (m.u != nullptr && m.u->refcount == 1); }
}  // namespace

std::shared_ptr<HeightMap> DepthStage::recycle() {
  for (auto& hm : pool_) {
    if (hm.use_count() == 1 && sole_owner(hm->height_m) && sole_owner(hm->top_view_m) &&
        sole_owner(hm->disparity_px)) {
      hm->floor_known = false;
      return hm;
    }
  }
  pool_.push_back(std::make_shared<HeightMap>());
  if (pool_.size() > 64) pool_.erase(pool_.begin());  // a consumer keeps everything: stop tracking
  return pool_.back();
}

std::shared_ptr<const HeightMap> DepthStage::process(const sensor::Frame& frame) {
  if (!frame.is_stereo() && !frame.is_depth()) {
    throw std::invalid_argument("depth: frame " + std::to_string(frame.index) +
                                " has neither a stereo pair nor a depth image");
  }
  if (!initialised_) init(frame);
  const cv::Size size = frame.is_stereo() ? frame.left.size() : frame.depth_mm.size();
  if (size.width != camera_.width || size.height != camera_.height) {
    throw std::invalid_argument("depth: frame " + std::to_string(frame.index) +
                                " changed size from the first frame");
  }
  std::shared_ptr<HeightMap> out = recycle();
  out->frame_index = frame.index;
  out->t_seconds = frame.t_seconds;
  out->cell_m = params_.height_map.cell_m;
  // The matcher writes straight into the snapshot (recycled, so no allocation and no copy).
  cv::Mat& disparity = out->disparity_px;
  if (frame.is_stereo()) {
    matcher_->set_ambiguity_percent(plain_floor_.wants_ambiguity(frames_seen_)
                                        ? params_.plain_floor.ambiguity_percent
                                        : -1);
    matcher_->compute(frame.left, frame.right, disparity, row_ranges_);
    if (params_.subpixel_refine) refiner_.refine(frame.left, frame.right, disparity);
    for (auto& change : plain_floor_.observe(matcher_->ambiguous(),
                                             matcher_->parameters().num_disparities))
      warnings_.push_back(change);
  } else {
    if (frame.depth_mm.type() != CV_16UC1) {
      throw std::invalid_argument("depth: frame.depth_mm must be CV_16UC1");
    }
    disparity.release();
    frame.depth_mm.convertTo(depth_m_, CV_32F, params_.depth_unit_m);
  }
  update_floor(frame, disparity, depth_m_);
  collect_floor_fit();
  // After the floor model's samples: a refit must not see the floor it would confirm.
  if (frame.is_stereo() && geometry_)
    plain_floor_.fill(frame.left, *geometry_, disparity);
  if (geometry_) {
    if (frame.is_stereo()) builder_.from_disparity(disparity, *geometry_, *out);
    else builder_.from_depth(depth_m_, *geometry_, *out);
  } else {
    out->height_m.create(size, CV_32F);
    out->height_m.setTo(std::numeric_limits<float>::quiet_NaN());
    out->top_view_m.release();
  }
  ++frames_seen_;
  return out;
}

}  // namespace hc::stereo
