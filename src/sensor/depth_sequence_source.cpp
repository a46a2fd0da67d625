// Depth PNG sequence reader; O(W*H) per frame.
#include "sensor/depth_sequence_source.h"

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <filesystem>

#include "sensor/image_pattern.h"

namespace hc::sensor {

DepthSequenceSource::DepthSequenceSource(const std::string& pattern, const std::string& intrinsics, double fps)
    : pattern_(pattern), intrinsics_(DepthIntrinsics::load(intrinsics)), fps_(fps) {
  if (!(fps > 0)) throw SourceError(pattern, SourceError::kNoFrame, "a depth sequence needs --fps > 0");
  if (std::filesystem::is_directory(pattern)) {
    for (const auto& e : std::filesystem::directory_iterator(pattern))
      if (e.path().extension() == ".png") files_.push_back(e.path().string());
    std::sort(files_.begin(), files_.end());
  } else {
    files_ = expand_image_pattern(pattern);
  }
  if (files_.empty()) throw SourceError(pattern, SourceError::kNoFrame, "no depth images match");
}

std::optional<Frame> DepthSequenceSource::next() {
  if (next_ >= frame_count()) return std::nullopt;
  const std::string& path = files_[static_cast<size_t>(next_)];
  cv::Mat d = cv::imread(path, cv::IMREAD_UNCHANGED);
  if (d.empty()) throw SourceError(path, next_, "cannot read depth image");
  if (d.type() != CV_16UC1) throw SourceError(path, next_, "depth must be a 16-bit single-channel PNG (millimetres)");
  if (d.size() != intrinsics_.image_size)
    throw SourceError(path, next_, "image is " + std::to_string(d.cols) + "x" + std::to_string(d.rows) +
                                       " but the intrinsics say " + std::to_string(intrinsics_.image_size.width) +
                                       "x" + std::to_string(intrinsics_.image_size.height));
  Frame f;
  f.index = next_;
  f.t_seconds = static_cast<double>(next_) / fps_;
  f.depth_mm = d;
  f.camera = camera();
  ++next_;
  return f;
}

}  // namespace hc::sensor
