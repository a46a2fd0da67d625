// See plain_floor.h.
#include "stereo/plain_floor.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace hc::stereo {

namespace {

void require(bool ok, const std::string& field, const std::string& range, double got) {
  if (!ok)
    throw std::invalid_argument("plain_floor." + field + " must be " + range + ", got " +
                                std::to_string(got));
}

}  // namespace

PlainFloor::PlainFloor(const PlainFloorParameters& parameters) : params_(parameters) {
  const PlainFloorParameters& p = params_;
  require(p.texture_radius_px >= 0 && p.texture_radius_px <= kMaxTextureRadius,
          "texture_radius_px", "in 0.." + std::to_string(kMaxTextureRadius), p.texture_radius_px);
  require(p.enclosed_tolerance >= 0 && p.enclosed_tolerance <= 1, "enclosed_tolerance",
          "in 0..1", p.enclosed_tolerance);
  require(p.max_enclosed_m > 0, "max_enclosed_m", "above 0", p.max_enclosed_m);
  require(p.patch_window_px >= 0, "patch_window_px", "0 or more", p.patch_window_px);
  require(p.min_patch_share > 0 && p.min_patch_share <= 1, "min_patch_share", "in (0, 1]",
          p.min_patch_share);
}

bool PlainFloor::wants_ambiguity(int64_t frame) const {
  if (!(params_.min_ambiguous_fraction > 0)) return false;
  return params_.check_every_frames <= 1 || frame % params_.check_every_frames == 0;
}

namespace {

std::string percent(double fraction) {
  return std::to_string(static_cast<int>(std::lround(100.0 * fraction))) + " %";
}

}  // namespace

std::vector<std::string> PlainFloor::observe(const cv::Mat& ambiguous, int unmatched_columns) {
  std::vector<std::string> changes;
  if (ambiguous.empty()) return changes;
  fractions_.push_back(static_cast<double>(cv::countNonZero(ambiguous)) /
                       static_cast<double>(ambiguous.total()));
  while (static_cast<int>(fractions_.size()) > std::max(1, params_.checks)) fractions_.pop_front();
  std::vector<double> sorted(fractions_.begin(), fractions_.end());
  std::nth_element(sorted.begin(), sorted.begin() + sorted.size() / 2, sorted.end());
  const double median = sorted[sorted.size() / 2];
  const bool plain = median >= params_.min_ambiguous_fraction;
  const std::string taken = "its untextured pixels are taken as floor unless measured ones "
                            "enclose them";
  if (plain != plain_) {
    plain_ = plain;
    changes.push_back(plain ? "plain floor: " + percent(median) +
                                  " of the image has nothing to match on; " + taken
                            : "the floor is textured again (" + percent(median) +
                                  " of the image ambiguous)");
  }
  // With hysteresis: a wide lens's dim corners come and go as small ambiguous areas.
  const double share = observe_patches(ambiguous, unmatched_columns);
  has_patch_ = has_patch_ ? share >= 0.5 * params_.min_patch_share
                          : share >= params_.min_patch_share;
  // Told apart from a plain floor, which covers them.
  const bool report = has_patch_ && !plain_;
  if (report != patch_reported_) {
    patch_reported_ = report;
    if (report)
      changes.push_back("plain patch: " + percent(share) +
                        " of the image (a mat?) has nothing to match on; " + taken);
    else if (!plain_)
      changes.emplace_back("no plain patch left in the view");
  }
  return changes;
}

