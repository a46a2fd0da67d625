// Capture-backed stereo source; O(W*H) per frame (decode + remap).
#include "sensor/video_source.h"

#include <opencv2/imgproc.hpp>

#include "sensor/v4l2_controls.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace hc::sensor {
namespace {

bool open_capture(cv::VideoCapture& cap, const std::string& path) {
  if (!VideoSource::is_device(path) && path.find('%') == std::string::npos &&
      !std::filesystem::exists(path))
    throw SourceError(path, SourceError::kNoFrame, "file is missing");
  if (VideoSource::is_device(path)) {
    if (std::all_of(path.begin(), path.end(), [](unsigned char c) { return std::isdigit(c); }))
      return cap.open(std::stoi(path), cv::CAP_V4L2);
    return cap.open(path, cv::CAP_V4L2);
  }
  if (path.find('%') != std::string::npos) return cap.open(path, cv::CAP_IMAGES);
  return cap.open(path, cv::CAP_ANY);
}

// "0" -> "/dev/video0"; paths stay as they are.
std::string device_node(const std::string& path) {
  return path.rfind("/dev/", 0) == 0 ? path : "/dev/video" + path;
}

}  // namespace

ImageStatus VideoSource::apply_image_settings(const ImageSettings& settings, bool night) {
  if (!live_) return FrameSource::apply_image_settings(settings, night);
  const bool pair = opt_.stereo.empty();
  const std::string first = device_node(pair ? opt_.left : opt_.stereo);
  ImageStatus status = apply_v4l2_controls(first, settings, night);
  if (!pair) return status;
  const ImageStatus second = apply_v4l2_controls(device_node(opt_.right), settings, night);
  for (size_t i = 0; i < status.size() && i < second.size(); ++i)
    if (status[i].state == SettingState::kApplied && second[i].state != SettingState::kApplied)
      status[i] = second[i];  // the right camera could not: the pair would differ
  return status;
}

bool VideoSource::is_device(const std::string& p) {
  return (!p.empty() && std::all_of(p.begin(), p.end(), [](unsigned char c) { return std::isdigit(c); })) ||
         p.rfind("/dev/video", 0) == 0;
}

VideoSource::VideoSource(const VideoSourceOptions& o) : opt_(o) {
  if (o.calibration.empty()) throw SourceError("--calib", SourceError::kNoFrame, "a calibration file is required");
  const StereoCalibration calib = StereoCalibration::load(o.calibration);
  rectifier_ = std::make_unique<StereoRectifier>(calib);
  const bool sbs = !o.stereo.empty();
  if (!sbs && (o.left.empty() || o.right.empty()))
    throw SourceError("--left/--right", SourceError::kNoFrame, "give both --left and --right, or --stereo");
  const std::string first = sbs ? o.stereo : o.left;
  if (!open_capture(left_, first)) throw SourceError(first, SourceError::kNoFrame, "cannot open video/camera");
  if (!sbs && !open_capture(right_, o.right))
    throw SourceError(o.right, SourceError::kNoFrame, "cannot open video/camera");
  live_ = is_device(first);
  fps_ = o.fps > 0 ? o.fps : left_.get(cv::CAP_PROP_FPS);
  if (!live_) {
    const auto nl = static_cast<int64_t>(left_.get(cv::CAP_PROP_FRAME_COUNT));
    if (!sbs) {
      const auto nr = static_cast<int64_t>(right_.get(cv::CAP_PROP_FRAME_COUNT));
      if (nl > 0 && nr > 0 && nl != nr)
        throw SourceError(o.right, SourceError::kNoFrame,
                          std::to_string(nr) + " frames but " + o.left + " has " + std::to_string(nl));
    }
    if (nl > 0) count_ = nl;
    if (!(fps_ > 0)) throw SourceError(first, SourceError::kNoFrame, "no frame rate in the container: give --fps");
  }
  start_ = std::chrono::steady_clock::now();
}

std::string VideoSource::describe() const {
  return opt_.stereo.empty() ? "video " + opt_.left + " + " + opt_.right : "side-by-side video " + opt_.stereo;
}

cv::Mat VideoSource::grab(cv::VideoCapture& cap, const std::string& name, double& t_ms) {
  cv::Mat img;
  if (!cap.read(img) || img.empty()) return {};
  t_ms = cap.get(cv::CAP_PROP_POS_MSEC);
  if (img.channels() == 3) cv::cvtColor(img, img, cv::COLOR_BGR2GRAY);
  if (img.channels() == 4) cv::cvtColor(img, img, cv::COLOR_BGRA2GRAY);
  if (img.depth() != CV_8U) throw SourceError(name, next_, "frames must be 8-bit");
  return img;
}

std::optional<Frame> VideoSource::next() {
  double tl = 0.0, tr = 0.0;
  const bool sbs = !opt_.stereo.empty();
  cv::Mat l = grab(left_, sbs ? opt_.stereo : opt_.left, tl), r;
  if (sbs) {
    if (l.empty()) return std::nullopt;
    if (l.cols % 2) throw SourceError(opt_.stereo, next_, "side-by-side width must be even");
    r = l.colRange(l.cols / 2, l.cols).clone();
    l = l.colRange(0, l.cols / 2).clone();
  } else {
    r = grab(right_, opt_.right, tr);
    if (l.empty() && r.empty()) return std::nullopt;
    if (l.empty()) throw SourceError(opt_.left, next_, "ended before " + opt_.right);
    if (r.empty()) throw SourceError(opt_.right, next_, "ended before " + opt_.left);
    if (l.size() != r.size())
      throw SourceError(opt_.right, next_, "size " + std::to_string(r.cols) + "x" + std::to_string(r.rows) +
                                               " differs from the left " + std::to_string(l.cols) + "x" +
                                               std::to_string(l.rows));
  }
  if (l.size() != rectifier_->image_size())
    throw SourceError(sbs ? opt_.stereo : opt_.left, next_,
                      "frame is " + std::to_string(l.cols) + "x" + std::to_string(l.rows) +
                          " but the calibration " + opt_.calibration + " says " +
                          std::to_string(rectifier_->image_size().width) + "x" +
                          std::to_string(rectifier_->image_size().height));
  Frame f;
  f.index = next_;
  if (live_)
    f.t_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  else if (opt_.fps > 0 || !(tl > 0) || opt_.left.find('%') != std::string::npos)
    f.t_seconds = static_cast<double>(next_) / fps_;
  else
    f.t_seconds = tl / 1000.0;
  if (last_t_ >= 0 && !(f.t_seconds > last_t_))
    throw SourceError(sbs ? opt_.stereo : opt_.left, next_, "timestamp is not after the previous frame's");
  last_t_ = f.t_seconds;
  f.camera = rectifier_->camera();
  rectifier_->rectify(l, r, f.left, f.right);
  ++next_;
  return f;
}

}  // namespace hc::sensor
