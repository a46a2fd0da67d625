// A plain floor (one colour, no pattern: a mat, a painted or polished concrete floor) gives a
// passive stereo pair nothing to match on: the matcher's disparities there are noise, and once the
// floor is known they read as bumps of any height, false heads among them. Such a floor is told
// by the matcher's ambiguity (stereo_matcher.h): most of the image has a flat cost curve (over the
// simulator's blank mat 100 % of the pixels, over its tiles under 8 %; docs/stereo.md). Checked
// every check_every_frames frames (the ambiguity costs the matcher a pass over its costs), over
// the median of the last `checks` checks (the upper one of an even count, so the first check
// decides at once, before the first floor fit), so a crowd passing over a plain floor does not
// switch it off.
//
// While the floor is plain, an untextured pixel (mean |horizontal gradient| below min_texture
// over a window) was not measured, whatever the matcher made of it:
// - Enclosed by measured pixels, it is the inside of something with an outline: a plain head, a
//   hat, a shoulder, whose outline the matcher did measure. Along its row and its column, the
//   measured pixels on either side (within max_enclosed_m at their disparity) agree, and it takes
//   the disparity they give, unless its own agrees with that.
// - Otherwise it is floor and takes the known floor's disparity: the mat between people reaches
//   the border, or a person's outline on one side only.
// Cost while plain: a Sobel, a box filter and four passes over the image per frame.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "core/floor_geometry.h"

namespace hc::stereo {

struct PlainFloorParameters {
  double min_ambiguous_fraction = 0.5;  // of the image, for a plain floor (0: never plain)
  int ambiguity_percent = 100;          // the matcher's uniqueness margin (stereo_matcher.h)
  int check_every_frames = 30;          // while not plain
  int checks = 5;                       // median over this many checks
  double min_texture = 4.0;    // grey levels: mean |Sobel x| / 4 over the window, below it untextured
  int texture_radius_px = 7;   // the window is (2 r + 1)^2, r in 0..kMaxTextureRadius
  // A run of untextured pixels along a row or a column is bounded when the measured pixels at its
  // two ends agree within enclosed_tolerance of the larger disparity and it spans at most
  // max_enclosed_m at theirs. A pixel is enclosed when its row's run and its column's run are
  // bounded and the lines between their bounds agree at it (enclosed_tolerance 0: none is; every
  // untextured pixel is floor). Loose, since a head's outline lies lower than its top: under a
  // 2.2 m mount a 1.95 m head's top is 0.25 m from the lens, its outline about 0.35 m, 30 % less
  // disparity.
  double enclosed_tolerance = 0.5;
  double max_enclosed_m = 0.5;
  // A plain patch (an entrance mat on a textured floor): where at least min_ambiguous_fraction of
  // a window this wide is ambiguous, in most of the last `checks` checks. While the patches cover
  // at least min_patch_share of the image (until under half of it), their untextured pixels get
  // the same as a plain floor's, the rest of the floor being textured (0: whole floors only).
  int patch_window_px = 81;
  double min_patch_share = 0.03;
};

// The largest window whose sum of |Sobel x| (saturated at 255) fits 16 bits: 15 x 15.
inline constexpr int kMaxTextureRadius = 7;

class PlainFloor {
 public:
  // Throws std::invalid_argument naming the field for a texture radius out of range.
  explicit PlainFloor(const PlainFloorParameters& parameters = {});
  // Whether frame number `frame` (0-based, every frame counted) needs the matcher's ambiguity.
  bool wants_ambiguity(int64_t frame) const;  // every check_every_frames frames
  // A frame's ambiguity mask (CV_8U, 255 ambiguous); returns a message for each verdict that
  // changed (the whole floor's, then whether a plain patch is in view). The first
  // unmatched_columns columns (the matcher's disparity range: no counterpart in the right image)
  // are no patch.
  std::vector<std::string> observe(const cv::Mat& ambiguous, int unmatched_columns = 0);
  bool plain() const { return plain_; }
  bool has_patch() const { return has_patch_; }
  const cv::Mat& patch() const { return patch_; }  // CV_8U, 255 in a plain patch
  // While plain: the untextured pixels of `left` (rectified, as `disparity`) get the disparity of
  // what encloses them, or the floor's under `geometry`.
  void fill(const cv::Mat& left, const core::FloorGeometry& geometry, cv::Mat& disparity);

 private:
  const cv::Mat& floor_disparity(const core::FloorGeometry& geometry);
  // patch_ from this check and the last ones; returns its share of the image.
  double observe_patches(const cv::Mat& ambiguous, int unmatched_columns);
  // untextured_ from the window sums of |Sobel x| of `left`.
  void find_untextured(const cv::Mat& left);
  // enclosed_: for each enclosed pixel of untextured_, the disparity its measured bounds give;
  // NaN elsewhere. per_m: 1 / baseline.
  void estimate_enclosed(const cv::Mat& disparity, double per_m);
  struct Enclosure {
    double tolerance, span_px_per_disparity;
    int reach;  // pixels past a run's end within which its bound is read
    bool bounds(float a, float b, int span_px) const;
  };
  void estimate_rows(const cv::Mat& disparity, const Enclosure& rule);     // enclosed_ by rows
  void estimate_columns(const cv::Mat& disparity, const Enclosure& rule);  // and columns
  void bridge_gaps(const Enclosure& rule);  // across specks of texture

  PlainFloorParameters params_;
  std::deque<double> fractions_;
  bool plain_ = false;
  std::deque<cv::Mat> patch_checks_;  // CV_8U, 255 where a window was mostly ambiguous
  cv::Mat matched_ambiguous_, window_share_, patch_votes_, patch_;
  bool has_patch_ = false, patch_reported_ = false;
  cv::Mat gradient16_, gradient_;   // Sobel x of the frame, and its magnitude (CV_8U, saturated)
  cv::Mat texture_;                 // CV_16U, window sums of gradient_
  cv::Mat untextured_;              // CV_8U, 1 where untextured
  cv::Mat enclosed_;                // CV_32F: estimate_enclosed
  cv::Mat first_row_;               // CV_16S: per untextured pixel, its column run's first row
  cv::Mat floor_disparity_;         // per pixel, for floor_plane_ and floor_camera_
  core::FloorPlane floor_plane_;
  core::CameraModel floor_camera_;
};

}  // namespace hc::stereo
