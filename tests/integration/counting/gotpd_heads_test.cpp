// Head detection on real overhead ToF frames (shared/data/gotpd-overhead-tof, Kinect v2 512x424,
// one person walking): the HeadDetector against the labelled head centres (argmax of head-truth; an
// all-zero label means nobody), a detection matching within 15 px. Scored twice: over all 165
// labels, and over the 17 labels placed by hand (every tenth labelled frame; the rest are straight-
// line interpolations between those, which gotpd_labels_test.cpp shows). Units and intrinsics:
// tests/integration/stereo/gotpd_loader.h. Numbers and discussion: docs/accuracy.md.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../stereo/gotpd_loader.h"
#include "perception/head_detector.h"
#include "stereo/depth_stage.h"

namespace hc::perception {
namespace {
namespace fs = std::filesystem;
using test_support::kGotpdHandPlacedEvery;

constexpr double kMatchPx = 15.0;

// One frame scored against its label.
struct FrameScore {
  bool labelled = false;
  bool found = false;          // a detection within kMatchPx of the label (the first one counts)
  double distance_px = -1.0;   // label to the matched detection, else to the nearest; -1: none
  int extra = 0;               // detections that are not the match (all of them when unlabelled)
  int since_hand_placed = -1;  // labelled frames since the last hand-placed one (0: hand-placed)
  // On the height map: how far the label's pixel and the nearest detection's lie below the head's
  // top (the highest point within 40 px of the label), metres; NaN when unlabelled or undetected.
  double label_below_top_m = std::nan("");
  double detection_below_top_m = std::nan("");
  // Pixels between the person and the image's nearest edge (person_edge_gap_px); the Kinect leaves
  // column 0 without returns, so <= 1 touches it.
  int person_edge_gap_px = -1;
};

struct GotpdRun {
  std::vector<test_support::GotpdFrame> frames;
  std::vector<std::vector<HeadDetection>> heads;  // per frame
  std::vector<FrameScore> scores;                 // per frame
  bool floor_ok = false;
  std::string refusal;
};

// Pixels between the largest blob over 0.5 m (the person) and the image's nearest edge; -1: none.
int person_edge_gap_px(const cv::Mat& height_m) {
  cv::Mat blobs, stats, centroids;
  const int n = cv::connectedComponentsWithStats(height_m > 0.5f, blobs, stats, centroids, 8);
  int person = 0;
  for (int b = 1; b < n; ++b) {
    if (person == 0 ||
        stats.at<int>(b, cv::CC_STAT_AREA) > stats.at<int>(person, cv::CC_STAT_AREA)) {
      person = b;
    }
  }
  if (person == 0) return -1;
  const int x = stats.at<int>(person, cv::CC_STAT_LEFT), y = stats.at<int>(person, cv::CC_STAT_TOP);
  const int right = x + stats.at<int>(person, cv::CC_STAT_WIDTH);
  const int bottom = y + stats.at<int>(person, cv::CC_STAT_HEIGHT);
  return std::min({x, y, height_m.cols - right, height_m.rows - bottom});
}

FrameScore score(const std::optional<cv::Point>& label, const std::vector<HeadDetection>& dets,
                 const stereo::HeightMap& map) {
  FrameScore s;
  // A 5x5 median against single-pixel ToF flyers at depth edges.
  cv::Mat h = map.height_m.clone();
  cv::patchNaNs(h, 0.0);
  cv::medianBlur(h, h, 5);
  s.person_edge_gap_px = person_edge_gap_px(h);
  s.labelled = label.has_value();
  if (!s.labelled) {
    s.extra = static_cast<int>(dets.size());
    return s;
  }
  const HeadDetection* nearest = nullptr;  // the match, else the nearest detection
  for (const auto& d : dets) {
    const double dist = std::hypot(d.head_px.x - label->x, d.head_px.y - label->y);
    if (!s.found && dist <= kMatchPx) {
      s.found = true;
      s.distance_px = dist;
      nearest = &d;
    } else {
      ++s.extra;
      if (!s.found && (nearest == nullptr || dist < s.distance_px)) {
        s.distance_px = dist;
        nearest = &d;
      }
    }
  }
  const cv::Rect image(0, 0, h.cols, h.rows);
  double top = 0.0;
  cv::minMaxLoc(h(cv::Rect(label->x - 40, label->y - 40, 81, 81) & image), nullptr, &top);
  s.label_below_top_m = top - h.at<float>(*label);
  if (nearest != nullptr) {
    const cv::Point px(static_cast<int>(std::lround(nearest->head_px.x)),
                       static_cast<int>(std::lround(nearest->head_px.y)));
    if (image.contains(px)) s.detection_below_top_m = top - h.at<float>(px);
  }
  return s;
}

// The depth stage (floor calibrated on the first 30 frames while the person walks) and the
// detector over the whole sample, once per process; nullptr when the data is absent.
const GotpdRun* gotpd_run() {
  static const std::unique_ptr<GotpdRun> run = []() -> std::unique_ptr<GotpdRun> {
    const fs::path dir = fs::path(HC_SHARED_DATA_DIR) / "gotpd-overhead-tof";
    if (!fs::exists(dir / "depth")) return nullptr;
    auto r = std::make_unique<GotpdRun>();
    r->frames = test_support::load_gotpd(dir);
    stereo::DepthStageParameters p;
    p.calibration_frames = 30;
    p.refit_every_frames = 0;
    stereo::DepthStage stage(p);
    auto height_map = [&](size_t i) {
      sensor::Frame f;
      f.index = static_cast<int64_t>(i);
      f.t_seconds = static_cast<double>(i) / 15.0;
      f.depth_mm = r->frames[i].depth_mm;
      f.camera = test_support::gotpd_kinect_v2();
      return stage.process(f);
    };
    for (size_t i = 0; i < 30 && i < r->frames.size(); ++i) height_map(i);
    r->floor_ok = stage.floor().ok;
    r->refusal = stage.floor().refusal;
    if (!r->floor_ok) return r;
    HeadDetector detector;
    int labelled = 0;
    for (size_t i = 0; i < r->frames.size(); ++i) {
      const auto map = height_map(i);
      r->heads.push_back(detector.detect(*map));
      r->scores.push_back(score(r->frames[i].head(), r->heads.back(), *map));
      if (r->scores.back().labelled)
        r->scores.back().since_hand_placed = labelled++ % kGotpdHandPlacedEvery;
    }
    return r;
  }();
  return run.get();
}

class GotpdHeads : public ::testing::Test {
 protected:
  void SetUp() override {
    run_ = gotpd_run();
    if (run_ == nullptr) {
      GTEST_SKIP() << "no ToF data under " << fs::path(HC_SHARED_DATA_DIR) / "gotpd-overhead-tof";
    }
    ASSERT_GT(run_->frames.size(), 100u);
    ASSERT_TRUE(run_->floor_ok) << run_->refusal;
  }
  const GotpdRun* run_ = nullptr;
};

TEST_F(GotpdHeads, RecallAndPrecisionWithin15PxOverAllLabels) {
  int tp = 0, fp = 0, fn = 0, fp_unlabelled = 0;
  // Label-to-detection distance by place between hand-placed frames (0: hand-placed).
  std::vector<double> sum(kGotpdHandPlacedEvery, 0.0), worst(kGotpdHandPlacedEvery, 0.0);
  std::vector<double> below(kGotpdHandPlacedEvery, 0.0);  // label below the head top
  std::vector<int> count(kGotpdHandPlacedEvery, 0);
  for (size_t i = 0; i < run_->frames.size(); ++i) {
    const FrameScore& s = run_->scores[i];
    const std::string& name = run_->frames[i].name;
    tp += s.found ? 1 : 0;
    fn += s.labelled && !s.found ? 1 : 0;
    fp += s.extra;
    if (!s.labelled) fp_unlabelled += s.extra;
    if (s.extra > 0) {
      std::printf("%d false positive(s) in %s%s\n", s.extra, name.c_str(),
                  s.labelled ? "" : " (nobody labelled)");
    }
    if (s.labelled && s.distance_px >= 0) {
      const int k = s.since_hand_placed;
      sum[k] += s.distance_px;
      below[k] += s.label_below_top_m;
      worst[k] = std::max(worst[k], s.distance_px);
      ++count[k];
    }
    if (s.labelled && !s.found) {
      EXPECT_NE(s.since_hand_placed, 0) << name;
      EXPECT_LE(s.distance_px, 20.0) << name;
      const cv::Point head = *run_->frames[i].head();
      std::printf(
          "missed %s: label (%d, %d), %zu detection(s), nearest %.1f px; label %d/%d of the "
          "way between hand-placed labels; below the head top: label %.3f m, detection %.3f m\n",
          name.c_str(), head.x, head.y, run_->heads[i].size(), s.distance_px, s.since_hand_placed,
          kGotpdHandPlacedEvery, s.label_below_top_m, s.detection_below_top_m);
    }
  }
  for (int k = 0; k < kGotpdHandPlacedEvery; ++k) {
    std::printf(
        "labels %d/%d of the way between hand-placed ones: %d; detection %.2f px from the "
        "label on average, at most %.1f px; label %.3f m below the head top on average\n",
        k, kGotpdHandPlacedEvery, count[k], sum[k] / std::max(1, count[k]), worst[k],
        below[k] / std::max(1, count[k]));
  }
  double all_sum = 0.0;
  int all_count = 0;
  for (int k = 0; k < kGotpdHandPlacedEvery; ++k) {
    all_sum += sum[k];
    all_count += count[k];
  }
  std::printf("all labels: detection %.2f px from the label on average\n",
              all_sum / std::max(1, all_count));
  // Why the labels leave the head between hand-placed ones: the person's speed is not constant.
  // For each stretch between hand-placed labels with a miss, the detected head's steps.
  size_t last_start = run_->frames.size();
  for (size_t i = 0; i < run_->frames.size(); ++i) {
    const FrameScore& s = run_->scores[i];
    if (!s.labelled || s.found) continue;
    const size_t start = i - static_cast<size_t>(s.since_hand_placed);
    const size_t end = start + kGotpdHandPlacedEvery;
    if (start == last_start || end >= run_->frames.size()) continue;
    last_start = start;
    const cv::Point a = *run_->frames[start].head(), b = *run_->frames[end].head();
    std::printf("%s to %s: labels step %.1f px each; detected head steps (px):",
                run_->frames[start].name.c_str(), run_->frames[end].name.c_str(),
                std::hypot(b.x - a.x, b.y - a.y) / kGotpdHandPlacedEvery);
    for (size_t j = start + 1; j <= end; ++j) {
      if (run_->heads[j].empty() || run_->heads[j - 1].empty()) continue;
      const core::Point2 p = run_->heads[j - 1][0].head_px, q = run_->heads[j][0].head_px;
      std::printf(" %.1f", std::hypot(q.x - p.x, q.y - p.y));
    }
    std::printf("\n");
  }
  const double recall = tp / std::max(1.0, static_cast<double>(tp + fn));
  const double precision = tp / std::max(1.0, static_cast<double>(tp + fp));
  std::printf("GOTPD heads: %d TP, %d FP, %d FN: recall %.4f precision %.4f\n", tp, fp, fn, recall,
              precision);
  const double labelled_precision =
      tp / std::max(1.0, static_cast<double>(tp + fp - fp_unlabelled));
  std::printf("precision over labelled frames: %.4f (%d false positives in unlabelled frames)\n",
              labelled_precision, fp_unlabelled);
  // The target is 0.99 for both: not met against these labels. The 4 misses are all on
  // interpolated labels, 4-7 tenths of the way between hand-placed ones, the detection 15-16 px
  // away (each also counts as a false positive); the other 6 false positives are the person before
  // the labels start (BeforeTheLabelsStart... below). On the 17 hand-placed labels: no miss.
  EXPECT_EQ(tp, 161);
  EXPECT_EQ(fn, 4);
  EXPECT_EQ(fp, 10);
  EXPECT_EQ(fp_unlabelled, 6);
}

TEST_F(GotpdHeads, EveryHandPlacedLabelFoundWithNothingExtra) {
  int labels = 0, found = 0, extra = 0;
  double sum = 0.0, worst = 0.0;
  for (size_t i = 0; i < run_->frames.size(); ++i) {
    const FrameScore& s = run_->scores[i];
    if (s.since_hand_placed != 0) continue;
    ++labels;
    found += s.found ? 1 : 0;
    extra += s.extra;
    if (s.found) {
      sum += s.distance_px;
      worst = std::max(worst, s.distance_px);
    }
    std::printf(
        "%s: %s, %.1f px from the label, %d extra; below the head top: label %.3f m, "
        "detection %.3f m\n",
        run_->frames[i].name.c_str(), s.found ? "found" : "missed", s.distance_px, s.extra,
        s.label_below_top_m, s.detection_below_top_m);
  }
  const double mean = sum / std::max(1, found);
  std::printf(
      "hand-placed labels: %d, found %d, %d extra; detection %.2f px from the label on "
      "average, at most %.1f px\n",
      labels, found, extra, mean, worst);
  EXPECT_EQ(labels, 17);
  EXPECT_EQ(found, 17);
  EXPECT_EQ(extra, 0);
  EXPECT_LE(mean, 3.5);
  EXPECT_LE(worst, 8.0);
}

// The 6 false positives in unlabelled frames: the person, standing at the left edge of the view
// from the first frame, is detected in the 6 frames just before the labels start, once nothing of
// them touches the image's edge any more, along the track the first labels continue.
TEST_F(GotpdHeads, BeforeTheLabelsStartThePersonIsDetectedOnceFullyInView) {
  size_t first_label = 0;
  while (first_label < run_->frames.size() && !run_->scores[first_label].labelled) ++first_label;
  ASSERT_LT(first_label, run_->frames.size());
  std::vector<size_t> detected;
  for (size_t i = 0; i < first_label; ++i) {
    const FrameScore& s = run_->scores[i];
    const bool touches = s.person_edge_gap_px <= 1;
    std::printf("%s: person %d px from the image's edge (%s), %zu detection(s)",
                run_->frames[i].name.c_str(), s.person_edge_gap_px, touches ? "touches" : "clear",
                run_->heads[i].size());
    for (const auto& d : run_->heads[i]) {
      std::printf(" at (%.0f, %.0f) stature %.2f m", d.head_px.x, d.head_px.y, d.stature_m);
    }
    std::printf("\n");
    if (!run_->heads[i].empty()) detected.push_back(i);
    EXPECT_EQ(run_->heads[i].empty(), touches) << run_->frames[i].name;
  }
  ASSERT_EQ(detected.size(), 6u);
  EXPECT_EQ(detected.back() + 1, first_label);  // the frames just before the labels
  const cv::Point label = *run_->frames[first_label].head();
  cv::Point2d previous;
  for (size_t k = 0; k < detected.size(); ++k) {
    ASSERT_EQ(run_->heads[detected[k]].size(), 1u);
    const cv::Point2d at(run_->heads[detected[k]][0].head_px.x,
                         run_->heads[detected[k]][0].head_px.y);
    if (k > 0) {
      EXPECT_EQ(detected[k], detected[k - 1] + 1);
      EXPECT_LE(cv::norm(at - previous), kMatchPx) << run_->frames[detected[k]].name;
    }
    previous = at;
  }
  const double to_label = cv::norm(previous - cv::Point2d(label.x, label.y));
  std::printf("last detection before the labels: %.1f px from the first label (%s)\n", to_label,
              run_->frames[first_label].name.c_str());
  EXPECT_LE(to_label, kMatchPx);
}

}  // namespace
}  // namespace hc::perception
