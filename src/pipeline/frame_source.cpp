#include "pipeline/frame_source.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace hc::pipeline {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const std::string& what) { throw std::runtime_error(what); }

// Rectification maps and the rectified left camera from M1 D1 M2 D2 R T (T in metres).
struct Rectifier {
  cv::Mat map1x, map1y, map2x, map2y;
  core::CameraModel camera;

  Rectifier(const fs::path& file, cv::Size size) {
    cv::FileStorage fsr(file.string(), cv::FileStorage::READ);
    if (!fsr.isOpened()) fail("cannot read calibration " + file.string());
    cv::Mat m1, d1, m2, d2, r, t;
    fsr["M1"] >> m1;
    fsr["D1"] >> d1;
    fsr["M2"] >> m2;
    fsr["D2"] >> d2;
    fsr["R"] >> r;
    fsr["T"] >> t;
    for (auto [name, m] : {std::pair{"M1", &m1}, {"D1", &d1}, {"M2", &m2}, {"D2", &d2}, {"R", &r}, {"T", &t}})
      if (m->empty()) fail(file.string() + ": missing " + name);
    cv::Mat r1, r2, p1, p2, q;
    cv::stereoRectify(m1, d1, m2, d2, size, r, t, r1, r2, p1, p2, q, cv::CALIB_ZERO_DISPARITY, 0.0);
    cv::initUndistortRectifyMap(m1, d1, r1, p1, size, CV_32FC1, map1x, map1y);
    cv::initUndistortRectifyMap(m2, d2, r2, p2, size, CV_32FC1, map2x, map2y);
    camera.width = size.width;
    camera.height = size.height;
    camera.fx = p1.at<double>(0, 0);
    camera.fy = p1.at<double>(1, 1);
    camera.cx = p1.at<double>(0, 2);
    camera.cy = p1.at<double>(1, 2);
    camera.baseline_m = std::abs(p2.at<double>(0, 3) / p2.at<double>(0, 0));
  }
  void apply(const cv::Mat& l, const cv::Mat& rr, sensor::Frame& f) const {
    cv::remap(l, f.left, map1x, map1y, cv::INTER_LINEAR);
    cv::remap(rr, f.right, map2x, map2y, cv::INTER_LINEAR);
    f.camera = camera;
  }
};

cv::Mat gray(const cv::Mat& m) {
  if (m.channels() == 1) return m;
  cv::Mat g;
  cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
  return g;
}

// The pattern must hold exactly one integer conversion (%d, %06d, ...) and no other '%': it comes
// from the command line, so it is checked before it reaches snprintf.
std::string format_index(const std::string& pattern, int64_t i) {
  const auto p = pattern.find('%');
  size_t q = p + 1;
  while (p != std::string::npos && q < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[q]))) ++q;
  if (p == std::string::npos || q >= pattern.size() || pattern[q] != 'd' ||
      pattern.find('%', q) != std::string::npos)
    fail("pattern '" + pattern + "' needs exactly one %d-style index, e.g. depth/%06d.png");
  std::vector<char> buf(pattern.size() + 32);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  std::snprintf(buf.data(), buf.size(), pattern.c_str(), static_cast<int>(i));
#pragma GCC diagnostic pop
  return buf.data();
}

class RecordingSource : public ReplaySource {
 public:
  explicit RecordingSource(const fs::path& dir) : dir_(dir) {
    std::ifstream ts(dir / "timestamps.csv");
    if (!ts) fail("cannot read " + (dir / "timestamps.csv").string());
    std::string line;
    int n = 0;
    while (std::getline(ts, line)) {
      ++n;
      if (line.empty() || !std::isdigit(static_cast<unsigned char>(line[0]))) continue;  // header
      std::istringstream in(line);
      int64_t frame = 0;
      char comma = 0;
      double t = 0;
      if (!(in >> frame >> comma >> t) || comma != ',')
        fail((dir / "timestamps.csv").string() + ":" + std::to_string(n) + ": expected frame,t_seconds");
      entries_.push_back({frame, t});
    }
    if (entries_.empty()) fail((dir / "timestamps.csv").string() + ": no frames");
  }
  bool next(sensor::Frame& f) override {
    if (pos_ >= entries_.size()) return false;
    const auto [idx, t] = entries_[pos_++];
    const auto lp = dir_ / "left" / format_index("%06d.png", idx);
    const auto rp = dir_ / "right" / format_index("%06d.png", idx);
    cv::Mat l = cv::imread(lp.string(), cv::IMREAD_GRAYSCALE), r = cv::imread(rp.string(), cv::IMREAD_GRAYSCALE);
    if (l.empty()) fail("cannot read " + lp.string());
    if (r.empty()) fail("cannot read " + rp.string());
    if (!rect_) rect_ = std::make_unique<Rectifier>(dir_ / "calibration.yml", l.size());
    f = sensor::Frame{};
    f.index = static_cast<int64_t>(pos_ - 1);
    f.t_seconds = t;
    rect_->apply(l, r, f);
    return true;
  }
  int64_t size() const override { return static_cast<int64_t>(entries_.size()); }