double PlainFloor::observe_patches(const cv::Mat& ambiguous, int unmatched_columns) {
  const int w = params_.patch_window_px;
  if (w <= 0) return 0.0;
  // The left image's first columns have no counterpart in the right one whatever the floor.
  const int blind = std::clamp(unmatched_columns, 0, ambiguous.cols);
  ambiguous.copyTo(matched_ambiguous_);
  matched_ambiguous_.colRange(0, blind).setTo(0);
  // A patch: where most of a window is ambiguous, in most of the last checks (the upper median,
  // as for the whole image), so that people crossing it do not cut holes in it.
  cv::boxFilter(matched_ambiguous_, window_share_, CV_32F, cv::Size(w, w));
  patch_checks_.emplace_back();
  cv::compare(window_share_, 255.0 * params_.min_ambiguous_fraction, patch_checks_.back(),
              cv::CMP_GE);
  while (static_cast<int>(patch_checks_.size()) > std::max(1, params_.checks))
    patch_checks_.pop_front();
  patch_votes_ = cv::Mat::zeros(ambiguous.size(), CV_8U);
  for (const cv::Mat& check : patch_checks_) cv::add(patch_votes_, 1, patch_votes_, check);
  const int n = static_cast<int>(patch_checks_.size());
  cv::compare(patch_votes_, (n - 1) / 2, patch_, cv::CMP_GT);
  return static_cast<double>(cv::countNonZero(patch_)) / static_cast<double>(patch_.total());
}

const cv::Mat& PlainFloor::floor_disparity(const core::FloorGeometry& g) {
  if (!floor_disparity_.empty() && g.plane() == floor_plane_ && g.camera() == floor_camera_)
    return floor_disparity_;
  floor_plane_ = g.plane();
  floor_camera_ = g.camera();
  floor_disparity_.create(g.camera().height, g.camera().width, CV_32F);
  for (int v = 0; v < floor_disparity_.rows; ++v) {
    float* row = floor_disparity_.ptr<float>(v);
    for (int u = 0; u < floor_disparity_.cols; ++u) {
      const double d = g.floor_disparity_at(u, v);
      row[u] = d > 0 ? static_cast<float>(d) : -1.0f;  // a ray that misses the floor: invalid
    }
  }
  return floor_disparity_;
}

namespace {

// Whether two disparities agree within a fraction of the larger (invalid ones agree with nothing).
bool agrees(float a, float b, double tolerance) {
  return a > 0 && b > 0 && std::abs(a - b) <= tolerance * std::max(a, b);
}

// The disparity bounding a run, read from pixel (v, u) outwards by (dv, du): the median of the
// first kBoundPixels valid disparities of measured pixels within `reach` pixels. The pixels just
// past an outline are often invalid (a strip of them inside a hat's rim under a low mount, where
// the left-right check fails) or off by the outline's own ambiguity. -1 when none.
constexpr int kBoundPixels = 7;
float bound_disparity(const cv::Mat& disparity, const cv::Mat& untextured, int v, int u, int dv,
                      int du, int reach) {
  float values[kBoundPixels];
  int n = 0;
  for (int k = 0; k < reach && n < kBoundPixels; ++k, v += dv, u += du) {
    if (v < 0 || u < 0 || v >= disparity.rows || u >= disparity.cols) break;
    if (untextured.at<uint8_t>(v, u)) continue;
    const float d = disparity.at<float>(v, u);
    if (d > 0) values[n++] = d;
  }
  if (n == 0) return -1.0f;
  std::nth_element(values, values + n / 2, values + n);
  return values[n / 2];
}

}  // namespace

bool PlainFloor::Enclosure::bounds(float a, float b, int span_px) const {
  return agrees(a, b, tolerance) && span_px <= span_px_per_disparity * std::min(a, b);
}

void PlainFloor::fill(const cv::Mat& left, const core::FloorGeometry& geometry,
                      cv::Mat& disparity) {
  if (!(plain_ || has_patch_) || left.size() != disparity.size()) return;
  if (!plain_ && patch_.size() != disparity.size()) return;
  const cv::Mat& floor = floor_disparity(geometry);
  if (floor.size() != disparity.size()) return;
  find_untextured(left);
  enclosed_.create(disparity.size(), CV_32F);
  enclosed_.setTo(std::numeric_limits<float>::quiet_NaN());
  if (params_.enclosed_tolerance > 0 && geometry.camera().baseline_m > 0)
    estimate_enclosed(disparity, 1.0 / geometry.camera().baseline_m);
  const double tol = params_.enclosed_tolerance;
  for (int v = 0; v < disparity.rows; ++v) {
    float* d = disparity.ptr<float>(v);
    const uint8_t* m = untextured_.ptr<uint8_t>(v);
    const float* e = enclosed_.ptr<float>(v);
    const float* f = floor.ptr<float>(v);
    const uint8_t* in_patch = plain_ ? nullptr : patch_.ptr<uint8_t>(v);
    for (int u = 0; u < disparity.cols; ++u) {
      if (!m[u] || (in_patch && !in_patch[u])) continue;
      if (std::isnan(e[u])) d[u] = f[u];
      else if (!agrees(e[u], d[u], tol)) d[u] = e[u];
    }
  }
}

