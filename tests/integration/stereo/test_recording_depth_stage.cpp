// A synthetic walking-person sequence written as a real recording directory (sensor's
// RecordingWriter), read back through RecordingSource and processed by the DepthStage: the floor
// is calibrated from the recording and the head shows at its true height.
#include <gtest/gtest.h>

#include <opencv2/core.hpp>

#include <cmath>
#include <filesystem>
#include <random>

#include "sensor/recording_source.h"
#include "sensor/recording_writer.h"
#include "stereo/depth_stage.h"
#include "synthetic_scene.h"

namespace hc::stereo {
namespace {
namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("hc-stereo-rec-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

TEST(RecordingDepthStage, CalibratesAndMeasuresTheHeadFromARecording) {
  TempDir dir;
  const core::FloorPlane plane = core::FloorPlane::from_height_and_tilt(3.1, 4.0);
  const core::CameraModel camera;
  {
    auto writer = sensor::RecordingWriter::stereo((dir.path / "rec").string(), camera);
    for (int i = 0; i < 12; ++i) {
      testing::Scene s;
      s.plane = plane;
      const double x = -0.9 + 0.15 * i;
      s.boxes = {{x - 0.2, -0.12, x + 0.2, 0.12, 1.4}};
      s.spheres = {{x, 0.0, 1.62, 0.11}};
      const auto r = testing::render(s);
      writer.write(r.left, r.right, 0.1 * i);
    }
  }
  sensor::RecordingSource source((dir.path / "rec").string());
  DepthStageParameters p;
  p.calibration_frames = 6;
  DepthStage stage(p);
  int measured = 0;
  while (auto frame = source.next()) {
    const auto hm = stage.process(*frame);
    if (!hm->floor_known) continue;
    double top = 0.0;
    cv::minMaxLoc(hm->top_view_m, nullptr, &top, nullptr, nullptr, hm->top_view_m == hm->top_view_m);
    EXPECT_NEAR(top, 1.73, 0.05) << "frame " << frame->index;
    ++measured;
  }
  ASSERT_TRUE(stage.floor().ok) << stage.floor().refusal;
  EXPECT_NEAR(stage.floor().installation_height_m, 3.1, 0.02);
  EXPECT_NEAR(stage.floor().tilt_deg, 4.0, 0.5);
  EXPECT_EQ(measured, 7);  // frames 5..11, after calibration on frame 5
}

}  // namespace
}  // namespace hc::stereo
