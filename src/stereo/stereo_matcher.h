// The stereo matcher interface: a rectified 8-bit pair in, a left-image disparity map out.
//
// Output contract (every implementation): CV_32F, one value per left pixel, disparity in pixels
// (sub-pixel), so that the left pixel (u, v) matches the right pixel (u - d, v). Invalid pixels
// (occluded, failed left-right check, outside the search range) hold kInvalidDisparity (-1); test
// validity with is_valid_disparity(d), never with d > 0.
//
// Names for make_matcher() and `--matcher`: "census-sgm" (ours: CS-census 9x7, Hamming costs,
// 4-path SGM, SIMD, threads, optional per-row disparity range from the floor geometry) and
// "opencv-sgbm" (OpenCV StereoSGBM, MODE_SGBM_3WAY, the reference baseline).
#pragma once

#include <opencv2/core.hpp>

#include <memory>
#include <string>
#include <vector>

namespace hc::stereo {

inline constexpr float kInvalidDisparity = -1.0f;
inline bool is_valid_disparity(float d) { return d >= 0.0f; }

// The disparities searched in one image row: [min_px, min_px + count) where count is the matcher's
// num_disparities. Used by the floor-limited search (see disparity_range.h).
struct RowRange {
  int min_px = 0;
};

struct MatcherParameters {
  int min_disparity = 0;       // pixels; ignored per row when row ranges are given
  int num_disparities = 64;    // pixels searched; census-sgm: <= 128, rounded up to a multiple of 16
  int p1 = 16;                 // SGM penalty for a 1-px disparity change (census-sgm: Hamming units)
  int p2 = 36;                 // SGM penalty for larger jumps; census-sgm needs 0 <= p1 < p2 <= 96
  bool subpixel = true;        // census-sgm: V (equiangular) fit around the winner
  int lr_max_diff = 0;         // left-right check tolerance, integer pixels; < 0 disables it
  bool median = true;          // 3x3 median on the result
  bool fill_invalid = false;   // fill invalid pixels from the row's background neighbour (dense output)
  int threads = 1;             // worker threads; rows / columns are split between them
  int block_size = 5;          // opencv-sgbm only: matching block size (odd)
  bool force_scalar = false;   // census-sgm only: use the scalar kernels even when AVX2 is present
  bool allow_avx512 = true;    // census-sgm only: false keeps to plain AVX2 on CPUs with AVX-512
};

class StereoMatcher {
 public:
  virtual ~StereoMatcher() = default;
  virtual std::string name() const = 0;
  virtual const MatcherParameters& parameters() const = 0;
  // left, right: CV_8UC1 of equal size. disparity: resized to CV_32F of that size.
  // row_ranges: empty for the global range [min_disparity, min_disparity + num_disparities), or
  // one RowRange per image row (a matcher that cannot vary it per row uses the union).
  // Throws std::invalid_argument for inputs that break the contract.
  virtual void compute(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity,
                       const std::vector<RowRange>& row_ranges = {}) = 0;
  // Ambiguity, where the matcher has it (census-sgm): while percent >= 0, compute() also marks
  // the pixels whose best cost is not unique, their second-best disparity (the winner's two
  // neighbours excluded) costing at most (100 + percent) % of the winner: a flat cost curve,
  // nothing in the window to match on. ambiguous() is then CV_8U, 255 where ambiguous; empty
  // otherwise, and always for a matcher without it.
  virtual void set_ambiguity_percent(int percent) { (void)percent; }
  virtual const cv::Mat& ambiguous() const {
    static const cv::Mat none;
    return none;
  }
};

// Names accepted by make_matcher, in documentation order.
std::vector<std::string> matcher_names();
// Throws std::invalid_argument naming the field for an unknown name or invalid parameters.
std::unique_ptr<StereoMatcher> make_matcher(const std::string& name,
                                            const MatcherParameters& parameters = {});

}  // namespace hc::stereo
