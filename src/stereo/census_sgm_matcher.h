// Our matcher for overhead counting: CS-census 9x7, Hamming costs, SGM over 4 paths (left-right,
// right-left, top-down, bottom-up) with 8-bit path costs, winner-take-all with V-fit sub-pixel
// refinement, left-right check, no match whose census window is clipped by the left edge, 3x3
// median; per-row disparity ranges; AVX2 or scalar kernels; horizontal strips split across
// threads; on request, the pixels whose best disparity is not unique (a flat cost curve).
#pragma once

#include <memory>
#include <vector>

#include "stereo/disparity_median.h"
#include "stereo/sgm_kernels.h"
#include "stereo/stereo_matcher.h"
#include "stereo/thread_pool.h"

namespace hc::stereo {

class CensusSgmMatcher final : public StereoMatcher {
 public:
  // Rows a strip reaches above and below its own so that its vertical paths start settled.
  static constexpr int kStripOverlap = 32;

  explicit CensusSgmMatcher(const MatcherParameters& parameters);
  ~CensusSgmMatcher() override;
  std::string name() const override { return "census-sgm"; }
  const MatcherParameters& parameters() const override { return params_; }
  void compute(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity,
               const std::vector<RowRange>& row_ranges = {}) override;
  void set_ambiguity_percent(int percent) override { ambiguity_percent_ = percent; }
  const cv::Mat& ambiguous() const override { return ambiguous_; }
  const char* kernel_name() const { return kernels_->name; }
  int slots() const { return slots_; }

 private:
  struct Workspace;
  void run_strip(int y_begin, int y_end, Workspace& ws, cv::Mat& disparity);
  void build_planes(int y_begin, int y_end);

  MatcherParameters params_;
  const SgmKernels* kernels_;
  int slots_;
  ThreadPool pool_;
  std::vector<std::unique_ptr<Workspace>> workspaces_;
  std::vector<int> bases_;
  std::vector<uint8_t> planes_;  // rows * 4 * plane_stride_ (sgm_kernels.h layout)
  cv::Mat census_left_, census_right_, pad_left_, pad_right_;
  DisparityMedian3 median_;
  int width_ = 0;
  int plane_stride_ = 0;
  int ambiguity_percent_ = -1;
  cv::Mat ambiguous_;  // CV_8U, while ambiguity_percent_ >= 0
};

// Shared by both matchers: replaces each run of invalid pixels in a row by the smaller (farther)
// of the valid disparities on its two sides.
void fill_invalid_rows(cv::Mat& disparity);

}  // namespace hc::stereo
