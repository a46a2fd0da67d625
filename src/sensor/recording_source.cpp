// Recording directory reader; O(W*H) per frame (PNG decode, optional remap).
#include "sensor/recording_source.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <filesystem>

#include "sensor/timestamps.h"

namespace fs = std::filesystem;

namespace hc::sensor {
namespace {

int64_t count_pngs(const std::string& dir) {
  int64_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().extension() == ".png") ++n;
  if (ec) throw SourceError(dir, SourceError::kNoFrame, "cannot list directory: " + ec.message());
  return n;
}

}  // namespace

std::string RecordingSource::frame_file(const std::string& dir, const char* side, int64_t index) {
  char name[32];
  std::snprintf(name, sizeof name, "%06lld.png", static_cast<long long>(index));
  return (fs::path(dir) / side / name).string();
}

RecordingSource::RecordingSource(std::string dir) : dir_(std::move(dir)) {
  if (!fs::is_directory(dir_)) throw SourceError(dir_, SourceError::kNoFrame, "not a directory");
  const fs::path root(dir_);
  depth_ = fs::is_directory(root / "depth") && !fs::is_directory(root / "left");
  times_ = read_timestamps((root / "timestamps.csv").string());
  if (depth_) {
    const auto intr = DepthIntrinsics::load((root / "intrinsics.yml").string());
    camera_ = intr.camera();
    size_ = intr.image_size;
    const int64_t n = count_pngs((root / "depth").string());
    if (n != frame_count())
      throw SourceError((root / "depth").string(), SourceError::kNoFrame,
                        std::to_string(n) + " PNG files but timestamps.csv lists " +
                            std::to_string(frame_count()) + " frames");
    return;
  }
  calibration_ = StereoCalibration::load((root / "calibration.yml").string());
  rectifier_ = std::make_unique<StereoRectifier>(calibration_);
  camera_ = rectifier_->camera();
  size_ = calibration_.image_size;
  const int64_t nl = count_pngs((root / "left").string());
  const int64_t nr = count_pngs((root / "right").string());
  if (nl != nr)
    throw SourceError((root / "right").string(), SourceError::kNoFrame,
                      "left/ has " + std::to_string(nl) + " PNG files but right/ has " +
                          std::to_string(nr));
  if (nl != frame_count())
    throw SourceError((root / "left").string(), SourceError::kNoFrame,
                      std::to_string(nl) + " PNG files but timestamps.csv lists " +
                          std::to_string(frame_count()) + " frames");
}

double RecordingSource::fps() const {
  if (times_.size() < 2) return 0.0;
  return static_cast<double>(times_.size() - 1) / (times_.back() - times_.front());
}

cv::Mat RecordingSource::read_image(const std::string& path, int64_t frame, int type) const {
  if (!fs::exists(path)) throw SourceError(path, frame, "file is missing");
  cv::Mat img = cv::imread(path, cv::IMREAD_UNCHANGED);
  if (img.empty()) throw SourceError(path, frame, "cannot decode image");
  if (type == CV_8UC1 && img.type() == CV_8UC3) cv::cvtColor(img, img, cv::COLOR_BGR2GRAY);
  if (img.type() != type)
    throw SourceError(path, frame, type == CV_16UC1 ? "depth must be a 16-bit single-channel PNG"
                                                    : "image must be 8-bit grey (or BGR)");
  if (img.size() != size_)
    throw SourceError(path, frame,
                      "image is " + std::to_string(img.cols) + "x" + std::to_string(img.rows) +
                          " but the calibration says " + std::to_string(size_.width) + "x" +
                          std::to_string(size_.height));
  return img;
}

std::optional<Frame> RecordingSource::next() {
  if (next_ < 0 || next_ >= frame_count()) return std::nullopt;
  Frame f;
  f.index = next_;
  f.t_seconds = times_[static_cast<size_t>(next_)];
  f.camera = camera_;
  if (depth_) {
    f.depth_mm = read_image(frame_file(dir_, "depth", next_), next_, CV_16UC1);
  } else {
    const std::string lp = frame_file(dir_, "left", next_);
    const std::string rp = frame_file(dir_, "right", next_);
    cv::Mat l = read_image(lp, next_, CV_8UC1);
    cv::Mat r = read_image(rp, next_, CV_8UC1);
    rectifier_->rectify(l, r, f.left, f.right);
  }
  ++next_;
  return f;
}

}  // namespace hc::sensor
