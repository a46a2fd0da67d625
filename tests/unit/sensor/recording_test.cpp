#include <gtest/gtest.h>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include <filesystem>
#include <fstream>

#include "sensor/recording_source.h"
#include "sensor/recording_writer.h"
#include "sensor/timestamps.h"
#include "test_dir.h"

namespace hc::sensor {
namespace {
using testing::slurp;
using testing::TempDir;
namespace fs = std::filesystem;

core::CameraModel small_camera() {
  core::CameraModel c;
  c.width = 64;
  c.height = 40;
  c.fx = c.fy = 50.0;
  c.cx = 32.0;
  c.cy = 20.0;
  c.baseline_m = 0.06;
  return c;
}

cv::Mat noise_image(int seed, cv::Size size) {
  cv::Mat m(size, CV_8UC1);
  cv::RNG rng(static_cast<uint64_t>(seed));
  rng.fill(m, cv::RNG::UNIFORM, 0, 256);
  return m;
}

void write_recording(const std::string& dir, int frames) {
  auto w = RecordingWriter::stereo(dir, small_camera());
  for (int i = 0; i < frames; ++i)
    w.write(noise_image(2 * i, {64, 40}), noise_image(2 * i + 1, {64, 40}), 1000.0 + i * 0.1);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const SourceError& e) {
    return e.what();
  }
  return "(no error)";
}

void read_all(const std::string& dir) {
  RecordingSource src(dir);
  while (src.next()) {
  }
}

TEST(Recording, ReadsBackWhatWasWrittenPixelForPixel) {
  TempDir tmp;
  write_recording(tmp.str("rec"), 3);
  RecordingSource src(tmp.str("rec"));
  EXPECT_EQ(src.frame_count(), 3);
  EXPECT_FALSE(src.is_depth());
  EXPECT_DOUBLE_EQ(src.camera().fx, 50.0);
  EXPECT_DOUBLE_EQ(src.camera().baseline_m, 0.06);
  for (int i = 0; i < 3; ++i) {
    auto f = src.next();
    ASSERT_TRUE(f);
    EXPECT_EQ(f->index, i);
    EXPECT_DOUBLE_EQ(f->t_seconds, 1000.0 + i * 0.1);
    EXPECT_EQ(cv::norm(f->left, noise_image(2 * i, {64, 40}), cv::NORM_INF), 0.0);
    EXPECT_EQ(cv::norm(f->right, noise_image(2 * i + 1, {64, 40}), cv::NORM_INF), 0.0);
  }
  EXPECT_FALSE(src.next());
}

TEST(Recording, RoundTripsByteForByte) {
  TempDir tmp;
  write_recording(tmp.str("a"), 4);
  RecordingSource src(tmp.str("a"));
  auto w = RecordingWriter::stereo(tmp.str("b"), src.calibration());
  while (auto f = src.next()) w.write(*f);
  for (const char* file : {"calibration.yml", "timestamps.csv", "left/000000.png", "left/000003.png",
                           "right/000002.png"}) {
    SCOPED_TRACE(file);
    const std::string a = slurp(tmp.str(std::string("a/") + file));
    ASSERT_FALSE(a.empty());
    EXPECT_EQ(a, slurp(tmp.str(std::string("b/") + file)));
  }
}

TEST(Recording, DepthRecordingRoundTrips) {
  TempDir tmp;
  auto cam = small_camera();
  cam.baseline_m = 0.0;
  {
    auto w = RecordingWriter::depth(tmp.str("d"), cam);
    Frame f;
    f.depth_mm = cv::Mat(40, 64, CV_16UC1, cv::Scalar(3000));
    f.depth_mm.at<uint16_t>(5, 7) = 1234;
    f.t_seconds = 5.0;
    w.write(f);
  }
  RecordingSource src(tmp.str("d"));
  EXPECT_TRUE(src.is_depth());
  auto f = src.next();
  ASSERT_TRUE(f);
  EXPECT_TRUE(f->is_depth());
  EXPECT_EQ(f->depth_mm.at<uint16_t>(5, 7), 1234);
  EXPECT_EQ(f->depth_mm.at<uint16_t>(0, 0), 3000);
  EXPECT_DOUBLE_EQ(f->camera.fx, 50.0);
}

TEST(Recording, TimestampsUseShortestRoundTripForm) {
  EXPECT_EQ(format_timestamp_row(3, 0.1), "3,0.1");
  EXPECT_EQ(format_timestamp_row(0, 1700000000.25), "0,1700000000.25");
}

TEST(RecordingErrors, MissingFrameNamesFileAndFrame) {
  TempDir tmp;
  write_recording(tmp.str("r"), 3);
  fs::remove(tmp.str("r/left/000001.png"));
  fs::copy_file(tmp.str("r/left/000000.png"), tmp.str("r/left/000009.png"));  // keep counts equal
  const std::string e = error_of([&] { read_all(tmp.str("r")); });
  EXPECT_NE(e.find("left/000001.png (frame 1): file is missing"), std::string::npos) << e;
}

TEST(RecordingErrors, UnreadableImageNamesFileAndFrame) {
  TempDir tmp;
  write_recording(tmp.str("r"), 3);
  std::ofstream(tmp.str("r/right/000002.png"), std::ios::trunc) << "not a png";
  const std::string e = error_of([&] { read_all(tmp.str("r")); });
  EXPECT_NE(e.find("right/000002.png (frame 2): cannot decode image"), std::string::npos) << e;
}

TEST(RecordingErrors, LeftRightCountMismatch) {
  TempDir tmp;
  write_recording(tmp.str("r"), 3);
  fs::remove(tmp.str("r/right/000002.png"));
  const std::string e = error_of([&] { RecordingSource s(tmp.str("r")); });
  EXPECT_NE(e.find("left/ has 3 PNG files but right/ has 2"), std::string::npos) << e;
}

TEST(RecordingErrors, LeftRightSizeMismatchAndCalibrationSize) {
  TempDir tmp;
  write_recording(tmp.str("r"), 3);
  cv::imwrite(tmp.str("r/right/000001.png"), noise_image(1, {60, 40}));
  const std::string e = error_of([&] { read_all(tmp.str("r")); });
  EXPECT_NE(e.find("right/000001.png (frame 1): image is 60x40 but the calibration says 64x40"),
            std::string::npos)
      << e;
}

TEST(RecordingErrors, NonMonotonicTimestamp) {
  TempDir tmp;
  write_recording(tmp.str("r"), 3);
  std::ofstream(tmp.str("r/timestamps.csv"), std::ios::trunc)
      << "frame,t_seconds\n0,1.0\n1,1.5\n2,1.2\n";
  const std::string e = error_of([&] { RecordingSource s(tmp.str("r")); });
  EXPECT_NE(e.find("timestamps.csv (frame 2): timestamp 1.2 s is not after"), std::string::npos) << e;
}

TEST(RecordingErrors, TimestampCountMismatch) {
  TempDir tmp;
  write_recording(tmp.str("r"), 3);
  std::ofstream(tmp.str("r/timestamps.csv"), std::ios::trunc) << "frame,t_seconds\n0,1.0\n1,1.5\n";
  const std::string e = error_of([&] { RecordingSource s(tmp.str("r")); });
  EXPECT_NE(e.find("3 PNG files but timestamps.csv lists 2 frames"), std::string::npos) << e;
}

TEST(RecordingErrors, MissingCalibrationAndBadField) {
  TempDir tmp;
  write_recording(tmp.str("r"), 1);
  std::ofstream(tmp.str("r/calibration.yml"), std::ios::trunc)
      << "%YAML:1.0\n---\nimage_width: 64\nimage_height: 40\n";
  std::string e = error_of([&] { RecordingSource s(tmp.str("r")); });
  EXPECT_NE(e.find("calibration.yml: missing field M1"), std::string::npos) << e;
  fs::remove(tmp.str("r/calibration.yml"));
  e = error_of([&] { RecordingSource s(tmp.str("r")); });
  EXPECT_NE(e.find("calibration.yml: cannot open calibration file"), std::string::npos) << e;
  e = error_of([&] { RecordingSource s(tmp.str("nope")); });
  EXPECT_NE(e.find("nope: not a directory"), std::string::npos) << e;
}

}  // namespace
}  // namespace hc::sensor
