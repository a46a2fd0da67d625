#include <gtest/gtest.h>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/videoio.hpp>

#include <filesystem>

#include "sensor/chessboard_calibration.h"
#include "sensor/depth_sequence_source.h"
#include "sensor/image_pattern.h"
#include "sensor/recording_source.h"
#include "sensor/recording_writer.h"
#include "sensor/video_source.h"
#include "test_dir.h"

namespace hc::sensor {
namespace {
using testing::TempDir;
namespace fs = std::filesystem;
const std::string kCalibData = "/usr/share/doc/opencv-doc/examples/data";

core::CameraModel cam64() {
  core::CameraModel c;
  c.width = 64;
  c.height = 40;
  c.fx = c.fy = 50.0;
  c.cx = 32.0;
  c.cy = 20.0;
  c.baseline_m = 0.07;
  return c;
}
cv::Mat noise(int seed, cv::Size size = {64, 40}) {
  cv::Mat m(size, CV_8UC1);
  cv::RNG rng(static_cast<uint64_t>(seed) + 1);
  rng.fill(m, cv::RNG::UNIFORM, 0, 256);
  return m;
}
std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(Calibration, ChessboardsGiveSubPixelRms) {
  if (!fs::exists(kCalibData + "/left01.jpg")) GTEST_SKIP() << "opencv-doc chessboards absent in " << kCalibData;
  const auto l = expand_image_pattern(kCalibData + "/left%02d.jpg");
  const auto r = expand_image_pattern(kCalibData + "/right%02d.jpg");
  ASSERT_EQ(l.size(), r.size());
  const auto res = calibrate_chessboard(l, r, {9, 6}, 0.025);
  EXPECT_LT(res.rms_px, 1.0);
  EXPECT_GE(res.pairs_used, 10);
  TempDir tmp;
  res.calibration.save(tmp.str("calibration.yml"));
  const auto back = StereoCalibration::load(tmp.str("calibration.yml"));
  EXPECT_NEAR(back.baseline_m(), res.calibration.baseline_m(), 1e-9);
  const StereoRectifier rect(back);
  EXPECT_FALSE(rect.passthrough());
  EXPECT_NEAR(rect.camera().baseline_m, back.baseline_m(), 1e-6);
  // Rectified views of a chessboard pair put matching corners on the same row.
  cv::Mat a = cv::imread(l[0], cv::IMREAD_GRAYSCALE), b = cv::imread(r[0], cv::IMREAD_GRAYSCALE), ra, rb;
  rect.rectify(a, b, ra, rb);
  std::vector<cv::Point2f> ca, cb;
  ASSERT_TRUE(cv::findChessboardCorners(ra, {9, 6}, ca) && cv::findChessboardCorners(rb, {9, 6}, cb));
  for (size_t i = 0; i < ca.size(); ++i) EXPECT_NEAR(ca[i].y, cb[i].y, 1.5);
}

TEST(Calibration, TooFewBoardsIsAnError) {
  TempDir tmp;
  cv::imwrite(tmp.str("l0.png"), noise(1));
  cv::imwrite(tmp.str("r0.png"), noise(2));
  const std::string e = error_of([&] { calibrate_chessboard({tmp.str("l0.png")}, {tmp.str("r0.png")}, {9, 6}, 0.025); });
  EXPECT_NE(e.find("found in only 0 pairs"), std::string::npos) << e;
}

TEST(Rectifier, RectifiedInputPassesThroughPixelForPixel) {
  const StereoRectifier r(StereoCalibration::from_rectified(cam64()));
  EXPECT_TRUE(r.passthrough());
  cv::Mat a = noise(1), b = noise(2), oa, ob;
  r.rectify(a, b, oa, ob);
  EXPECT_EQ(oa.data, a.data);
  EXPECT_EQ(ob.data, b.data);
}

TEST(Rectifier, RawRecordingIsRemapped) {
  TempDir tmp;
  StereoCalibration c = StereoCalibration::from_rectified(cam64());
  c.D1.at<double>(0) = -0.2;  // barrel distortion on the left camera
  {
    auto w = RecordingWriter::stereo(tmp.str("raw"), c);
    w.write(noise(1), noise(2), 0.0);
  }
  RecordingSource src(tmp.str("raw"));
  auto f = src.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(f->left.size(), cv::Size(64, 40));
  EXPECT_GT(cv::norm(f->left, noise(1), cv::NORM_L1), 0.0);
  EXPECT_NEAR(f->camera.baseline_m, 0.07, 1e-9);
}

void write_sequence(const TempDir& tmp, int nl, int nr, cv::Size size = {64, 40}) {
  for (int i = 0; i < nl; ++i) cv::imwrite(tmp.str("l" + std::to_string(1000 + i).substr(1) + ".png"), noise(2 * i, size));
  for (int i = 0; i < nr; ++i) cv::imwrite(tmp.str("r" + std::to_string(1000 + i).substr(1) + ".png"), noise(2 * i + 1, size));
  StereoCalibration::from_rectified(cam64()).save(tmp.str("calibration.yml"));
}

TEST(VideoSource, ImageSequencesAreReadPixelForPixel) {
  TempDir tmp;
  write_sequence(tmp, 3, 3);
  VideoSource src({tmp.str("l%03d.png"), tmp.str("r%03d.png"), "", tmp.str("calibration.yml"), 10.0});
  for (int i = 0; i < 3; ++i) {
    auto f = src.next();
    ASSERT_TRUE(f) << i;
    EXPECT_DOUBLE_EQ(f->t_seconds, i / 10.0);
    EXPECT_EQ(cv::norm(f->left, noise(2 * i), cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(f->right, noise(2 * i + 1), cv::NORM_INF), 0.0);
  }
  EXPECT_FALSE(src.next());
}

TEST(VideoSource, SideBySideIsSplitInHalves) {
  TempDir tmp;
  for (int i = 0; i < 2; ++i) {
    cv::Mat sbs;
    cv::hconcat(noise(2 * i), noise(2 * i + 1), sbs);
    cv::imwrite(tmp.str("s" + std::to_string(i) + ".png"), sbs);
  }
  StereoCalibration::from_rectified(cam64()).save(tmp.str("calibration.yml"));
  VideoSource src({"", "", tmp.str("s%d.png"), tmp.str("calibration.yml"), 5.0});
  auto f = src.next();
  ASSERT_TRUE(f);
  EXPECT_EQ(cv::norm(f->left, noise(0), cv::NORM_INF), 0.0);
  EXPECT_EQ(cv::norm(f->right, noise(1), cv::NORM_INF), 0.0);
  ASSERT_TRUE(src.next());
  EXPECT_FALSE(src.next());
}

TEST(VideoSource, VideoFilesAreDecoded) {
  TempDir tmp;
  for (const char* side : {"left.avi", "right.avi"}) {
    cv::VideoWriter w(tmp.str(side), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 10.0, {64, 40}, false);
    if (!w.isOpened()) GTEST_SKIP() << "no MJPG writer in this OpenCV build";
    for (int i = 0; i < 4; ++i) w.write(noise(i));
  }
  StereoCalibration::from_rectified(cam64()).save(tmp.str("calibration.yml"));
  VideoSource src({tmp.str("left.avi"), tmp.str("right.avi"), "", tmp.str("calibration.yml"), 0.0});
  EXPECT_DOUBLE_EQ(src.fps(), 10.0);
  int n = 0;
  double last = -1;
  while (auto f = src.next()) {
    EXPECT_EQ(f->left.size(), cv::Size(64, 40));
    EXPECT_GT(f->t_seconds, last);
    last = f->t_seconds;
    ++n;
  }
  EXPECT_EQ(n, 4);
}

TEST(VideoSource, CountMismatchNamesTheShortSide) {
  TempDir tmp;
  write_sequence(tmp, 3, 2);
  const std::string e = error_of([&] {
    VideoSource src({tmp.str("l%03d.png"), tmp.str("r%03d.png"), "", tmp.str("calibration.yml"), 10.0});
    while (src.next()) {
    }
  });
  EXPECT_NE(e.find("r%03d.png"), std::string::npos) << e;
}

TEST(VideoSource, SizeDifferingFromCalibrationNamesFileAndFrame) {
  TempDir tmp;
  write_sequence(tmp, 1, 1, {60, 40});
  const std::string e = error_of([&] {
    VideoSource src({tmp.str("l%03d.png"), tmp.str("r%03d.png"), "", tmp.str("calibration.yml"), 10.0});
    src.next();
  });
  EXPECT_NE(e.find("l%03d.png (frame 0): frame is 60x40 but the calibration"), std::string::npos) << e;
}

TEST(VideoSource, MissingFilesAndCalibration) {
  TempDir tmp;
  std::string e = error_of([&] { VideoSource s({tmp.str("none%d.png"), tmp.str("r%d.png"), "", "", 10.0}); });
  EXPECT_NE(e.find("--calib: a calibration file is required"), std::string::npos) << e;
  StereoCalibration::from_rectified(cam64()).save(tmp.str("calibration.yml"));
  e = error_of([&] { VideoSource s({tmp.str("none.avi"), tmp.str("r.avi"), "", tmp.str("calibration.yml"), 10.0}); });
  EXPECT_NE(e.find("none.avi: file is missing"), std::string::npos) << e;
}

TEST(DepthSequence, ReadsMillimetresWithIntrinsics) {
  TempDir tmp;
  DepthIntrinsics intr;
  intr.image_size = {64, 40};
  intr.K = (cv::Mat_<double>(3, 3) << 50, 0, 32, 0, 50, 20, 0, 0, 1);
  intr.save(tmp.str("intrinsics.yml"));
  for (int i = 0; i < 2; ++i) cv::imwrite(tmp.str("d" + std::to_string(i) + ".png"), cv::Mat(40, 64, CV_16UC1, cv::Scalar(2500 + i)));
  DepthSequenceSource src(tmp.str("d%d.png"), tmp.str("intrinsics.yml"), 30.0);
  auto f = src.next();
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->is_depth());
  EXPECT_EQ(f->depth_mm.at<uint16_t>(3, 3), 2500);
  EXPECT_DOUBLE_EQ(f->camera.fx, 50.0);
  EXPECT_EQ(f->camera.baseline_m, 0.0);
  f = src.next();
  ASSERT_TRUE(f);
  EXPECT_DOUBLE_EQ(f->t_seconds, 1.0 / 30.0);
  EXPECT_FALSE(src.next());
}

TEST(DepthSequence, EightBitImageIsRejectedNamingFileAndFrame) {
  TempDir tmp;
  DepthIntrinsics intr;
  intr.image_size = {64, 40};
  intr.K = cv::Mat::eye(3, 3, CV_64F);
  intr.save(tmp.str("intrinsics.yml"));
  cv::imwrite(tmp.str("d0.png"), noise(0));
  DepthSequenceSource src(tmp.str("d%d.png"), tmp.str("intrinsics.yml"), 30.0);
  const std::string e = error_of([&] { src.next(); });
  EXPECT_NE(e.find("d0.png (frame 0): depth must be a 16-bit"), std::string::npos) << e;
}

TEST(ImagePattern, RejectsUnsafePatternsAndAllowsGaps) {
  EXPECT_THROW(expand_image_pattern("a%s.png"), std::invalid_argument);
  TempDir tmp;
  cv::imwrite(tmp.str("x01.png"), noise(0));
  cv::imwrite(tmp.str("x03.png"), noise(0));
  const auto f = expand_image_pattern(tmp.str("x%02d.png"));
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[1], tmp.str("x03.png"));
}

}  // namespace
}  // namespace hc::sensor
