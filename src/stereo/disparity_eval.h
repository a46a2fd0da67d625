// Scoring disparity maps against ground truth, and the standard pairs used to do it (Middlebury
// tsukuba, venus, teddy, cones from ../shared/data/middlebury; Aloe from Debian's opencv-doc).
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <vector>

namespace hc::stereo {

struct DisparityScore {
  double bad_percent = 0.0;   // % of ground-truth pixels with |d - gt| > threshold or no value
  double invalid_percent = 0.0;  // % of ground-truth pixels the matcher left invalid
  int gt_pixels = 0;
};

// disparity: CV_32F (stereo_matcher.h); gt_px: CV_32F pixels, <= 0 unknown. `border` pixels on
// the left (where the right view does not overlap) and on every side are ignored.
DisparityScore score_disparity(const cv::Mat& disparity, const cv::Mat& gt_px, double threshold_px,
                               int border_px);

struct EvalPair {
  std::string name;
  cv::Mat left, right;  // CV_8UC1
  cv::Mat gt_px;        // CV_32F, pixels, 0 unknown
  int num_disparities = 64;  // enough for the pair's ground truth, a multiple of 16
};

// The pairs found: middlebury/* under shared_data_dir, and Aloe under opencv_doc_dir. Missing
// files are skipped silently; a file present but unreadable throws std::runtime_error naming it.
std::vector<EvalPair> load_eval_pairs(const std::string& shared_data_dir,
                                      const std::string& opencv_doc_dir =
                                          "/usr/share/doc/opencv-doc/examples/data");

}  // namespace hc::stereo
