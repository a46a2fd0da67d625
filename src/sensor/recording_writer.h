// Writes a recording directory in the format RecordingSource reads (docs/recording-format.md).
// Frames are appended one by one; timestamps.csv is written row by row, so a recording cut short
// stays readable up to its last complete frame.
#pragma once

#include <fstream>
#include <string>

#include "sensor/frame.h"
#include "sensor/stereo_calibration.h"

namespace hc::sensor {

class RecordingWriter {
 public:
  // Stereo recording of rectified frames: calibration.yml describes `camera` as rectified.
  static RecordingWriter stereo(const std::string& dir, const core::CameraModel& camera);
  // Stereo recording with a given calibration (e.g. copied from a raw recording).
  static RecordingWriter stereo(const std::string& dir, const StereoCalibration& calibration);
  // Depth recording: intrinsics.yml, depth/%06d.png.
  static RecordingWriter depth(const std::string& dir, const core::CameraModel& camera);

  // Appends a frame; times must increase. Throws SourceError naming the file on failure.
  void write(const Frame& frame);
  void write(const cv::Mat& left, const cv::Mat& right, double t_seconds);
  int64_t frames_written() const { return count_; }
  const std::string& dir() const { return dir_; }

 private:
  RecordingWriter(std::string dir, bool depth);
  void write_png(const std::string& path, const cv::Mat& image) const;

  std::string dir_;
  bool depth_ = false;
  std::ofstream times_;
  int64_t count_ = 0;
  double last_t_ = 0.0;
};

}  // namespace hc::sensor
