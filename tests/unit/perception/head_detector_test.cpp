#include "perception/head_detector.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <string>

namespace hc::perception {
namespace {

// A top view 4 m x 4 m at 4 cm cells centred under a camera 3 m up.
stereo::HeightMap empty_map() {
  stereo::HeightMap m;
  m.floor_known = true;
  m.cell_m = 0.04;
  m.origin_m = {-2.0, -2.0};
  m.top_view_m = cv::Mat(100, 100, CV_32F, cv::Scalar(0.0f));
  m.geometry = core::FloorGeometry(core::CameraModel{}, core::FloorPlane::from_height_and_tilt(3, 0));
  return m;
}

void raise(stereo::HeightMap& m, int c, int r, float h) {
  if (c >= 0 && r >= 0 && c < m.top_view_m.cols && r < m.top_view_m.rows)
    m.top_view_m.at<float>(r, c) = std::max(m.top_view_m.at<float>(r, c), h);
}

// The shoulders' profile: their rim `drop` below the top, rising `rise` towards the neck.
struct Shoulders {
  double drop = 0.27, rise = 0.0;
};

// Shoulders: an ellipse 0.46 x 0.26 m, flat at stature - 0.27 unless given; head: a sphere cap
// of radius 0.09 m topping at `stature`.
void person(stereo::HeightMap& m, double x, double y, double stature, Shoulders shoulders = {}) {
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const double px = m.origin_m.x + (c + 0.5) * m.cell_m - x;
      const double py = m.origin_m.y + (r + 0.5) * m.cell_m - y;
      const double e = (px * px) / (0.23 * 0.23) + (py * py) / (0.13 * 0.13);
      if (e <= 1.0) raise(m, c, r, static_cast<float>(stature - shoulders.drop + shoulders.rise * (1 - e)));
      const double d2 = px * px + py * py;
      if (d2 <= 0.09 * 0.09)
        raise(m, c, r, static_cast<float>(stature - 0.09 + std::sqrt(0.09 * 0.09 - d2)));
    }
}

void box(stereo::HeightMap& m, double x0, double y0, double x1, double y1, double h) {
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const double px = m.origin_m.x + (c + 0.5) * m.cell_m;
      const double py = m.origin_m.y + (r + 0.5) * m.cell_m;
      if (px >= x0 && px <= x1 && py >= y0 && py <= y1) raise(m, c, r, static_cast<float>(h));
    }
}

TEST(HeadDetector, OnePersonOneDetectionAtTheHead) {
  auto m = empty_map();
  person(m, 0.5, -0.3, 1.75);
  HeadDetector d;
  auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, 0.5, 0.03);
  EXPECT_NEAR(dets[0].floor_m.y, -0.3, 0.03);
  EXPECT_NEAR(dets[0].stature_m, 1.75, 0.01);
  EXPECT_GT(dets[0].score, 0.9);
  // the head centre, below the top, seen by a camera 3 m up (no per-pixel heights in this map).
  const double below = d.parameters().head_centre_below_top_m;
  EXPECT_NEAR(dets[0].head_px.x, 320 + 400 * dets[0].floor_m.x / (3.0 - (dets[0].stature_m - below)), 0.5);
}

// Stereo noise: a top-view cell keeps the highest of the dozens of pixels that fall into it, so
// the peak reads above the head. The stature comes from the pixel heights at the top instead.
TEST(HeadDetector, StatureIsTheMedianPixelHeightAtTheTopNotTheNoisyPeak) {
  auto m = empty_map();
  person(m, 0.3, 0.2, 1.75 + 0.06);  // the top view as noise leaves it: 6 cm high
  m.height_m = cv::Mat(400, 640, CV_32F, cv::Scalar(0.0f));
  uint32_t seed = 3;
  for (int v = 0; v < m.height_m.rows; ++v)
    for (int u = 0; u < m.height_m.cols; ++u) {
      seed = seed * 1664525u + 1013904223u;
      const double noise = 0.08 * ((seed >> 8) / 16777216.0) - 0.04;  // +-4 cm
      m.height_m.at<float>(v, u) = static_cast<float>(1.75 + noise);  // the head fills the view
    }
  HeadDetector d;
  const auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].stature_m, 1.75, 0.01);
}

// Stereo noise off-axis: the top view's cap is made of the pixels read high, and a pixel read high
// lies nearer the camera on its own ray, so the cap stands 6 cm above the head and inward of it
// by 6 / 125 of its distance (camera 3 m up, head top 1.75 m): drawn at x = 0.58 for a head at
// 0.609. The pixel heights at the top give the true top; the floor point moves back down the
// ray by the cap's level (its disk's median, 1-2 cm below the lifted top: the head's curvature)
// less that top, so most of the way back.
TEST(HeadDetector, FloorPointIsNotPulledInwardByTheNoiseLiftedCap) {
  auto m = empty_map();
  const double lift = 0.06, range = 3.0 - 1.75, x = 0.58 * range / (range - lift);
  person(m, 0.58, 0.0, 1.75 + lift);
  m.height_m = cv::Mat(400, 640, CV_32F, cv::Scalar(1.75f));  // the head fills the view
  HeadDetector d;
  const auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].stature_m, 1.75, 0.001);
  EXPECT_NEAR(dets[0].floor_m.x, x, 0.015);  // the lifted cap's own centre is 2.9 cm inward
  EXPECT_NEAR(dets[0].floor_m.y, 0.0, 0.005);
}

