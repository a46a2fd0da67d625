// Head detection on real overhead ToF frames (shared/data/gotpd-overhead-tof, Kinect v2 512x424,
// one person walking): recall and precision of the HeadDetector against the labelled head centres
// (argmax of head-truth; an all-zero label means nobody), a detection matching within 15 px.
//
// Units as in tests/integration/stereo/test_gotpd_tof.cpp: the PNGs are proportional to depth,
// rescaled so the floor sits at 48,980; we map them to millimetres with the floor at a nominal
// 3.4 m, so heights are right up to that one scale factor. Intrinsics: nominal Kinect v2.
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "perception/head_detector.h"
#include "stereo/depth_stage.h"

namespace hc::perception {
namespace {
namespace fs = std::filesystem;

constexpr double kUnitToMm = 3400.0 / 48980.0;
constexpr double kMatchPx = 15.0;

// Nominal Kinect v2 depth camera (512x424).
constexpr core::CameraModel kKinectV2{512, 424, 365.5, 365.5, 256.0, 212.0, 0.0};

TEST(GotpdHeads, RecallAndPrecisionWithin15Px) {
  const fs::path dir = fs::path(HC_SHARED_DATA_DIR) / "gotpd-overhead-tof";
  if (!fs::exists(dir / "depth")) GTEST_SKIP() << "no ToF data under " << dir;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir / "depth")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 100u);
  std::vector<cv::Mat> depth, truth;
  for (const auto& f : files) {
    cv::Mat raw = cv::imread(f.string(), cv::IMREAD_ANYDEPTH);
    cv::Mat t = cv::imread((dir / "head-truth" / f.filename()).string(), cv::IMREAD_GRAYSCALE);
    ASSERT_FALSE(raw.empty() || t.empty()) << "unreadable frame " << f;
    cv::Mat mm;
    raw.convertTo(mm, CV_16U, kUnitToMm);
    depth.push_back(mm);
    truth.push_back(t);
  }
  stereo::DepthStageParameters p;
  p.calibration_frames = 30;
  p.refit_every_frames = 0;
  stereo::DepthStage stage(p);
  auto frame = [&](size_t i) {
    sensor::Frame f;
    f.index = static_cast<int64_t>(i);
    f.t_seconds = static_cast<double>(i) / 15.0;
    f.depth_mm = depth[i];
    f.camera = kKinectV2;
    return stage.process(f);
  };
  for (size_t i = 0; i < 30; ++i) frame(i);
  ASSERT_TRUE(stage.floor().ok) << stage.floor().refusal;

  HeadDetector detector;
  int tp = 0, fp = 0, fn = 0, fp_unlabelled = 0;
  for (size_t i = 0; i < depth.size(); ++i) {
    const auto hm = frame(i);
    const auto dets = detector.detect(*hm);
    double tmax = 0;
    cv::Point head;
    cv::minMaxLoc(truth[i], nullptr, &tmax, nullptr, &head);
    bool matched = false;
    for (const auto& d : dets) {
      const double dist = std::hypot(d.head_px.x - head.x, d.head_px.y - head.y);
      if (tmax > 0 && !matched && dist <= kMatchPx) {
        matched = true;
        ++tp;
      } else {
        ++fp;
        if (tmax <= 0) ++fp_unlabelled;
        std::printf("false positive %s at (%.0f, %.0f)%s\n", files[i].filename().c_str(),
                    d.head_px.x, d.head_px.y, tmax > 0 ? "" : " (nobody labelled)");
      }
    }
    if (tmax > 0 && !matched) {
      ++fn;
      std::printf("missed %s: head (%d, %d), %zu detections\n", files[i].filename().c_str(),
                  head.x, head.y, dets.size());
    }
  }
  const double recall = tp / std::max(1.0, static_cast<double>(tp + fn));
  const double precision = tp / std::max(1.0, static_cast<double>(tp + fp));
  std::printf("GOTPD heads: %d TP, %d FP, %d FN: recall %.4f precision %.4f\n", tp, fp, fn, recall,
              precision);
  // The labels leave a person near the image border unlabelled (one stands at the left edge from
  // the first frame and is labelled only once ~80 px inside): precision over labelled frames alone.
  const double labelled_precision = tp / std::max(1.0, static_cast<double>(tp + fp - fp_unlabelled));
  std::printf("precision over labelled frames: %.4f (%d false positives in unlabelled frames)\n",
              labelled_precision, fp_unlabelled);
  // The target is 0.99 for both; measured 0.9758 / 0.9415, 0.9758 over labelled frames
  // (docs/accuracy.md): 6 of the 10 false positives are the person at the left edge in frames
  // the labels leave empty (the detector finds heads up to 2 cm inside the view, which low mounts
  // need), the rest are heads near the image edge placed 15-20 px from the label. These floors
  // guard against regressions until the target is met.
  EXPECT_GE(recall, 0.97);
  EXPECT_GE(labelled_precision, 0.97);
  EXPECT_GE(precision, 0.94);
}

}  // namespace
}  // namespace hc::perception
