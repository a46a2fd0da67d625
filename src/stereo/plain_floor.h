// A plain floor (one colour, no pattern: a mat, a painted or polished concrete floor) gives a
// passive stereo pair nothing to match on: the matcher's disparities there are noise, and once the
// floor is known they read as bumps of any height, false heads among them. Such a floor is told
// by the matcher's ambiguity (stereo_matcher.h): most of the image has a flat cost curve (over the
// simulator's blank mat 100 % of the pixels, over its tiles under 8 %; docs/stereo.md). While it
// is, the pixels that are both ambiguous and untextured (mean |horizontal gradient| below
// min_texture over a window) are taken as floor: their disparity becomes the known floor's.
// People, whose clothes and hair match, keep theirs. Checked every check_every_frames frames (the
// ambiguity costs the matcher a pass over its costs), over the median of the last `checks`
// checks (the upper one of an even count, so the first check decides at once, before the first
// floor fit), so a crowd passing over a plain floor does not switch it off. Cost while plain: the
// ambiguity, a Sobel and a box filter per frame.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <deque>
#include <optional>
#include <string>

#include "core/floor_geometry.h"

namespace hc::stereo {

struct PlainFloorParameters {
  double min_ambiguous_fraction = 0.5;  // of the image, for a plain floor (0: never plain)
  int ambiguity_percent = 100;          // the matcher's uniqueness margin (stereo_matcher.h)
  int check_every_frames = 30;          // while not plain
  int checks = 5;                       // median over this many checks
  double min_texture = 4.0;    // grey levels: mean |Sobel x| / 4 over the window, below it untextured
  int texture_radius_px = 7;   // the window is (2 r + 1)^2, r in 0..kMaxTextureRadius
};

// The largest window whose sum of |Sobel x| (saturated at 255) fits 16 bits: 15 x 15.
inline constexpr int kMaxTextureRadius = 7;

class PlainFloor {
 public:
  // Throws std::invalid_argument naming the field for a texture radius out of range.
  explicit PlainFloor(const PlainFloorParameters& parameters = {});
  // Whether frame number `frame` (0-based, every frame counted) needs the matcher's ambiguity.
  bool wants_ambiguity(int64_t frame) const;
  // A frame's ambiguity mask (CV_8U, 255 ambiguous); returns a message when the verdict changes.
  std::optional<std::string> observe(const cv::Mat& ambiguous);
  bool plain() const { return plain_; }
  // While plain: the pixels of `disparity` both ambiguous and untextured in `left` get the floor's
  // disparity under `geometry`.
  void fill(const cv::Mat& left, const cv::Mat& ambiguous, const core::FloorGeometry& geometry,
            cv::Mat& disparity);

 private:
  const cv::Mat& floor_disparity(const core::FloorGeometry& geometry);

  PlainFloorParameters params_;
  std::deque<double> fractions_;
  bool plain_ = false;
  cv::Mat gradient16_, gradient_;   // Sobel x of the frame, and its magnitude (CV_8U, saturated)
  cv::Mat texture_;                 // CV_16U, window sums of gradient_
  cv::Mat floor_disparity_;         // per pixel, for floor_plane_ and floor_camera_
  core::FloorPlane floor_plane_;
  core::CameraModel floor_camera_;
};

}  // namespace hc::stereo