// Off the camera's axis the far side of a head hides the lower part of its cap: here a head 0.8 m
// off the axis of a camera 3 m up (its top 1.25 m below the lens, 32 degrees off; a sphere of
// 9 cm radius centred on a cell) whose far side is seen to 6 cm from its centre, the cells
// beyond unseen. The centre of the seen cap lies 2 cm inward; the apex of the fitted cap is
// the head's centre.
TEST(HeadDetector, FloorPointOfAHeadWhoseFarSideIsHiddenIsItsTopNotTheSeenCapsCentre) {
  auto m = empty_map();
  const double x = 0.78, y = 0.3;
  person(m, x, y, 1.75);
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const double px = m.cell_centre(c, r).x - x, py = m.cell_centre(c, r).y - y;
      if (px > 0.06 && px < 0.12 && std::abs(py) < 0.10) m.top_view_m.at<float>(r, c) = NAN;
    }
  HeadDetectorParameters centroid;
  centroid.apex_max_shift_m = 0;
  const auto seen = HeadDetector(centroid).detect(m);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_NEAR(seen[0].floor_m.x - x, -0.020, 0.001);  // the seen cap's centre
  const auto dets = HeadDetector().detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, x, 0.003);
  EXPECT_NEAR(dets[0].floor_m.y, y, 0.003);
}

// Depth noise reads one side of a head's cap a few centimetres high (stereo noise, a hair
// ridge): the floor point stays at the head's centre, the plain mean of the cap around the top.
TEST(HeadDetector, FloorPointIsTheCapCentreNotPulledByNoisyHighCells) {
  auto m = empty_map();
  person(m, 0.5, -0.3, 1.75);
  // Cells 4-8 cm east of the head centre read 3 cm above the top.
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const double px = m.origin_m.x + (c + 0.5) * m.cell_m - 0.5;
      const double py = m.origin_m.y + (r + 0.5) * m.cell_m + 0.3;
      if (px > 0.03 && px < 0.09 && std::abs(py) < 0.05) m.top_view_m.at<float>(r, c) = 1.78f;
    }
  HeadDetector d;
  const auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, 0.5, 0.015);
  EXPECT_NEAR(dets[0].floor_m.y, -0.3, 0.015);
}

TEST(HeadDetector, SideBySideTouchingPeopleAreTwo) {
  auto m = empty_map();
  person(m, -0.17, 0, 1.70);  // shoulders touch, heads 0.34 m apart
  person(m, 0.17, 0, 1.80);
  HeadDetector d;
  auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_NEAR(std::abs(dets[0].floor_m.x - dets[1].floor_m.x), 0.34, 0.05);
}

TEST(HeadDetector, ChildBesideAdultAndChildFlag) {
  auto m = empty_map();
  person(m, 0, 0, 1.80);
  person(m, 0, 0.36, 1.15);
  HeadDetectorParameters p;
  p.child_height_m = 1.2;
  HeadDetector d(p);
  auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_FALSE(dets[0].child);
  EXPECT_TRUE(dets[1].child);
}

// A child walking beside an adult, hand in hand: the child's head passes 0.15-0.19 m from the
// rim of the adult's shoulder, which stands higher. The child's head is still the highest thing
// within its own breadth (peak_radius_m), so it is a peak. Within the adult's head spacing
// (nms_radius_m, 0.2 m) it was none: at these gaps the child was missed. (Closer, where the
// child's head touches the shoulder in the top view, the saddle test takes it for the adult's.)
TEST(HeadDetector, AChildsHeadBesideAnAdultsShoulderIsFound) {
  HeadDetectorParameters p;
  p.child_height_m = 1.2;
  p.min_height_m = 0.8;
  HeadDetector d(p);
  for (const double gap : {0.38, 0.42}) {  // head centres apart; the shoulder's rim at 0.23 m
    for (const double child : {0.95, 1.10}) {
      auto m = empty_map();
      person(m, 0, 0, 1.80);
      person(m, gap, 0, child);
      const auto dets = d.detect(m);
      ASSERT_EQ(dets.size(), 2u) << "gap " << gap << " child " << child;
      EXPECT_NEAR(dets[1].floor_m.x, gap, 0.03) << "gap " << gap << " child " << child;
      EXPECT_NEAR(dets[1].stature_m, child, 0.02);  // the 4 cm cells off the head's centre
      EXPECT_TRUE(dets[1].child);
    }
  }
}

TEST(HeadDetector, CartsTablesAndBagsAreNotPeople) {
  auto m = empty_map();
  box(m, -1.0, -1.0, -0.4, -0.1, 1.05);   // cart: a flat top at 1.05 m
  box(m, 0.5, 0.5, 0.9, 0.8, 0.4);        // bag below the minimum height
  box(m, 0.8, -1.2, 1.6, -0.4, 1.2);      // high table
  m.top_view_m.at<float>(20, 70) = 1.3f;  // one flying pixel: removed by the median
  HeadDetector d;
  EXPECT_TRUE(d.detect(m).empty());
}

