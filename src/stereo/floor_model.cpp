// Floor calibration. Accumulation: O(samples) per frame. Fit: RANSAC, O(iterations * points),
// then two least-squares refits (smallest eigenvector of the inlier covariance; Hartley &
// Zisserman, ch. 4), then for stereo an optional photometric Gauss-Newton refinement of the
// plane-induced disparity (Baker & Matthews, "Lucas-Kanade 20 years on", with a 3-parameter warp).
#include "stereo/floor_model.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <sstream>
#include <stdexcept>

#include "stereo/stereo_matcher.h"

namespace hc::stereo {
namespace {
using core::Vec3;

double dot(const Vec3& a, const Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }
Vec3 cross(const Vec3& a, const Vec3& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}

struct Plane {
  Vec3 n{0, 0, -1};
  double d = 0.0;  // height of X = n.X + d; camera height = d > 0
};

// Stereo depth noise grows with the square of depth: a disparity tolerance of t px is
// z^2 t / (fx B) metres. Depth sensors use the metric tolerance alone.
double tolerance(const FloorModelParameters& p, const Vec3& q) {
  return std::max(p.inlier_threshold_m, q[2] * q[2] * p.disparity_tolerance_px / p.fx_baseline);
}

std::optional<Plane> plane_from(const Vec3& a, const Vec3& b, const Vec3& c) {
  Vec3 n = cross({b[0] - a[0], b[1] - a[1], b[2] - a[2]}, {c[0] - a[0], c[1] - a[1], c[2] - a[2]});
  const double len = std::sqrt(dot(n, n));
  if (len < 1e-9) return std::nullopt;
  n = {n[0] / len, n[1] / len, n[2] / len};
  double d = -dot(n, a);
  if (d < 0) {
    n = {-n[0], -n[1], -n[2]};
    d = -d;
  }
  return Plane{n, d};
}

// Least squares: the plane through the centroid normal to the direction of least variance.
// Weighted by the inverse variance of each point (1 / tolerance², the noise model of the inlier
// test): stereo depth error grows with z², and a few mismatched far points (a disparity of 1-2 px
// reads as 40 m and more, with a tolerance of metres) otherwise pass as inliers and, at 3-D
// leverage, tilt the least-squares plane (seen at 6 m on the simulator: 55 deg).
std::optional<Plane> refit(const std::vector<Vec3>& pts, const std::vector<uint8_t>& in,
                           const FloorModelParameters& p) {
  Vec3 c{0, 0, 0};
  int n = 0;
  double wsum = 0.0;
  std::vector<double> w(pts.size(), 0.0);
  for (size_t i = 0; i < pts.size(); ++i) {
    if (!in[i]) continue;
    const double t = tolerance(p, pts[i]);
    w[i] = 1.0 / (t * t);
    for (int k = 0; k < 3; ++k) c[static_cast<size_t>(k)] += w[i] * pts[i][static_cast<size_t>(k)];
    wsum += w[i];
    ++n;
  }
  if (n < 3 || !(wsum > 0.0)) return std::nullopt;
  for (auto& v : c) v /= wsum;
  cv::Matx33d cov = cv::Matx33d::zeros();
  for (size_t i = 0; i < pts.size(); ++i) {
    if (!in[i]) continue;
    const cv::Vec3d q(pts[i][0] - c[0], pts[i][1] - c[1], pts[i][2] - c[2]);
    cov += w[i] * (q * q.t());
  }
  cv::Mat values, vectors;
  cv::eigen(cv::Mat(cov), values, vectors);  // descending eigenvalues
  Vec3 nrm{vectors.at<double>(2, 0), vectors.at<double>(2, 1), vectors.at<double>(2, 2)};
  double d = -dot(nrm, c);
  if (d < 0) {
    nrm = {-nrm[0], -nrm[1], -nrm[2]};
    d = -d;
  }
  return Plane{nrm, d};
}
}  // namespace

FloorModel::FloorModel(const core::CameraModel& camera, const FloorModelParameters& p)
    : camera_(camera), params_(p) {
  if (p.sample_step_px < 1) throw std::invalid_argument("floor: sample_step_px must be >= 1");
  if (p.history_frames < 1 || p.history_frames > 255) {
    throw std::invalid_argument("floor: history_frames must be in 1..255");
  }
  if (p.refine_pairs < 0) throw std::invalid_argument("floor: refine_pairs must be >= 0");
  if (camera.width < 1 || camera.height < 1 || camera.fx <= 0 || camera.fy <= 0) {
    throw std::invalid_argument("floor: camera model needs a positive size and focal length");
  }
  cols_ = (camera.width + p.sample_step_px - 1) / p.sample_step_px;
  rows_ = (camera.height + p.sample_step_px - 1) / p.sample_step_px;
  reset();
}

void FloorModel::reset() {
  const size_t n = static_cast<size_t>(cols_) * static_cast<size_t>(rows_);
  history_.assign(n * static_cast<size_t>(params_.history_frames), 0.0f);
  count_.assign(n, 0);
  head_.assign(n, 0);
  frames_ = 0;
  stereo_frames_ = 0;
  brightness_sum_ = 0.0;
  brightness_frames_ = 0;
  pairs_.clear();
}

void FloorModel::push_depth(int sample, float z) {
  const auto s = static_cast<size_t>(sample);
  history_[s * static_cast<size_t>(params_.history_frames) + head_[s]] = z;
  head_[s] = static_cast<uint8_t>((head_[s] + 1) % params_.history_frames);
  count_[s] = static_cast<uint8_t>(std::min<int>(count_[s] + 1, params_.history_frames));
}

void FloorModel::add_disparity(const cv::Mat& disparity, const cv::Mat& left) {
  if (disparity.type() != CV_32F || disparity.cols != camera_.width ||
      disparity.rows != camera_.height) {
    throw std::invalid_argument("floor: disparity must be CV_32F of the camera's size");
  }
  if (left.type() != CV_8UC1 || left.size() != disparity.size()) {
    throw std::invalid_argument("floor: left image must be CV_8UC1 of the disparity's size");
  }
  const int step = params_.sample_step_px;
  for (int r = 0; r < rows_; ++r) {
    const int v = std::min(r * step + step / 2, camera_.height - 1);
    for (int c = 0; c < cols_; ++c) {
      const int u = std::min(c * step + step / 2, camera_.width - 1);
      const float d = disparity.at<float>(v, u);
      if (!is_valid_disparity(d) || d < 0.5f) continue;
      // Texture: mean horizontal gradient in a 5x5 window (what stereo matching relies on).
      double g = 0.0;
      int n = 0;
      for (int y = std::max(0, v - 2); y <= std::min(camera_.height - 1, v + 2); ++y) {
        const uint8_t* row = left.ptr<uint8_t>(y);
        for (int x = std::max(1, u - 2); x <= std::min(camera_.width - 2, u + 2); ++x) {
          g += std::abs(int{row[x + 1]} - int{row[x - 1]});
          ++n;
        }
      }
      if (n == 0 || g / n < params_.min_texture) continue;
      push_depth(r * cols_ + c, static_cast<float>(camera_.depth_from_disparity(d)));
    }
  }
  brightness_sum_ += cv::mean(left)[0];
  ++stereo_frames_;
  ++brightness_frames_;
  ++frames_;
}

void FloorModel::add_stereo(const cv::Mat& disparity, const cv::Mat& left, const cv::Mat& right) {
  add_disparity(disparity, left);
  if (right.type() != CV_8UC1 || right.size() != left.size()) {
    throw std::invalid_argument("floor: right image must be CV_8UC1 of the left's size");
  }
  if (params_.refine_pairs < 1) return;
  StereoPair pair;  // the oldest pair's buffers are reused once refine_pairs are kept
  if (static_cast<int>(pairs_.size()) >= params_.refine_pairs) {
    pair = std::move(pairs_.front());
    pairs_.pop_front();
  }
  left.copyTo(pair.left);
  right.copyTo(pair.right);
  disparity.copyTo(pair.disparity);
  pairs_.push_back(std::move(pair));
}

void FloorModel::add_depth(const cv::Mat& depth_m) {
  if (depth_m.type() != CV_32F || depth_m.cols != camera_.width || depth_m.rows != camera_.height) {
    throw std::invalid_argument("floor: depth must be CV_32F metres of the camera's size");
  }
  const int step = params_.sample_step_px;
  for (int r = 0; r < rows_; ++r) {
    const int v = std::min(r * step + step / 2, camera_.height - 1);
    for (int c = 0; c < cols_; ++c) {
      const int u = std::min(c * step + step / 2, camera_.width - 1);
      const float z = depth_m.at<float>(v, u);
      if (std::isfinite(z) && z > 0.0f) push_depth(r * cols_ + c, z);
    }
  }
  ++frames_;
}

FloorEstimate FloorModel::fit() {
  FloorEstimate e;
  if (frames_ < params_.min_frames) {
    e.refusal = "not enough frames: " + std::to_string(frames_) + " < " +
                std::to_string(params_.min_frames);
    return e;
  }
  if (brightness_frames_ > 0 && brightness_sum_ / brightness_frames_ < params_.min_brightness) {
    std::ostringstream s;
    s << "low light: mean grey level " << brightness_sum_ / brightness_frames_ << " < "
      << params_.min_brightness;
    e.refusal = s.str();
    return e;
  }
  std::vector<Vec3> pts;
  std::vector<float> h;
  const int step = params_.sample_step_px;
  for (int r = 0; r < rows_; ++r) {
    for (int c = 0; c < cols_; ++c) {
      const auto s = static_cast<size_t>(r * cols_ + c);
      const int n = count_[s];
      if (n == 0) continue;
      const float* first = history_.data() + s * static_cast<size_t>(params_.history_frames);
      h.assign(first, first + n);
      // The upper quartile of the depths: the floor is the far side of whatever passes over it.
      const auto q = h.begin() + (3 * (n - 1)) / 4;
      std::nth_element(h.begin(), q, h.end());
      const double z = *q;
      const double u = std::min(c * step + step / 2, camera_.width - 1);
      const double v = std::min(r * step + step / 2, camera_.height - 1);
      pts.push_back({(u - camera_.cx) * z / camera_.fx, (v - camera_.cy) * z / camera_.fy, z});
    }
  }
  FloorModelParameters p = params_;
  if (stereo_frames_ > 0) p.fx_baseline = camera_.fx * camera_.baseline_m;
  e = fit_points(pts, p);
  if (e.ok && !pairs_.empty()) e.refined = refine_photometric(e);
  if (e.ok && !reference_) reference_ = e;
  return e;
}

FloorEstimate FloorModel::fit_points(const std::vector<Vec3>& pts, const FloorModelParameters& p) {
  FloorEstimate e;
  e.points = static_cast<int>(pts.size());
  if (e.points < p.min_points) {
    e.refusal = "too few textured floor points: " + std::to_string(e.points) + " < " +
                std::to_string(p.min_points);
    return e;
  }
  std::mt19937 rng(p.seed);
  std::uniform_int_distribution<size_t> pick(0, pts.size() - 1);
  Plane best;
  long best_score = -1;
  for (int it = 0; it < p.ransac_iterations; ++it) {
    const auto cand = plane_from(pts[pick(rng)], pts[pick(rng)], pts[pick(rng)]);
    if (!cand) continue;
    long in = 0, below = 0;
    for (const Vec3& q : pts) {
      const double dist = dot(cand->n, q) + cand->d;
      const double tol = tolerance(p, q);
      if (std::abs(dist) < tol) ++in;
      else if (dist < -3.0 * tol) ++below;
    }
    // Nothing real lies below the floor: a candidate with points beyond it is a wall or a table.
    const long score = in - 2 * below;
    if (score > best_score) {
      best_score = score;
      best = *cand;
    }
  }
  std::vector<uint8_t> in(pts.size(), 0);
  for (int round = 0; round < 3; ++round) {
    for (size_t i = 0; i < pts.size(); ++i) {
      in[i] = std::abs(dot(best.n, pts[i]) + best.d) < tolerance(p, pts[i]);
    }
    if (round == 2) break;
    if (const auto r = refit(pts, in, p)) best = *r;
  }
  double ss = 0.0, normalised = 0.0;
  e.inliers = 0;
  for (size_t i = 0; i < pts.size(); ++i) {
    if (!in[i]) continue;
    const double dist = dot(best.n, pts[i]) + best.d;
    ss += dist * dist;
    normalised += std::abs(dist) / tolerance(p, pts[i]);
    ++e.inliers;
  }
  normalised = e.inliers > 0 ? normalised / e.inliers : 1.0;
  e.rms_m = e.inliers > 0 ? std::sqrt(ss / e.inliers) : 0.0;
  e.plane = core::FloorPlane{best.n, best.d};
  e.installation_height_m = best.d;
  e.tilt_deg = e.plane.tilt_deg();
  const double fraction = static_cast<double>(e.inliers) / e.points;
  e.confidence = std::clamp(fraction, 0.0, 1.0) *
                 std::min(1.0, static_cast<double>(e.inliers) / (4.0 * p.min_points)) *
                 (1.0 - 0.5 * std::clamp(normalised, 0.0, 1.0));
  if (e.inliers < p.min_points) {
    e.refusal = "too few floor inliers: " + std::to_string(e.inliers) + " < " +
                std::to_string(p.min_points);
  } else if (fraction < p.min_inlier_fraction) {
    std::ostringstream s;
    s << "floor plane explains only " << static_cast<int>(100 * fraction) << " % of the points (< "
      << static_cast<int>(100 * p.min_inlier_fraction) << " %)";
    e.refusal = s.str();
  } else if (e.plane.tilt_deg() > 45.0) {
    e.refusal = "the dominant plane is tilted more than 45 degrees: not a floor seen from above";
  } else {
    e.ok = true;
  }
  return e;
}

std::optional<FloorChange> FloorModel::change_against_reference(const FloorEstimate& e) const {
  if (!reference_ || !e.ok) return std::nullopt;
  FloorChange c;
  c.height_delta_m = e.installation_height_m - reference_->installation_height_m;
  const double cosang = std::clamp(dot(e.plane.normal, reference_->plane.normal), -1.0, 1.0);
  c.tilt_delta_deg = std::acos(cosang) * 180.0 / std::numbers::pi;
  if (std::abs(c.height_delta_m) <= params_.change_height_m &&
      c.tilt_delta_deg <= params_.change_tilt_deg) {
    return std::nullopt;
  }
  std::ostringstream s;
  s.precision(3);
  s << "sensor moved? installation height changed by " << c.height_delta_m
    << " m and the floor orientation by " << c.tilt_delta_deg
    << " deg since calibration; recalibrate (Detect)";
  c.message = s.str();
  return c;
}

}  // namespace hc::stereo
