// PlainFloor (plain_floor.h): the verdict from the matcher's ambiguity, how often it is asked
// for, and what the untextured pixels get while the floor is plain: the floor's disparity, or
// that of the measured pixels enclosing them.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "stereo/plain_floor.h"
#include "synthetic_scene.h"

namespace hc::stereo {
namespace {

cv::Mat mask_with_fraction(double fraction) {
  cv::Mat m(100, 100, CV_8U, cv::Scalar(0));
  m.rowRange(0, static_cast<int>(100 * fraction)).setTo(255);
  return m;
}

// The verdict changes observe() returned: exactly one, containing `text`.
::testing::AssertionResult one_change_saying(const std::vector<std::string>& changes,
                                             const std::string& text) {
  if (changes.size() != 1)
    return ::testing::AssertionFailure() << changes.size() << " changes, expected 1";
  if (changes[0].find(text) == std::string::npos)
    return ::testing::AssertionFailure() << "'" << changes[0] << "' does not say '" << text << "'";
  return ::testing::AssertionSuccess();
}

TEST(PlainFloor, PlainOnceMostOfTheImageIsAmbiguousOverTheMedianOfTheLastChecks) {
  PlainFloorParameters p;
  p.patch_window_px = 0;  // the whole floor's verdict only
  PlainFloor pf(p);
  EXPECT_TRUE(pf.observe(cv::Mat()).empty()) << "no mask, no verdict";
  EXPECT_TRUE(pf.observe(mask_with_fraction(0.05)).empty());
  EXPECT_FALSE(pf.plain());
  // The median of the checks so far (the upper one of an even count): 90 %.
  EXPECT_TRUE(one_change_saying(pf.observe(mask_with_fraction(0.9)), "plain floor: 90 %"));
  EXPECT_TRUE(pf.plain());
  EXPECT_TRUE(pf.observe(mask_with_fraction(0.95)).empty());
  // A crowd passing over it: one check at 20 % does not switch it off; the median of the last
  // five, at 20 % after the second, does.
  EXPECT_TRUE(pf.observe(mask_with_fraction(0.2)).empty());
  EXPECT_TRUE(pf.plain());
  EXPECT_TRUE(one_change_saying(pf.observe(mask_with_fraction(0.2)), "textured again (20 %"));
  EXPECT_FALSE(pf.plain());
}

// A mat under the line of a textured floor: a tenth of the image ambiguous, too little for the
// whole floor to be plain. Its window-sized area is a plain patch, in most of the last checks:
// a person crossing it in one check does not cut a hole.
TEST(PlainFloor, AnAmbiguousPatchTooSmallForAPlainFloorIsAPlainPatch) {
  PlainFloorParameters p;
  p.patch_window_px = 21;
  PlainFloor pf(p);
  cv::Mat mat(200, 300, CV_8U, cv::Scalar(0));
  mat(cv::Rect(100, 60, 100, 60)).setTo(255);
  EXPECT_TRUE(one_change_saying(pf.observe(mat), "plain patch: "));
  EXPECT_FALSE(pf.plain());
  ASSERT_TRUE(pf.has_patch());
  EXPECT_EQ(pf.patch().at<uint8_t>(90, 150), 255) << "the mat's middle";
  EXPECT_EQ(pf.patch().at<uint8_t>(20, 20), 0) << "the tiles";
  cv::Mat crossed = mat.clone();
  crossed(cv::Rect(130, 70, 40, 40)).setTo(0);  // a person on the mat: not ambiguous
  pf.observe(crossed);
  pf.observe(mat);
  EXPECT_EQ(pf.patch().at<uint8_t>(90, 150), 255) << "two of three checks: still the patch";
  const cv::Mat none(200, 300, CV_8U, cv::Scalar(0));  // the mat taken away
  EXPECT_TRUE(pf.observe(none).empty());
  EXPECT_TRUE(pf.observe(none).empty()) << "the mat in 3 of the last 5 checks, but where crossed";
  EXPECT_TRUE(pf.has_patch());
  EXPECT_TRUE(one_change_saying(pf.observe(none), "no plain patch"))
      << "the mat in 2 of the last 5 checks";
  EXPECT_FALSE(pf.has_patch());
}

TEST(PlainFloor, AsksForTheAmbiguityEveryFewFramesPlainOrNot) {
  PlainFloorParameters p;
  p.check_every_frames = 30;
  p.checks = 1;
  PlainFloor pf(p);
  EXPECT_TRUE(pf.wants_ambiguity(0));
  EXPECT_FALSE(pf.wants_ambiguity(1));
  EXPECT_TRUE(pf.wants_ambiguity(60));
  pf.observe(mask_with_fraction(1.0));
  ASSERT_TRUE(pf.plain());
  EXPECT_FALSE(pf.wants_ambiguity(61)) << "the fill needs no ambiguity, only the verdict";
  EXPECT_TRUE(pf.wants_ambiguity(90));
  p.min_ambiguous_fraction = 0;
  EXPECT_FALSE(PlainFloor(p).wants_ambiguity(0)) << "0: never plain, never asked";
}

// Each parameter out of range is refused with an error naming it.
TEST(PlainFloor, RefusesParametersOutOfRangeNamingTheField) {
  const auto refused = [](auto set, const std::string& field) {
    PlainFloorParameters p;
    set(p);
    try {
      PlainFloor bad(p);
      ADD_FAILURE() << field << " out of range must be refused";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("plain_floor." + field), std::string::npos) << e.what();
    }
  };
  // A window whose sum overflows 16 bits.
  refused([](PlainFloorParameters& p) { p.texture_radius_px = 8; }, "texture_radius_px");
  refused([](PlainFloorParameters& p) { p.enclosed_tolerance = 1.5; }, "enclosed_tolerance");
  refused([](PlainFloorParameters& p) { p.max_enclosed_m = 0; }, "max_enclosed_m");
  refused([](PlainFloorParameters& p) { p.patch_window_px = -1; }, "patch_window_px");
  refused([](PlainFloorParameters& p) { p.min_patch_share = 0; }, "min_patch_share");
}

// A level camera 3 m up: the floor's disparity is fx * B / 3 = 2 px everywhere. The image is one
// grey (untextured) but for a textured frame around a brighter square (a plain head inside its
// outline: 40 px, 0.08 m at the frame's 30 px disparity) and a textured patch at the right border.
struct Scene {
  core::CameraModel cam{300, 200, 100.0, 100.0, 150.0, 100.0, 0.06};
  core::FloorGeometry g{cam, core::FloorPlane::from_height_and_tilt(3.0, 0.0)};
  cv::Mat left, disparity;
  Scene() {
    left = cv::Mat(200, 300, CV_8U, cv::Scalar(128));
    cv::Mat texture = testing::random_image(300, 200, 3);
    const cv::Rect frame(40, 40, 70, 70), inside(55, 55, 40, 40);
    texture(frame).copyTo(left(frame));
    left(inside).setTo(200);
    texture(cv::Rect(250, 60, 50, 80)).copyTo(left(cv::Rect(250, 60, 50, 80)));
    // The matcher's output: the outline and the patch measured at 30 px, noise elsewhere.
    disparity = cv::Mat(200, 300, CV_32F, cv::Scalar(10.0f));
    disparity(frame).setTo(30.0f);
    disparity(cv::Rect(65, 65, 20, 20)).setTo(10.0f);  // the untextured inside: noise
    disparity(cv::Rect(250, 60, 50, 80)).setTo(30.0f);
    disparity.at<float>(75, 75) = 29.0f;  // agrees with its bounds
    disparity.at<float>(76, 76) = 70.0f;  // does not
  }
};

TEST(PlainFloor, UntexturedPixelsTakeTheFloorOrWhatEnclosesThem) {
  Scene s;
  PlainFloorParameters p;
  p.checks = 1;
  PlainFloor pf(p);
  pf.fill(s.left, s.g, s.disparity);
  EXPECT_FLOAT_EQ(s.disparity.at<float>(150, 150), 10.0f) << "not plain yet: nothing filled";
  pf.observe(cv::Mat(200, 300, CV_8U, cv::Scalar(255)));
  ASSERT_TRUE(pf.plain());
  pf.fill(s.left, s.g, s.disparity);
  const float floor = static_cast<float>(s.cam.fx * s.cam.baseline_m / 3.0);
  EXPECT_NEAR(s.disparity.at<float>(150, 150), floor, 1e-4) << "open grey: floor";
  EXPECT_NEAR(s.disparity.at<float>(5, 5), floor, 1e-4);
  EXPECT_NEAR(s.disparity.at<float>(100, 200), floor, 1e-4) << "beside the open patch: floor";
  EXPECT_FLOAT_EQ(s.disparity.at<float>(45, 45), 30.0f) << "textured: kept";
  EXPECT_FLOAT_EQ(s.disparity.at<float>(75, 75), 29.0f) << "enclosed and agreeing: kept";
  EXPECT_NEAR(s.disparity.at<float>(76, 76), 30.0f, 1e-4) << "enclosed: its bounds' disparity";
  EXPECT_NEAR(s.disparity.at<float>(70, 70), 30.0f, 1e-4);
}

TEST(PlainFloor, AnEnclosureWiderThanTheLargestObjectOrWithBoundsApartIsFloor) {
  const float floor = 2.0f;
  {
    Scene s;  // the square's inside spans 0.05 m or more at 30 px
    PlainFloorParameters p;
    p.checks = 1;
    p.max_enclosed_m = 0.04;
    PlainFloor pf(p);
    pf.observe(cv::Mat(200, 300, CV_8U, cv::Scalar(255)));
    pf.fill(s.left, s.g, s.disparity);
    EXPECT_NEAR(s.disparity.at<float>(76, 76), floor, 1e-4) << "wider than 0.04 m: floor";
  }
  {
    Scene s;  // the right of the outline measured at 12 px: the bounds disagree
    s.disparity(cv::Rect(85, 40, 25, 70)).setTo(12.0f);
    PlainFloorParameters p;
    p.checks = 1;
    PlainFloor pf(p);
    pf.observe(cv::Mat(200, 300, CV_8U, cv::Scalar(255)));
    pf.fill(s.left, s.g, s.disparity);
    EXPECT_NEAR(s.disparity.at<float>(76, 76), floor, 1e-4) << "bounds 30 and 12 px: floor";
  }
}

// A plain head 110 px across with a speck of texture at its centre: the speck's band of measured
// pixels, read at noise, bounds the runs beside it with a disparity that agrees with nothing. The
// gap it leaves, under a texture window wide, is bridged from the enclosed pixels around it.
TEST(PlainFloor, ASpeckOfTextureOnAPlainHeadIsBridged) {
  const core::CameraModel cam{300, 200, 100.0, 100.0, 150.0, 100.0, 0.06};
  const core::FloorGeometry g{cam, core::FloorPlane::from_height_and_tilt(3.0, 0.0)};
  cv::Mat left(200, 300, CV_8U, cv::Scalar(128));
  const cv::Mat texture = testing::random_image(300, 200, 5);
  const cv::Rect frame(40, 40, 140, 140), inside(55, 55, 110, 110), speck(108, 108, 4, 4);
  texture(frame).copyTo(left(frame));
  left(inside).setTo(200);
  texture(speck).copyTo(left(speck));
  cv::Mat disparity(200, 300, CV_32F, cv::Scalar(10.0f));
  disparity(frame).setTo(30.0f);
  disparity(cv::Rect(65, 65, 90, 90)).setTo(10.0f);  // the inside and the speck: noise
  PlainFloorParameters p;
  p.checks = 1;
  PlainFloor pf(p);
  pf.observe(cv::Mat(200, 300, CV_8U, cv::Scalar(255)));
  pf.fill(left, g, disparity);
  // Beside the speck, along its row and its column: the head's 30 px, not the floor's 2.
  for (int x : {85, 95, 100, 120, 125, 135}) {
    EXPECT_NEAR(disparity.at<float>(110, x), 30.0f, 1e-4) << "row 110, column " << x;
    EXPECT_NEAR(disparity.at<float>(x, 110), 30.0f, 1e-4) << "column 110, row " << x;
  }
  EXPECT_FLOAT_EQ(disparity.at<float>(110, 110), 10.0f) << "the speck itself is measured: kept";
}

}  // namespace
}  // namespace hc::stereo