// A cart as stereo sees it: a noisy top at 0.95 m whose long edges read higher (a basket rail, or
// the matcher's edge fattening). A peak on a rail has the floor on one side and the cart just below
// it on the other: neither level with the peak nor a shoulder drop, so it is a flat top too.
TEST(HeadDetector, NoisyCartWithRaisedRailsIsNotAPerson) {
  auto m = empty_map();
  uint32_t seed = 7;
  auto noise = [&seed] {  // uniform in [-0.03, 0.03] m, deterministic
    seed = seed * 1664525u + 1013904223u;
    return 0.06 * ((seed >> 8) / 16777216.0) - 0.03;
  };
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const double x = m.origin_m.x + (c + 0.5) * m.cell_m, y = m.origin_m.y + (r + 0.5) * m.cell_m;
      if (std::abs(x + 0.4) > 0.4 || std::abs(y) > 0.27) continue;
      const double rail = std::abs(y) > 0.15 ? 0.08 : 0.0;
      m.top_view_m.at<float>(r, c) = static_cast<float>(0.95 + rail + noise());
    }
  HeadDetectorParameters p;
  p.min_height_m = 0.8;
  EXPECT_TRUE(HeadDetector(p).detect(m).empty());
  person(m, 0.35, 0.0, 1.7);  // and its pusher is one
  EXPECT_EQ(HeadDetector(p).detect(m).size(), 1u);
}

// An ellipsoid dome (stroller canopy 0.44 x 0.48 m, 0.18 m high, as the simulator draws it) on a
// box: head-high at its top but far wider than a head. A child of the same height is a head.
// A stroller seen from above: its body (a box 0.7 m high) and canopy (an ellipsoid 0.44 x 0.48 m,
// 0.18 m high, top 0.98 m) centred at floor x = -0.7, each canopy cell moved by
// offset(distance from the canopy's centre), as a stereo map reads it; and a 1.0 m child at
// x = 0.7 beside it.
void stroller_and_child(stereo::HeightMap& m, const std::function<double(double)>& offset) {
  box(m, -0.9, -0.25, -0.5, 0.25, 0.7);
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const double dx = m.origin_m.x + (c + 0.5) * m.cell_m + 0.7, dy = m.origin_m.y + (r + 0.5) * m.cell_m;
      const double px = dx / 0.22, py = dy / 0.24;
      if (px * px + py * py <= 1.0)
        raise(m, c, r, static_cast<float>(0.8 + 0.18 * std::sqrt(1 - px * px - py * py) + offset(std::hypot(dx, dy))));
    }
  person(m, 0.7, 0.0, 1.0);
}

TEST(HeadDetector, DomesWiderThanAHeadAreNotPeople) {
  auto m = empty_map();
  stroller_and_child(m, [](double) { return 0.0; });
  HeadDetectorParameters p;
  p.min_height_m = 0.8;
  HeadDetector d(p);
  const auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, 0.7, 0.03);
  p.max_wide_cap = 1.0;  // without the width test the canopy passes every other test
  EXPECT_EQ(HeadDetector(p).detect(m).size(), 2u);
}

// The same canopy as the stereo path sees it: each top-view cell keeps the highest of its pixels,
// so with noise the cells read high, most at the top (10 cm) and less towards the rim (3 cm at
// 0.18 m), while the pixel heights at the top read the canopy's true 0.98 m. Against its lifted
// peak the rim falls out of the cap and the canopy would pass as a head; against the pixel top it
// is a dome. The child beside it is still a head.
TEST(HeadDetector, ANoiseLiftedDomeIsJudgedAgainstItsPixelTop) {
  auto m = empty_map();
  stroller_and_child(m, [](double d) { return std::max(0.0, 0.10 - 0.07 * d / 0.18); });
  HeadDetectorParameters p;
  p.min_height_m = 0.8;
  p.wide_depth_m = p.cap_depth_m;  // the band of the test below, so that only the top differs
  // Without pixel heights (a map of cells only) the dome is judged against its peak: a head.
  EXPECT_EQ(HeadDetector(p).detect(m).size(), 2u);
  m.height_m = cv::Mat(400, 640, CV_32F, cv::Scalar(0.98f));
  std::vector<HeadCandidate> log;
  HeadDetector d(p);
  d.set_candidate_log(&log);
  const auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, 0.7, 0.03);
  const auto canopy = std::find_if(log.begin(), log.end(), [](const HeadCandidate& c) {
    return std::abs(c.floor_m.x + 0.7) < 0.03 && std::abs(c.floor_m.y) < 0.03;
  });
  ASSERT_NE(canopy, log.end());
  EXPECT_STREQ(canopy->verdict, "dome");
}

// The same canopy with the rim a few centimetres low, as stereo edges and the 4 cm cells read it
// (a cell on the circle reaches out to 0.20 m, where the canopy has dropped 10.5 cm): half the
// circle at 0.18 m falls out of a cap depth (0.10 m) of the top, but not out of the wide circle's
// own band (0.13 m). A head's shoulders, hat brim or not, lie 0.18 m or more below its top.
TEST(HeadDetector, ADomeWhoseRimReadsLowIsStillADome) {
  auto m = empty_map();
  stroller_and_child(m, [](double d) { return d >= 0.16 ? -0.04 : 0.0; });
  HeadDetectorParameters p;
  p.min_height_m = 0.8;
  const auto dets = HeadDetector(p).detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, 0.7, 0.03);
  p.wide_depth_m = p.cap_depth_m;
  EXPECT_EQ(HeadDetector(p).detect(m).size(), 2u);
}

