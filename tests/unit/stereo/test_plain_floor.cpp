// PlainFloor (plain_floor.h): the verdict from the matcher's ambiguity, how often it is asked
// for, and the floor given to the ambiguous, untextured pixels only.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "stereo/plain_floor.h"
#include "synthetic_scene.h"

namespace hc::stereo {
namespace {

cv::Mat mask_with_fraction(double fraction) {
  cv::Mat m(100, 100, CV_8U, cv::Scalar(0));
  m.rowRange(0, static_cast<int>(100 * fraction)).setTo(255);
  return m;
}

TEST(PlainFloor, PlainOnceMostOfTheImageIsAmbiguousOverTheMedianOfTheLastChecks) {
  PlainFloor pf;
  EXPECT_FALSE(pf.observe(cv::Mat()).has_value()) << "no mask, no verdict";
  EXPECT_FALSE(pf.observe(mask_with_fraction(0.05)).has_value());
  EXPECT_FALSE(pf.plain());
  // The median of the checks so far (the upper one of an even count): 90 %.
  const auto became = pf.observe(mask_with_fraction(0.9));
  ASSERT_TRUE(became.has_value());
  EXPECT_NE(became->find("plain floor: 90 %"), std::string::npos) << *became;
  EXPECT_TRUE(pf.plain());
  EXPECT_FALSE(pf.observe(mask_with_fraction(0.95)).has_value());
  // A crowd passing over it: one check at 20 % does not switch it off; the median of the last
  // five, at 20 % after the second, does.
  EXPECT_FALSE(pf.observe(mask_with_fraction(0.2)).has_value());
  EXPECT_TRUE(pf.plain());
  const auto back = pf.observe(mask_with_fraction(0.2));
  ASSERT_TRUE(back.has_value());
  EXPECT_NE(back->find("textured again (20 %"), std::string::npos) << *back;
  EXPECT_FALSE(pf.plain());
}

TEST(PlainFloor, AsksForTheAmbiguityEveryFewFramesAndEveryFrameWhilePlain) {
  PlainFloorParameters p;
  p.check_every_frames = 30;
  p.checks = 1;
  PlainFloor pf(p);
  EXPECT_TRUE(pf.wants_ambiguity(0));
  EXPECT_FALSE(pf.wants_ambiguity(1));
  EXPECT_TRUE(pf.wants_ambiguity(60));
  pf.observe(mask_with_fraction(1.0));
  ASSERT_TRUE(pf.plain());
  EXPECT_TRUE(pf.wants_ambiguity(61));
  p.min_ambiguous_fraction = 0;
  EXPECT_FALSE(PlainFloor(p).wants_ambiguity(0)) << "0: never plain, never asked";
  p.texture_radius_px = 8;
  try {
    PlainFloor bad(p);
    ADD_FAILURE() << "a window whose sum overflows 16 bits must be refused";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("plain_floor.texture_radius_px"), std::string::npos);
  }
}

// A level camera 3 m up: the floor's disparity is fx * B / 3 everywhere. The left half of the
// image is one grey (untextured), the right half random texture; every pixel ambiguous but a
// square in the grey half.
TEST(PlainFloor, OnlyAmbiguousUntexturedPixelsGetTheFloorsDisparity) {
  const core::CameraModel cam{200, 100, 100.0, 100.0, 100.0, 50.0, 0.06};
  const core::FloorGeometry g(cam, core::FloorPlane::from_height_and_tilt(3.0, 0.0));
  cv::Mat left = testing::random_image(200, 100, 3);
  left.colRange(0, 100).setTo(128);
  cv::Mat ambiguous(100, 200, CV_8U, cv::Scalar(255));
  ambiguous(cv::Rect(20, 20, 10, 10)).setTo(0);
  cv::Mat disparity(100, 200, CV_32F, cv::Scalar(9.0f));
  PlainFloorParameters p;
  p.checks = 1;
  PlainFloor pf(p);
  pf.fill(left, ambiguous, g, disparity);
  EXPECT_FLOAT_EQ(disparity.at<float>(50, 40), 9.0f) << "not plain yet: nothing filled";
  pf.observe(ambiguous);
  ASSERT_TRUE(pf.plain());
  pf.fill(left, ambiguous, g, disparity);
  const float floor = static_cast<float>(cam.fx * cam.baseline_m / 3.0);
  EXPECT_NEAR(disparity.at<float>(50, 40), floor, 1e-4) << "grey and ambiguous: floor";
  EXPECT_NEAR(disparity.at<float>(90, 5), floor, 1e-4);
  EXPECT_FLOAT_EQ(disparity.at<float>(25, 25), 9.0f) << "grey but matched: kept";
  EXPECT_FLOAT_EQ(disparity.at<float>(50, 150), 9.0f) << "textured: kept";
  // Near the grey half's edge the window reaches the texture: kept.
  EXPECT_FLOAT_EQ(disparity.at<float>(50, 99), 9.0f);
}

}  // namespace
}  // namespace hc::stereo
