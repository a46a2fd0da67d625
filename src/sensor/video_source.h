// Stereo frames from OpenCV captures: two video files (--left/--right), one side-by-side video
// (--stereo, left half = left camera), printf image-sequence patterns (CAP_IMAGES), or live
// V4L2 cameras given as device numbers ("0") or paths (/dev/video0). A calibration file is
// required; raw frames are rectified with tables built once.
#pragma once

#include <opencv2/videoio.hpp>

#include <chrono>
#include <memory>
#include <string>

#include "sensor/frame_source.h"
#include "sensor/stereo_rectifier.h"

namespace hc::sensor {

struct VideoSourceOptions {
  std::string left, right;   // two captures
  std::string stereo;        // or one side-by-side capture
  std::string calibration;   // calibration.yml (required)
  double fps = 0.0;          // used when the container has no timestamps; 0: the container's rate
};

class VideoSource : public FrameSource {
 public:
  explicit VideoSource(const VideoSourceOptions& options);

  std::optional<Frame> next() override;
  core::CameraModel camera() const override { return rectifier_->camera(); }
  int64_t frame_count() const override { return count_; }
  double fps() const override { return fps_; }
  std::string describe() const override;
  // Live cameras: the settings as V4L2 controls on each device (v4l2_controls.h); a setting counts
  // as applied only when every camera of the pair took it. Files: all unsupported.
  ImageStatus apply_image_settings(const ImageSettings& settings, bool night) override;

  // A path that names a live device ("0", "/dev/video2").
  static bool is_device(const std::string& path);

 private:
  cv::Mat grab(cv::VideoCapture& cap, const std::string& name, double& t_ms);

  VideoSourceOptions opt_;
  cv::VideoCapture left_, right_;
  std::unique_ptr<StereoRectifier> rectifier_;
  bool live_ = false;
  double fps_ = 0.0;
  int64_t count_ = -1;
  int64_t next_ = 0;
  double last_t_ = -1.0;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace hc::sensor