TEST(HeadDetector, PersonPushingACartIsOne) {
  auto m = empty_map();
  box(m, -0.5, 0.3, 0.3, 0.9, 1.0);
  person(m, 0, 0, 1.7);
  HeadDetector d;
  EXPECT_EQ(d.detect(m).size(), 1u);
}

TEST(HeadDetector, HeightLimitsAndUnknownFloor) {
  auto m = empty_map();
  person(m, 0, 0, 2.4);  // taller than max target height
  person(m, 1, 1, 0.9);  // shorter than min
  HeadDetector d;
  EXPECT_TRUE(d.detect(m).empty());
  auto n = empty_map();
  person(n, 0, 0, 1.7);
  n.floor_known = false;
  EXPECT_TRUE(d.detect(n).empty());
}

TEST(HeadDetector, NanCellsAreFloorAndSingleHolesFilled) {
  auto m = empty_map();
  person(m, 0, 0, 1.7);
  m.top_view_m.at<float>(50, 50) = NAN;  // a hole in the head
  m.top_view_m.row(5).setTo(NAN);
  HeadDetector d;
  EXPECT_EQ(d.detect(m).size(), 1u);
}

// What a camera sees of the map when the image (or, for a stereo pair, what both images see)
// begins at pixel column first_col: a cell whose top lies left of it shows the highest point
// below that is in view, here the shoulders at shoulder_h or else the floor.
void crop_left(stereo::HeightMap& m, double first_col, double shoulder_h) {
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      float& h = m.top_view_m.at<float>(r, c);
      auto seen = [&](double level) {
        const auto px = m.geometry.floor_to_pixel(m.cell_centre(c, r), level);
        return px && px->x >= first_col;
      };
      if (h <= 0 || seen(h)) continue;
      h = h >= shoulder_h && seen(shoulder_h) ? static_cast<float>(shoulder_h) : 0.0f;
    }
}

// A head cut by the image edge shows only its inner part, whose centre lies inward of the head:
// here 3 cm inside the edge at its height (camera 3 m up, fx 400: the edge at x = -1.0 m), the
// visible cap's centre is 2.2 cm inward. Walking past the end of a line drawn near the edge, a
// person would seem to cross it. The detector re-centres the cap on a head 0.16 m across (this
// one is 0.18 m: 1.3 cm inward are left).
TEST(HeadDetector, HeadCutByTheImageEdgeIsPlacedAtItsCentreNotItsVisibleHalf) {
  const double x = -1.0 + 0.03, stature = 1.75;
  auto m = empty_map();
  person(m, x, 0.2, stature);
  crop_left(m, 0.0, stature - 0.27);
  HeadDetectorParameters plain;  // neither re-centred nor placed at the cap's apex
  plain.head_half_width_m = 0;
  plain.apex_max_shift_m = 0;
  const auto seen = HeadDetector(plain).detect(m);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_NEAR(seen[0].floor_m.x - x, 0.022, 0.002);  // the visible part's centre
  const auto dets = HeadDetector().detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x - x, 0.013, 0.002);
  EXPECT_NEAR(dets[0].floor_m.y, 0.2, 0.005);
  // A head well inside the view is not moved.
  auto inside = empty_map();
  person(inside, x + 0.2, 0.2, stature);
  crop_left(inside, 0.0, stature - 0.27);
  HeadDetectorParameters not_recentred;
  not_recentred.head_half_width_m = 0;
  ASSERT_EQ(HeadDetector().detect(inside).size(), 1u);
  EXPECT_EQ(HeadDetector().detect(inside)[0].floor_m.x,
            HeadDetector(not_recentred).detect(inside)[0].floor_m.x);
}

// A stereo pair measures a left-image pixel only where its match, the disparity to the left,
// lies in the right image: at the head's depth (1.25 m, baseline 8 cm) the first 25.6 columns
// are not measured, so a head there is cut as at the edge of the image. A depth camera's map
// (no disparity) has no such band: the same cells are a head seen whole, placed at the apex of
// its seen cap (which a cut cap's edge moves inward less than its centre).
TEST(HeadDetector, StereoHeadCutByTheUnmatchedLeftColumnsIsPlacedAtItsCentre) {
  const double stature = 1.75, band_m = 0.08, x = -1.0 + band_m + 0.03;
  auto m = empty_map();
  person(m, x, 0.2, stature);
  crop_left(m, 400 * 0.08 / (3.0 - stature), stature - 0.27);
  auto depth_camera = m;
  m.disparity_px = cv::Mat(400, 640, CV_32F, cv::Scalar(0.0f));
  const auto dets = HeadDetector().detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x - x, 0.013, 0.002);
  const auto depth = HeadDetector().detect(depth_camera);
  ASSERT_EQ(depth.size(), 1u);
  EXPECT_NEAR(depth[0].floor_m.x - x, 0.018, 0.002);
}

// A low mount (2.4 m) with the simulator's wide lens (fx 254.5): the view at head height is
// about 2 m across, and a body hides much of the floor around it from the camera.
stereo::HeightMap low_mount_map() {
  auto m = empty_map();
  core::CameraModel cam;
  cam.fx = cam.fy = 254.5;
  m.geometry = core::FloorGeometry(cam, core::FloorPlane::from_height_and_tilt(2.4, 0));
  return m;
}

