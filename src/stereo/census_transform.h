// Center-symmetric census transform over a 9x7 window (Spangenberg et al., "Large scale
// semi-global matching on the CPU", IV 2014): 31 comparisons of the pixel pairs mirrored through
// the centre, one bit each, in a 32-bit code. Borders replicate the edge pixels.
#pragma once

#include <opencv2/core.hpp>

namespace hc::stereo {

inline constexpr int kCensusBits = 31;
inline constexpr int kCensusRadiusX = 4;  // the window reaches this many columns to each side

// image: CV_8UC1. census: resized to CV_32SC1 (codes as uint32 bit patterns). The fast version
// works on a padded copy (`padded` is its buffer): AVX2 32 pixels at a time when the CPU has it,
// else plane by plane in loops the compiler vectorises.
void census_transform(const cv::Mat& image, cv::Mat& census, cv::Mat& padded,
                      bool force_scalar = false);
// Plain per-pixel reference, for tests.
void census_transform_reference(const cv::Mat& image, cv::Mat& census);

}  // namespace hc::stereo
