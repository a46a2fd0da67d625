// Rectification with remap tables built once: O(W*H) to build, O(W*H) per pair to apply.
// Reference: OpenCV calib3d (Bouguet's rectification in cv::stereoRectify).
#include "sensor/stereo_rectifier.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

namespace hc::sensor {

StereoRectifier::StereoRectifier(const StereoCalibration& c) : size_(c.image_size) {
  passthrough_ = c.is_rectified();
  camera_.width = size_.width;
  camera_.height = size_.height;
  if (passthrough_) {
    camera_.fx = c.M1.at<double>(0, 0);
    camera_.fy = c.M1.at<double>(1, 1);
    camera_.cx = c.M1.at<double>(0, 2);
    camera_.cy = c.M1.at<double>(1, 2);
    camera_.baseline_m = c.baseline_m();
    return;
  }
  cv::Mat R1 = c.R1, R2 = c.R2, P1 = c.P1, P2 = c.P2, Q;
  if (R1.empty() || R2.empty() || P1.empty() || P2.empty()) {
    // alpha 0: only valid pixels, so the rectified image has no black borders.
    cv::stereoRectify(c.M1, c.D1, c.M2, c.D2, size_, c.R, c.T, R1, R2, P1, P2, Q,
                      cv::CALIB_ZERO_DISPARITY, 0.0, size_);
  }
  cv::initUndistortRectifyMap(c.M1, c.D1, R1, P1, size_, CV_16SC2, map1l_, map2l_);
  cv::initUndistortRectifyMap(c.M2, c.D2, R2, P2, size_, CV_16SC2, map1r_, map2r_);
  camera_.fx = P1.at<double>(0, 0);
  camera_.fy = P1.at<double>(1, 1);
  camera_.cx = P1.at<double>(0, 2);
  camera_.cy = P1.at<double>(1, 2);
  camera_.baseline_m = std::abs(P2.at<double>(0, 3) / P2.at<double>(0, 0));
}

void StereoRectifier::rectify(const cv::Mat& left, const cv::Mat& right, cv::Mat& left_out,
                              cv::Mat& right_out) const {
  if (passthrough_) {
    left_out = left;
    right_out = right;
    return;
  }
  cv::remap(left, left_out, map1l_, map2l_, cv::INTER_LINEAR);
  cv::remap(right, right_out, map1r_, map2r_, cv::INTER_LINEAR);
}

}  // namespace hc::sensor