// What the camera sees of the map: a cell whose top a line of sight from the camera (over the
// floor origin, at the installation height) reaches only below a higher cell is unseen (NaN).
// Cells outside the image at their height are unseen too.
void occlude(stereo::HeightMap& m) {
  const cv::Mat full = m.top_view_m.clone();
  const double cam_h = m.geometry.plane().installation_height_m();
  const auto& cam = m.geometry.camera();
  for (int r = 0; r < full.rows; ++r)
    for (int c = 0; c < full.cols; ++c) {
      const double h = full.at<float>(r, c);
      const core::Point2 q = m.cell_centre(c, r);
      const auto px = m.geometry.floor_to_pixel(q, h);
      bool hidden = !px || px->x < 0 || px->y < 0 || px->x > cam.width - 1 || px->y > cam.height - 1;
      const double len = std::hypot(q.x, q.y);
      for (double d = m.cell_m / 4; d < len && !hidden; d += m.cell_m / 4) {
        const int cc = static_cast<int>(std::floor((q.x * (1 - d / len) - m.origin_m.x) / m.cell_m));
        const int rr = static_cast<int>(std::floor((q.y * (1 - d / len) - m.origin_m.y) / m.cell_m));
        if ((cc != c || rr != r) && full.at<float>(rr, cc) > h + (cam_h - h) * d / len) hidden = true;
      }
      if (hidden) m.top_view_m.at<float>(r, c) = NAN;
    }
}

// The fraction of the shoulder ring (0.20-0.34 m) around floor point (x, y) that the map sees.
double ring_seen(const stereo::HeightMap& m, double x, double y) {
  int all = 0, seen = 0;
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const core::Point2 q = m.cell_centre(c, r);
      const double d = std::hypot(q.x - x, q.y - y);
      if (d < 0.2 || d > 0.34) continue;
      ++all;
      seen += m.top_view_m.at<float>(r, c) == m.top_view_m.at<float>(r, c);
    }
  return static_cast<double>(seen) / all;
}

// A 1.90 m person at (-0.40, 0) between the camera and a 1.50 m one at (-0.75, 0.30), as the
// camera of map m sees them.
stereo::HeightMap taller_before_shorter(stereo::HeightMap m) {
  person(m, -0.40, 0.0, 1.90);
  person(m, -0.75, 0.30, 1.50);
  occlude(m);
  return m;
}

// At a low mount a taller person between the camera and a shorter one hides the floor and
// shoulders on the inward side of the shorter one's ring, and the shorter one's own body the
// floor beyond its shoulders: a third of its ring is seen, the rest lies in occlusion shadows (the
// line of sight to its floor passes below a body). Both are heads.
TEST(HeadDetector, HeadWhoseRingATallerNeighbourHidesIsFound) {
  const auto m = taller_before_shorter(low_mount_map());
  ASSERT_LT(ring_seen(m, -0.75, 0.30), 0.35);
  const auto dets = HeadDetector().detect(m);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_NEAR(dets[1].floor_m.x, -0.75, 0.03);
  EXPECT_NEAR(dets[1].floor_m.y, 0.30, 0.03);
  EXPECT_NEAR(dets[1].stature_m, 1.50, 0.02);
}

// Unseen ring cells with nothing in the way of their line of sight (no data: a textureless floor
// for a stereo pair, a dark one for a time-of-flight camera) are no occlusion shadow. The scene
// above with the taller person unmeasured (its cells unseen too): the shorter head's ring has the
// same unseen cells, but only those in its own shadow are explained. Asked for 60 % of the ring
// seen or in a shadow, the shorter head passes beside its neighbour and not without it.
TEST(HeadDetector, RingUnseenWithNothingInTheWayIsNoShadow) {
  const auto m = taller_before_shorter(low_mount_map());
  auto alone = low_mount_map();
  person(alone, -0.75, 0.30, 1.50);
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const float h = m.top_view_m.at<float>(r, c);
      if (h != h || std::hypot(m.cell_centre(c, r).x + 0.40, m.cell_centre(c, r).y) < 0.3)
        alone.top_view_m.at<float>(r, c) = NAN;
    }
  HeadDetectorParameters p;
  p.min_ring_seen = 0.6;
  HeadDetector detector(p);
  const auto beside = detector.detect(m);
  ASSERT_EQ(beside.size(), 2u);
  EXPECT_NEAR(beside[1].floor_m.x, -0.75, 0.03);
  EXPECT_TRUE(detector.unjudged().empty());
  EXPECT_TRUE(detector.detect(alone).empty());
  // Not refuted either: its top's peaks are unjudged, which keeps a new track alive
  // (track::Tracker).
  ASSERT_FALSE(detector.unjudged().empty());
  for (const auto& q : detector.unjudged()) EXPECT_LT(std::hypot(q.x + 0.75, q.y - 0.30), 0.1);
}

// A tall man near the camera's axis at a low mount: his own head and shoulders hide the floor
// around them, so little of his ring is seen but all of it lies in his own shadow.
TEST(HeadDetector, HeadWhoseOwnBodyHidesItsRingIsFound) {
  auto m = low_mount_map();
  person(m, 0.2, 0.0, 1.89);
  occlude(m);
  ASSERT_LT(ring_seen(m, 0.2, 0.0), 0.5);
  const auto dets = HeadDetector().detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, 0.2, 0.03);
}

