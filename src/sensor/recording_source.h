// Reads a recording directory (docs/recording-format.md):
//   stereo: calibration.yml, left/%06d.png, right/%06d.png, timestamps.csv
//   depth:  intrinsics.yml, depth/%06d.png (16-bit millimetres), timestamps.csv
// Raw stereo pairs are rectified (remap tables built once); rectified ones pass through.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sensor/frame_source.h"
#include "sensor/stereo_calibration.h"
#include "sensor/stereo_rectifier.h"

namespace hc::sensor {

class RecordingSource : public FrameSource {
 public:
  // Checks the directory up front (calibration, timestamps, file counts); throws SourceError.
  explicit RecordingSource(std::string dir);

  std::optional<Frame> next() override;
  core::CameraModel camera() const override { return camera_; }
  int64_t frame_count() const override { return static_cast<int64_t>(times_.size()); }
  double fps() const override;
  std::string describe() const override { return "recording " + dir_; }

  bool is_depth() const { return depth_; }
  const std::vector<double>& timestamps() const { return times_; }
  // The calibration as read (stereo recordings only).
  const StereoCalibration& calibration() const { return calibration_; }
  // Jumps so the next call returns frame `index`.
  void seek(int64_t index) { next_ = index; }

  static std::string frame_file(const std::string& dir, const char* side, int64_t index);

 private:
  cv::Mat read_image(const std::string& path, int64_t frame, int type) const;

  std::string dir_;
  bool depth_ = false;
  std::vector<double> times_;
  StereoCalibration calibration_;
  std::unique_ptr<StereoRectifier> rectifier_;
  core::CameraModel camera_;
  cv::Size size_;
  int64_t next_ = 0;
};

}  // namespace hc::sensor
