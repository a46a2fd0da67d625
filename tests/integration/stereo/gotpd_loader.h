// Test support: the GOTPD overhead time-of-flight sample (shared/data/gotpd-overhead-tof, Kinect v2
// depth 512x424, one person walking, head centres labelled), for every integration test that uses
// it (stereo's floor / height-map test; counting's head detector and label tests).
//
// Units: the PNGs are proportional to depth, rescaled to 0..65535 with the floor near 48,980 (see
// the data's README). We map them to millimetres so that the floor sits at a nominal 3.4 m
// (kGotpdUnitToMm): heights are then relative, right up to that one scale factor. Intrinsics: the
// nominal Kinect v2 depth camera.
#pragma once

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/camera_model.h"

namespace hc::test_support {

inline constexpr double kGotpdUnitToMm = 3400.0 / 48980.0;

struct GotpdFrame {
  std::string name;  // file name, e.g. "image0041.png" (the sequence's odd frames 1..369)
  cv::Mat depth_mm;  // CV_16U, millimetres on the nominal 3.4 m scale
  cv::Mat truth;     // CV_8U head label: its maximum marks the head centre, all zero = nobody
  // The labelled head centre (the label's maximum), or nothing when nobody is in view.
  std::optional<cv::Point> head() const {
    double top = 0.0;
    cv::Point at;
    cv::minMaxLoc(truth, nullptr, &top, nullptr, &at);
    if (top <= 0.0) return std::nullopt;
    return at;
  }
  // The label's centre to a fraction of a pixel: the intensity-weighted centroid of the blob
  // (head(), its argmax, has whole pixels only, tied between 2-3). Nothing when nobody is in view.
  std::optional<cv::Point2d> head_centre() const {
    const cv::Moments m = cv::moments(truth);
    if (m.m00 <= 0.0) return std::nullopt;
    return cv::Point2d(m.m10 / m.m00, m.m01 / m.m00);
  }
};

// The head labels were placed by hand on every tenth labelled frame only, the first labelled frame
// included (files image0041, 0061, ..., 0361); the labels between lie on straight lines between
// those (counting's gotpd_labels_test.cpp checks this and prints the evidence).
inline constexpr int kGotpdHandPlacedEvery = 10;

inline core::CameraModel gotpd_kinect_v2() {
  return {.width = 512, .height = 424, .fx = 365.5, .fy = 365.5, .cx = 256.0, .cy = 212.0,
          .baseline_m = 0.0};  // a depth camera: no baseline
}

// dir: the data set's folder (holding depth/ and head-truth/). Frames in file-name order. Throws
// std::runtime_error naming the file when a frame or its label cannot be read as expected.
inline std::vector<GotpdFrame> load_gotpd(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir / "depth")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<GotpdFrame> out;
  for (const auto& f : files) {
    GotpdFrame s;
    s.name = f.filename().string();
    const cv::Mat raw = cv::imread(f.string(), cv::IMREAD_ANYDEPTH);
    const std::filesystem::path label = dir / "head-truth" / f.filename();
    s.truth = cv::imread(label.string(), cv::IMREAD_GRAYSCALE);
    if (raw.empty() || raw.type() != CV_16UC1) {
      throw std::runtime_error("gotpd: " + f.string() + " is not a 16-bit depth PNG");
    }
    if (s.truth.empty() || s.truth.size() != raw.size()) {
      throw std::runtime_error("gotpd: " + label.string() + " is missing or not the depth's size");
    }
    raw.convertTo(s.depth_mm, CV_16U, kGotpdUnitToMm);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace hc::test_support