// Right under a 2.2 m lens a 1.95 m man's own head and shoulders hide nearly all of his
// shoulder ring and the floor around it: too little is seen to judge the drop on. But from the
// camera the ring's points a shoulder drop below his top are in sight, so whatever stands there
// is lower (HeadDetector's ring_shadow): a head. Without that, the peak is only unjudged.
TEST(HeadDetector, ATallHeadRightUnderALowLensIsJudgedOnItsOwnShadow) {
  auto m = low_mount_map();
  m.geometry =
      core::FloorGeometry(m.geometry.camera(), core::FloorPlane::from_height_and_tilt(2.2, 0));
  person(m, 0.02, -0.02, 1.95);
  occlude(m);
  ASSERT_LT(ring_seen(m, 0.02, -0.02), 0.2);
  HeadDetector detector;
  const auto dets = detector.detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, 0.02, 0.03);
  EXPECT_NEAR(dets[0].floor_m.y, -0.02, 0.03);
  EXPECT_NEAR(dets[0].stature_m, 1.95, 0.02);
  EXPECT_TRUE(detector.unjudged().empty());
  // The same lens over a cart and a high table: their tops hide their own insides at a
  // shoulder drop below them, so no shadow there passes for a drop.
  auto flat = low_mount_map();
  flat.geometry = m.geometry;
  box(flat, -0.3, -0.35, 0.3, 0.35, 1.05);
  box(flat, 0.4, -0.3, 1.0, 0.3, 1.2);
  occlude(flat);
  HeadDetectorParameters p;
  p.min_height_m = 0.8;
  EXPECT_TRUE(HeadDetector(p).detect(flat).empty());
}

// The shadows neither add drop nor remove a flat top: at the same low mount, with the floor
// around them hidden, carts and tables are still no heads, nor is an arm held out at shoulder
// height beside its person's head.
TEST(HeadDetector, FlatTopsAndArmsInOcclusionShadowsAreStillRefused) {
  auto m = low_mount_map();
  box(m, -0.9, -0.6, -0.3, 0.3, 1.05);  // cart
  box(m, 0.3, -0.7, 0.9, -0.1, 1.2);    // high table
  occlude(m);
  HeadDetectorParameters p;
  p.min_height_m = 0.8;
  EXPECT_TRUE(HeadDetector(p).detect(m).empty());

  auto arm = low_mount_map();
  person(arm, -0.3, 0.0, 1.75);
  box(arm, -0.9, -0.05, -0.5, 0.05, 1.45);  // the arm, straight out from the shoulder
  occlude(arm);
  const auto dets = HeadDetector(p).detect(arm);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, -0.3, 0.03);
}

// Near the edge of the view part of a ring is out of view at shoulder height: the shadows count
// on the part in view (at a 2.2 m mount a 1.9 m head's ring is wider than the view at its
// shoulders even under the lens). The scene of HeadWhoseRingATallerNeighbourHidesIsFound seen by
// a camera whose image ends 1.0 m left of its axis at the shorter head's shoulder height
// (principal point moved left): the shorter head itself is 0.13 m inside the view at its top.
TEST(HeadDetector, ShadowsCountOnThePartOfARingInView) {
  auto view = low_mount_map();
  core::CameraModel cam = view.geometry.camera();
  cam.cx = cam.fx * 1.0 / (2.4 - 1.38);
  view.geometry = core::FloorGeometry(cam, view.geometry.plane());
  const auto m = taller_before_shorter(view);
  ASSERT_LT(ring_seen(m, -0.75, 0.30), 0.35);
  const auto dets = HeadDetector().detect(m);
  ASSERT_EQ(dets.size(), 2u);
  EXPECT_NEAR(dets[0].floor_m.x, -0.40, 0.03);
  EXPECT_NEAR(dets[1].floor_m.x, -0.75, 0.03);
  EXPECT_NEAR(dets[1].floor_m.y, 0.30, 0.03);
  EXPECT_NEAR(dets[1].stature_m, 1.50, 0.02);
}

// At a low mount a hat's brim hides the shoulders and the floor around it, and the cells seen
// on the circle at 0.18 m hold the brim (a cell keeps its highest point, and cells 4 cm wide
// reach in to 0.15 m). They are the brim's edge, not a dome's flank: what lies beyond them is
// hidden, where a canopy's surface goes on, seen. So none of them counts as the cap reaching
// the circle, and the hat is a head. A 1.70 m person on a cell's centre with a flat brim
// 0.15 m in radius (10 cm below the top here, so that the head's top stays a peak in the map's
// cells), its shadow out to 0.26 m unseen. Counting those cells, the cap covered the circle.
TEST(HeadDetector, AHatWhoseBrimHidesItsSurroundingsIsNoDome) {
  auto m = empty_map();
  const core::Point2 at{0.02, 0.02};
  person(m, at.x, at.y, 1.70);
  const double brim_reach = 0.15 + m.cell_m / std::sqrt(2.0);
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      const double d = core::distance(m.cell_centre(c, r), at);
      if (d <= brim_reach) raise(m, c, r, 1.60f);
      else if (d <= 0.26) m.top_view_m.at<float>(r, c) = NAN;
    }
  std::vector<HeadCandidate> log;
  HeadDetector d;
  d.set_candidate_log(&log);
  const auto dets = d.detect(m);
  ASSERT_EQ(dets.size(), 1u);
  EXPECT_NEAR(dets[0].floor_m.x, at.x, 0.03);
  EXPECT_NEAR(dets[0].floor_m.y, at.y, 0.03);
  ASSERT_FALSE(log.empty());
  EXPECT_STREQ(log[0].verdict, "head");
  EXPECT_GT(log[0].wide_seen, 0);
  EXPECT_EQ(log[0].wide_in, 0);
}

