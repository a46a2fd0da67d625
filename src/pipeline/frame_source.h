// Frame sources for replay: a recording directory (ARCHITECTURE.md: calibration.yml, left/%06d.png,
// right/%06d.png, timestamps.csv), a pair of video files with a calibration, or a depth image
// sequence with intrinsics. Stereo input is rectified here (OpenCV stereoRectify with alpha 0).
// The sensor module owns the live sources; these cover replay until its readers land.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "sensor/frame.h"

namespace hc::pipeline {

class ReplaySource {
 public:
  virtual ~ReplaySource() = default;
  // false at the end. Throws std::runtime_error naming the file on unreadable input.
  virtual bool next(sensor::Frame& frame) = 0;
  // Number of frames when known (progress bar), else -1.
  virtual int64_t size() const = 0;
};

// Each throws std::runtime_error naming the file or field on bad input.
std::unique_ptr<ReplaySource> open_recording(const std::filesystem::path& dir);
std::unique_ptr<ReplaySource> open_video_pair(const std::string& left, const std::string& right,
                                              const std::filesystem::path& calibration,
                                              std::optional<double> fps);
// pattern: a printf pattern such as "dir/%06d.png" (indices from 0 or 1) or a directory whose PNGs
// are read in name order. intrinsics: OpenCV YAML/JSON with fx, fy, cx, cy and optionally
// depth_unit_m (default 0.001) and fps (default 30).
std::unique_ptr<ReplaySource> open_depth_sequence(const std::string& pattern,
                                                  const std::filesystem::path& intrinsics,
                                                  std::optional<double> fps);

}  // namespace hc::pipeline