void PlainFloor::find_untextured(const cv::Mat& left) {
  // |Sobel x| is 4 central differences, saturated at 255 (far above any threshold), and its
  // unnormalised window sum fits 16 bits (225 x 255 at the largest window), so OpenCV's integer
  // running box sum does (its float one sums in double: box_sum.h). Below 4 x min_texture per
  // pixel of the window: untextured.
  cv::Sobel(left, gradient16_, CV_16S, 1, 0, 3);
  cv::convertScaleAbs(gradient16_, gradient_);
  const int r = params_.texture_radius_px;
  cv::boxFilter(gradient_, texture_, CV_16U, cv::Size(2 * r + 1, 2 * r + 1), cv::Point(-1, -1),
                false);
  const double window = (2 * r + 1) * (2 * r + 1);
  const auto min_sum =
      static_cast<uint16_t>(std::min(65535.0, std::ceil(4.0 * params_.min_texture * window)));
  untextured_.create(left.size(), CV_8U);
  for (int v = 0; v < left.rows; ++v) {
    const uint16_t* t = texture_.ptr<uint16_t>(v);
    uint8_t* m = untextured_.ptr<uint8_t>(v);
    for (int u = 0; u < left.cols; ++u) m[u] = t[u] < min_sum;
  }
}

void PlainFloor::estimate_enclosed(const cv::Mat& disparity, double per_m) {
  // A run between bounds of disparity d spans at most max_enclosed_m * d / B pixels (an object
  // that wide at the depth fx B / d): per_m is 1 / B.
  const Enclosure rule{params_.enclosed_tolerance, params_.max_enclosed_m * per_m,
                       2 * params_.texture_radius_px + 1};
  estimate_rows(disparity, rule);
  estimate_columns(disparity, rule);
  bridge_gaps(rule);
}

// Rows: a run of untextured pixels between measured ones gets the line between its bounds.
void PlainFloor::estimate_rows(const cv::Mat& disparity, const Enclosure& rule) {
  for (int v = 0; v < disparity.rows; ++v) {
    const uint8_t* m = untextured_.ptr<uint8_t>(v);
    float* e = enclosed_.ptr<float>(v);
    for (int u = 0; u < disparity.cols;) {
      if (!m[u]) {
        ++u;
        continue;
      }
      const int start = u;
      while (u < disparity.cols && m[u]) ++u;
      if (start == 0 || u == disparity.cols) continue;  // open to the border
      const float a = bound_disparity(disparity, untextured_, v, start - 1, 0, -1, rule.reach),
                  b = bound_disparity(disparity, untextured_, v, u, 0, 1, rule.reach);
      if (!rule.bounds(a, b, u - start)) continue;
      const float step = (b - a) / static_cast<float>(u - start + 1);
      for (int x = start; x < u; ++x) e[x] = a + step * static_cast<float>(x - start + 1);
    }
  }
}