// Shoulders rising towards the neck, from stature - 0.30 at their rim to stature - 0.22.
constexpr Shoulders kSloping{0.30, 0.08};

// What the image sees of each cell's column: a body is solid below its top, so where the top is
// beyond the edge of the image the highest point seen is where the edge's line of sight enters
// the column (2 mm steps); NaN where not even the floor is seen.
void clip_to_view(stereo::HeightMap& m) {
  const auto& cam = m.geometry.camera();
  for (int r = 0; r < m.top_view_m.rows; ++r)
    for (int c = 0; c < m.top_view_m.cols; ++c) {
      float& h = m.top_view_m.at<float>(r, c);
      const float top = h;
      h = NAN;
      for (double level = top; level >= 0.0; level -= 0.002) {
        const auto px = m.geometry.floor_to_pixel(m.cell_centre(c, r), level);
        if (px && px->x >= 0 && px->y >= 0 && px->x <= cam.width - 1 && px->y <= cam.height - 1) {
          h = static_cast<float>(level);
          break;
        }
      }
    }
}

// At a low mount the head of a person near the edge of the view leaves the image long before
// the shoulders below it do, and where the edge's line of sight meets the shoulder rising to the
// unseen neck, that point is the highest seen there: a peak with a cap and a dropped ring, like
// a head, 0.2 m too low (2.4 m camera, fx 254.5: at the head's top height of 1.77 m the image
// ends 0.79 m left of the camera, at the shoulders' 1.5 m 1.13 m). Walking along the edge inside
// a line's end, such a flank would be counted for a person who passes beyond it. The view must
// reach a cell (4 cm) around a peak at the peak's height: else something higher may stand there
// unseen (top_unseen).
TEST(HeadDetector, AShoulderUnderAHeadBeyondTheViewIsNoHead) {
  HeadDetectorParameters without;
  without.seen_top_radius_m = without.seen_apex_radius_m = 0;
  auto flank = low_mount_map();
  person(flank, -1.04, 0.1, 1.77, kSloping);
  clip_to_view(flank);
  const auto seen = HeadDetector(without).detect(flank);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_LT(seen[0].stature_m, 1.6);
  std::vector<HeadCandidate> log;
  HeadDetector detector;
  detector.set_candidate_log(&log);
  EXPECT_TRUE(detector.detect(flank).empty());
  std::map<std::string, int> why;
  for (const auto& c : log) why[c.verdict]++;
  EXPECT_EQ(why["top_unseen"], 1) << "first: " << log.front().verdict;
  // It is reported apart, as a head cut by the edge (HeadDetector::cut_heads), its stature a
  // lower bound: the tracker lets it carry on that person's confirmed track, never start one.
  ASSERT_EQ(detector.cut_heads().size(), 1u);
  EXPECT_LT(detector.cut_heads()[0].stature_m, 1.6);
  EXPECT_NEAR(detector.cut_heads()[0].floor_m.y, 0.1, 0.05);
  // Cut towards -x (floor direction 180 degrees, bit 4), where the head is; not towards +x.
  EXPECT_TRUE(detector.cut_heads()[0].cut_toward & (1u << 4));
  EXPECT_FALSE(detector.cut_heads()[0].cut_toward & 1u);
  // Wherever the head is out of view, nothing is found.
  for (int i = 0; i <= 24; ++i) {
    auto m = low_mount_map();
    const double x = -1.30 + 0.02 * i;  // the head's inner rim from 1.21 to 0.73 m left
    person(m, x, 0.1, 1.77, kSloping);
    clip_to_view(m);
    EXPECT_TRUE(HeadDetector().detect(m).empty()) << "x " << x;
  }
}

// A known limit, pinned: under a 2.2 m lens a person whose head is beyond the side of the view
// shows a shoulder rising towards the unseen neck, and the highest point of it the camera sees
// may lie well inside the view at its height (8 cm or more), so the view test around the peak
// passes it: a head 0.24-0.27 m lower than the person (1.77 m, sloping shoulders; the head's
// centre from x = -1.10 to -0.60 m in 2 cm steps, the view's edge 0.54 m off the axis at its
// top). Two models of what the camera sees of this top view: `occlude` alone (a cell beyond
// the image at its height is unseen), and clip_to_view first (the edge's line of sight enters
// the head's column: the head's flank is seen at the edge, a strip one cell wide that the
// detector's 3x3 median takes away). Where a seen cell beside the peak stands above it, cut by
// the edge at its own height, the peak is the foot of something whose top is unseen
// (HeadDetector::higher_cut_beside): with the flank seen, 17 such shoulders fall to 7, and in
// the model without it 18 to 14. Where neither the flank nor anything above the shoulder is
// seen, the shoulder is taken for a head; on rendered bodies, HeadDetectorSide below.
TEST(HeadDetector, KnownLimitAShoulderBelowAHeadBeyondTheSideOfALowViewIsTakenForAHead) {
  HeadDetectorParameters without_beside;
  without_beside.beside_radius_m = 0;
  for (const bool flank_seen : {false, true}) {
    std::string shipped, without;
    for (int i = 0; i <= 25; ++i) {
      auto m = low_mount_map();
      m.geometry =
          core::FloorGeometry(m.geometry.camera(), core::FloorPlane::from_height_and_tilt(2.2, 0));
      person(m, -1.10 + 0.02 * i, 0.1, 1.77, kSloping);
      if (flank_seen) clip_to_view(m);
      occlude(m);
      auto shoulder = [&](const HeadDetectorParameters& params) {
        for (const auto& d : HeadDetector(params).detect(m))
          if (d.stature_m < 1.6) return 'S';
        return '.';
      };
      shipped += shoulder({});
      without += shoulder(without_beside);
    }
    if (flank_seen) {
      EXPECT_EQ(shipped, "....S.SSSSSS..............");
      EXPECT_EQ(without, "....S.SSSSSSSSSSSSSS.S.S..");
    } else {
      EXPECT_EQ(shipped, "........SSSSSSSSSSSS.S..S.");
      EXPECT_EQ(without, "........SSSSSSSSSSSSSSSSSS");
    }
  }
}

