// Recording directory writer; O(W*H) per frame (PNG encode at a fixed, fast compression level so
// the bytes depend only on the pixels).
#include "sensor/recording_writer.h"

#include <opencv2/imgcodecs.hpp>

#include <filesystem>

#include "sensor/recording_source.h"
#include "sensor/source_error.h"
#include "sensor/timestamps.h"

namespace fs = std::filesystem;

namespace hc::sensor {
namespace {
const std::vector<int> kPngParams{cv::IMWRITE_PNG_COMPRESSION, 1};

void make_dir(const fs::path& p) {
  std::error_code ec;
  fs::create_directories(p, ec);
  if (ec) throw SourceError(p.string(), SourceError::kNoFrame, "cannot create directory: " + ec.message());
}
}  // namespace

RecordingWriter::RecordingWriter(std::string dir, bool depth) : dir_(std::move(dir)), depth_(depth) {
  const fs::path root(dir_);
  make_dir(root);
  if (depth_) {
    make_dir(root / "depth");
  } else {
    make_dir(root / "left");
    make_dir(root / "right");
  }
  const std::string tpath = (root / "timestamps.csv").string();
  times_.open(tpath, std::ios::binary | std::ios::trunc);
  if (!times_) throw SourceError(tpath, SourceError::kNoFrame, "cannot write timestamps file");
  times_ << "frame,t_seconds\n";
}

RecordingWriter RecordingWriter::stereo(const std::string& dir, const core::CameraModel& camera) {
  return stereo(dir, StereoCalibration::from_rectified(camera));
}

RecordingWriter RecordingWriter::stereo(const std::string& dir, const StereoCalibration& calibration) {
  RecordingWriter w(dir, false);
  calibration.save((fs::path(dir) / "calibration.yml").string());
  return w;
}

RecordingWriter RecordingWriter::depth(const std::string& dir, const core::CameraModel& camera) {
  RecordingWriter w(dir, true);
  DepthIntrinsics intr;
  intr.image_size = {camera.width, camera.height};
  intr.K = (cv::Mat_<double>(3, 3) << camera.fx, 0, camera.cx, 0, camera.fy, camera.cy, 0, 0, 1);
  intr.save((fs::path(dir) / "intrinsics.yml").string());
  return w;
}

void RecordingWriter::write_png(const std::string& path, const cv::Mat& image) const {
  bool ok = false;
  try {
    ok = cv::imwrite(path, image, kPngParams);
  } catch (const cv::Exception& e) {
    throw SourceError(path, count_, std::string("cannot write image: ") + e.what());
  }
  if (!ok) throw SourceError(path, count_, "cannot write image");
}

void RecordingWriter::write(const cv::Mat& left, const cv::Mat& right, double t_seconds) {
  Frame f;
  f.left = left;
  f.right = right;
  f.t_seconds = t_seconds;
  write(f);
}

void RecordingWriter::write(const Frame& frame) {
  const std::string tpath = (fs::path(dir_) / "timestamps.csv").string();
  if (count_ > 0 && !(frame.t_seconds > last_t_))
    throw SourceError(tpath, count_, "timestamps must increase");
  if (depth_) {
    if (frame.depth_mm.type() != CV_16UC1)
      throw SourceError(dir_, count_, "depth frame must be CV_16UC1 millimetres");
    write_png(RecordingSource::frame_file(dir_, "depth", count_), frame.depth_mm);
  } else {
    if (frame.left.type() != CV_8UC1 || frame.right.type() != CV_8UC1 ||
        frame.left.size() != frame.right.size())
      throw SourceError(dir_, count_, "stereo frame must be two CV_8UC1 images of one size");
    write_png(RecordingSource::frame_file(dir_, "left", count_), frame.left);
    write_png(RecordingSource::frame_file(dir_, "right", count_), frame.right);
  }
  times_ << format_timestamp_row(static_cast<long>(count_), frame.t_seconds) << '\n';
  times_.flush();
  if (!times_) throw SourceError(tpath, count_, "write failed");
  last_t_ = frame.t_seconds;
  ++count_;
}

}  // namespace hc::sensor