 private:
  fs::path dir_;
  std::vector<std::pair<int64_t, double>> entries_;
  size_t pos_ = 0;
  std::unique_ptr<Rectifier> rect_;
};

class VideoPairSource : public ReplaySource {
 public:
  VideoPairSource(const std::string& l, const std::string& r, const fs::path& calib,
                  std::optional<double> fps)
      : left_(l), right_(r), calib_(calib) {
    if (!left_.isOpened()) fail("cannot open video " + l);
    if (!right_.isOpened()) fail("cannot open video " + r);
    fps_ = fps.value_or(left_.get(cv::CAP_PROP_FPS));
    if (!(fps_ > 0)) fps_ = 30.0;
    count_ = static_cast<int64_t>(left_.get(cv::CAP_PROP_FRAME_COUNT));
  }
  bool next(sensor::Frame& f) override {
    cv::Mat l, r;
    if (!left_.read(l) || !right_.read(r)) return false;
    if (!rect_) rect_ = std::make_unique<Rectifier>(calib_, l.size());
    f = sensor::Frame{};
    f.index = index_;
    f.t_seconds = static_cast<double>(index_++) / fps_;
    rect_->apply(gray(l), gray(r), f);
    return true;
  }
  int64_t size() const override { return count_ > 0 ? count_ : -1; }

 private:
  cv::VideoCapture left_, right_;
  fs::path calib_;
  double fps_ = 30;
  int64_t count_ = -1, index_ = 0;
  std::unique_ptr<Rectifier> rect_;
};

class DepthSource : public ReplaySource {
 public:
  DepthSource(const std::string& pattern, const fs::path& intrinsics, std::optional<double> fps) {
    cv::FileStorage in(intrinsics.string(), cv::FileStorage::READ);
    if (!in.isOpened()) fail("cannot read intrinsics " + intrinsics.string());
    for (const char* k : {"fx", "fy", "cx", "cy"})
      if (in[k].empty()) fail(intrinsics.string() + ": missing " + k);
    camera_.fx = static_cast<double>(in["fx"]);
    camera_.fy = static_cast<double>(in["fy"]);
    camera_.cx = static_cast<double>(in["cx"]);
    camera_.cy = static_cast<double>(in["cy"]);
    camera_.baseline_m = 0;
    unit_ = in["depth_unit_m"].empty() ? 0.001 : static_cast<double>(in["depth_unit_m"]);
    fps_ = fps.value_or(in["fps"].empty() ? 30.0 : static_cast<double>(in["fps"]));
    if (!(unit_ > 0)) fail(intrinsics.string() + ": depth_unit_m must be positive");
    if (!(fps_ > 0)) fail("fps must be positive");
    if (fs::is_directory(pattern)) {
      for (const auto& e : fs::directory_iterator(pattern))
        if (e.path().extension() == ".png") files_.push_back(e.path().string());
      std::sort(files_.begin(), files_.end());
    } else {
      int64_t i = fs::exists(format_index(pattern, 0)) ? 0 : 1;
      for (; fs::exists(format_index(pattern, i)); ++i) files_.push_back(format_index(pattern, i));
    }
    if (files_.empty()) fail("no depth images match " + pattern);
  }
  bool next(sensor::Frame& f) override {
    if (pos_ >= files_.size()) return false;
    cv::Mat raw = cv::imread(files_[pos_], cv::IMREAD_ANYDEPTH);
    if (raw.empty() || raw.type() != CV_16UC1) fail("not a 16-bit depth image: " + files_[pos_]);
    f = sensor::Frame{};
    f.index = static_cast<int64_t>(pos_);
    f.t_seconds = static_cast<double>(pos_) / fps_;
    ++pos_;
    if (std::abs(unit_ - 0.001) < 1e-12) f.depth_mm = raw;
    else raw.convertTo(f.depth_mm, CV_16U, unit_ / 0.001);
    f.camera = camera_;
    f.camera.width = raw.cols;
    f.camera.height = raw.rows;
    return true;
  }
  int64_t size() const override { return static_cast<int64_t>(files_.size()); }

 private:
  core::CameraModel camera_;
  double unit_ = 0.001, fps_ = 30;
  std::vector<std::string> files_;
  size_t pos_ = 0;
};

}  // namespace

std::unique_ptr<ReplaySource> open_recording(const fs::path& dir) {
  return std::make_unique<RecordingSource>(dir);
}
std::unique_ptr<ReplaySource> open_video_pair(const std::string& l, const std::string& r,
                                              const fs::path& calib, std::optional<double> fps) {
  return std::make_unique<VideoPairSource>(l, r, calib, fps);
}
std::unique_ptr<ReplaySource> open_depth_sequence(const std::string& pattern,
                                                  const fs::path& intrinsics,
                                                  std::optional<double> fps) {
  return std::make_unique<DepthSource>(pattern, intrinsics, fps);
}

}  // namespace hc::pipeline