// A head whose top is seen whole near the edge is found, at its place and stature.
TEST(HeadDetector, AHeadWhoseTopIsSeenNearTheEdgeOfTheViewIsFound) {
  for (int i = 0; i <= 10; ++i) {
    auto m = low_mount_map();
    const double x = -0.74 + 0.02 * i;  // 5-25 cm inside the edge at its top height
    person(m, x, 0.1, 1.77, kSloping);
    clip_to_view(m);
    HeadDetector detector;
    const auto dets = detector.detect(m);
    ASSERT_EQ(dets.size(), 1u) << "x " << x;
    EXPECT_TRUE(detector.cut_heads().empty()) << "x " << x;
    EXPECT_NEAR(dets[0].floor_m.x, x, 0.02) << "x " << x;
    EXPECT_NEAR(dets[0].stature_m, 1.77, 0.02) << "x " << x;
  }
}


// Where the view test is measured from: a head's top lies anywhere within half a cell (2 cm) of
// its peak cell's centre, so a test around the cell found a head whose top is a few centimetres
// inside the edge of the view or not by where the cell grid fell (Accuracy.LowMountMissesByLane:
// 33 crossings of the 2.2 m suite missed that way and otherwise, 10 with the test around the
// apex). Measured from the apex of the cap, the same head is found wherever the grid falls.
TEST(HeadDetector, AHeadJustInsideTheEdgeOfTheViewIsFoundWhereverTheCellGridFalls) {
  HeadDetectorParameters cell_only;
  cell_only.seen_apex_radius_m = 0;
  std::string found, found_around_cell;
  for (int i = 0; i < 8; ++i) {  // the grid moved across one 4 cm cell in 5 mm steps
    auto m = low_mount_map();
    m.origin_m.x += 0.005 * i;
    person(m, -0.76, 0.1, 1.77, kSloping);  // the top 3 cm inside the edge (-0.79 m)
    clip_to_view(m);
    HeadDetector shipped, around_cell(cell_only);
    const auto dets = shipped.detect(m);
    found += dets.size() == 1 ? '1' : '0';
    found_around_cell += around_cell.detect(m).size() == 1 ? '1' : '0';
    if (dets.size() == 1) {
      EXPECT_NEAR(dets[0].stature_m, 1.77, 0.02) << "grid moved " << 0.005 * i;
    }
  }
  EXPECT_EQ(found, "11111111");
  EXPECT_EQ(found_around_cell, "00111110");
}

// The candidate log (`headcount replay --candidates`): every peak the detector examined with the
// test that refused it, cleared per call, and nothing recorded once the log is unset.
TEST(HeadDetector, CandidateLogGivesEveryPeakItsVerdict) {
  auto m = empty_map();
  person(m, 0.5, -0.3, 1.75);
  box(m, -1.0, -1.0, -0.4, -0.1, 1.05);  // a cart's flat top: every cell of it is a peak
  HeadDetector d;
  std::vector<HeadCandidate> log;
  d.set_candidate_log(&log);
  ASSERT_EQ(d.detect(m).size(), 1u);
  std::map<std::string, int> person_verdicts, cart_verdicts;
  for (const auto& c : log) {
    const bool on_cart = c.floor_m.x < 0;
    (on_cart ? cart_verdicts : person_verdicts)[c.verdict]++;
    if (std::string(c.verdict) == "head") {
      EXPECT_NEAR(c.floor_m.x, 0.5, 0.04);
      EXPECT_NEAR(c.floor_m.y, -0.3, 0.04);
      EXPECT_NEAR(c.peak_m, 1.75, 0.01);  // the cleaned (3x3 median) map's apex
      EXPECT_EQ(c.cap_in, c.cap_total);
      EXPECT_EQ(c.ring_seen, c.ring_all);
      EXPECT_EQ(c.ring_hidden, -1);
    }
  }
  EXPECT_EQ(person_verdicts, (std::map<std::string, int>{{"head", 1}}));
  // The cart's 15 x 22 cells but its 4 corners (the 3x3 median takes them): inside, the ring is
  // level with the top; near its edges the cap disk runs off it or the ring hardly drops.
  EXPECT_EQ(cart_verdicts, (std::map<std::string, int>{{"cap", 66}, {"flat_top", 162}, {"no_drop", 98}}));

  d.detect(empty_map());
  EXPECT_TRUE(log.empty());
  d.set_candidate_log(nullptr);
  d.detect(m);
  EXPECT_TRUE(log.empty());
}

}  // namespace
}  // namespace hc::perception