// Columns, walking every column at once (rows are contiguous in memory): down to note where each
// run starts, then up, reading each run's bounds at its bottom pixel. A pixel stays enclosed when
// the line down its column agrees with its row's, and takes their mean.
void PlainFloor::estimate_columns(const cv::Mat& disparity, const Enclosure& rule) {
  const int rows = disparity.rows, cols = disparity.cols;
  first_row_.create(disparity.size(), CV_16S);
  std::vector<int> run_start(cols, -1);
  for (int v = 0; v < rows; ++v) {
    const uint8_t* m = untextured_.ptr<uint8_t>(v);
    int16_t* first = first_row_.ptr<int16_t>(v);
    for (int u = 0; u < cols; ++u) {
      if (!m[u]) {
        run_start[u] = -1;
        continue;
      }
      if (run_start[u] < 0) run_start[u] = v;
      first[u] = static_cast<int16_t>(run_start[u]);
    }
  }
  struct ColumnRun {
    int top = -1, bottom = -1;                       // the measured rows around it; -1: none
    float top_bound = -1.0f, bottom_bound = -1.0f;   // < 0: open or not bounded
  };
  std::vector<ColumnRun> run(cols);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int v = rows - 1; v >= 0; --v) {
    const uint8_t* m = untextured_.ptr<uint8_t>(v);
    const uint8_t* below = v + 1 < rows ? untextured_.ptr<uint8_t>(v + 1) : nullptr;
    const int16_t* first = first_row_.ptr<int16_t>(v);
    float* e = enclosed_.ptr<float>(v);
    for (int u = 0; u < cols; ++u) {
      if (!m[u]) continue;
      ColumnRun& r = run[u];
      if (!below || !below[u]) {
        r = ColumnRun{first[u] - 1, below ? v + 1 : -1};
        if (r.top >= 0 && r.bottom >= 0) {
          const float a = bound_disparity(disparity, untextured_, r.top, u, -1, 0, rule.reach),
                      b = bound_disparity(disparity, untextured_, r.bottom, u, 1, 0, rule.reach);
          if (rule.bounds(a, b, r.bottom - r.top - 1)) {
            r.top_bound = a;
            r.bottom_bound = b;
          }
        }
      }
      if (std::isnan(e[u])) continue;
      if (r.top_bound < 0) {
        e[u] = nan;
        continue;
      }
      const float column = r.top_bound + (r.bottom_bound - r.top_bound) *
                                             static_cast<float>(v - r.top) /
                                             static_cast<float>(r.bottom - r.top);
      e[u] = agrees(column, e[u], rule.tolerance) ? 0.5f * (column + e[u]) : nan;
    }
  }
}

// A speck of texture on a plain surface marks every pixel within half a texture window as
// measured, with the speck's noise for a disparity: the runs beside it have a bound that agrees
// with nothing. So a gap of at most a window (2 r + 1 pixels) along a row or a column between two
// enclosed pixels that agree takes the line between them where it is untextured. Rows first, then
// columns (walked row by row, each column's last enclosed pixel kept).
void PlainFloor::bridge_gaps(const Enclosure& rule) {
  const int max_gap = rule.reach;
  const auto line = [](float a, float b, int from, int to, int at) {
    return a + (b - a) * static_cast<float>(at - from) / static_cast<float>(to - from);
  };
  for (int v = 0; v < enclosed_.rows; ++v) {
    float* e = enclosed_.ptr<float>(v);
    const uint8_t* m = untextured_.ptr<uint8_t>(v);
    int last = -1;
    for (int u = 0; u < enclosed_.cols; ++u) {
      if (std::isnan(e[u])) continue;
      if (last >= 0 && u - last > 1 && u - last - 1 <= max_gap &&
          agrees(e[last], e[u], rule.tolerance))
        for (int k = last + 1; k < u; ++k)
          if (m[k]) e[k] = line(e[last], e[u], last, u, k);
      last = u;
    }
  }
  std::vector<int> last(enclosed_.cols, -1);
  for (int v = 0; v < enclosed_.rows; ++v) {
    const float* e = enclosed_.ptr<float>(v);
    for (int u = 0; u < enclosed_.cols; ++u) {
      if (std::isnan(e[u])) continue;
      const int l = last[u];
      if (l >= 0 && v - l > 1 && v - l - 1 <= max_gap) {
        const float a = enclosed_.at<float>(l, u);
        if (agrees(a, e[u], rule.tolerance))
          for (int k = l + 1; k < v; ++k)
            if (untextured_.at<uint8_t>(k, u)) enclosed_.at<float>(k, u) = line(a, e[u], l, v, k);
      }
      last[u] = v;
    }
  }
}

}  // namespace hc::stereo
