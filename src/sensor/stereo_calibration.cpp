// FileStorage I/O of calibrations; O(1).
#include "sensor/stereo_calibration.h"

#include <opencv2/calib3d.hpp>

#include <cmath>

#include "sensor/source_error.h"

namespace hc::sensor {
namespace {

cv::Mat read_mat(const cv::FileStorage& fs, const std::string& path, const char* name,
                 int rows, int cols, bool required) {
  cv::Mat m;
  const cv::FileNode node = fs[name];
  if (node.empty()) {
    if (required) throw SourceError(path, SourceError::kNoFrame, std::string("missing field ") + name);
    return m;
  }
  try {
    node >> m;
  } catch (const cv::Exception&) {
    throw SourceError(path, SourceError::kNoFrame, std::string("field ") + name + " is not a matrix");
  }
  if (m.empty()) throw SourceError(path, SourceError::kNoFrame, std::string("field ") + name + " is empty");
  m.convertTo(m, CV_64F);
  if (rows > 0 && cols > 0 && m.total() == static_cast<size_t>(rows * cols)) m = m.reshape(1, rows);
  if ((rows > 0 && m.rows != rows) || (cols > 0 && m.cols != cols))
    throw SourceError(path, SourceError::kNoFrame,
                      std::string("field ") + name + " must be " + std::to_string(rows) + "x" +
                          std::to_string(cols));
  return m;
}

cv::Size read_size(const cv::FileStorage& fs, const std::string& path) {
  int w = 0, h = 0;
  if (fs["image_width"].empty() || fs["image_height"].empty())
    throw SourceError(path, SourceError::kNoFrame, "missing field image_width or image_height");
  fs["image_width"] >> w;
  fs["image_height"] >> h;
  if (w <= 0 || h <= 0)
    throw SourceError(path, SourceError::kNoFrame, "image_width and image_height must be positive");
  return {w, h};
}

cv::FileStorage open_read(const std::string& path) {
  cv::FileStorage fs;
  try {
    fs.open(path, cv::FileStorage::READ);
  } catch (const cv::Exception& e) {
    throw SourceError(path, SourceError::kNoFrame, std::string("unreadable calibration: ") + e.what());
  }
  if (!fs.isOpened()) throw SourceError(path, SourceError::kNoFrame, "cannot open calibration file");
  return fs;
}

bool all_zero(const cv::Mat& m) { return m.empty() || cv::countNonZero(m != 0.0) == 0; }

}  // namespace

StereoCalibration StereoCalibration::load(const std::string& path) {
  cv::FileStorage fs = open_read(path);
  StereoCalibration c;
  c.image_size = read_size(fs, path);
  c.M1 = read_mat(fs, path, "M1", 3, 3, true);
  c.D1 = read_mat(fs, path, "D1", 0, 0, true);
  c.M2 = read_mat(fs, path, "M2", 3, 3, true);
  c.D2 = read_mat(fs, path, "D2", 0, 0, true);
  c.R = read_mat(fs, path, "R", 0, 0, true);
  if (c.R.total() == 3) cv::Rodrigues(c.R.reshape(1, 3), c.R);  // a rotation vector is accepted
  if (c.R.rows != 3 || c.R.cols != 3)
    throw SourceError(path, SourceError::kNoFrame, "field R must be 3x3 (or a 3-vector)");
  c.T = read_mat(fs, path, "T", 3, 1, true);
  if (cv::norm(c.T) <= 0.0) throw SourceError(path, SourceError::kNoFrame, "field T has zero length");
  if (cv::norm(c.T) > 2.0)
    throw SourceError(path, SourceError::kNoFrame, "field T must be in metres (baseline above 2 m)");
  c.R1 = read_mat(fs, path, "R1", 3, 3, false);
  c.R2 = read_mat(fs, path, "R2", 3, 3, false);
  c.P1 = read_mat(fs, path, "P1", 3, 4, false);
  c.P2 = read_mat(fs, path, "P2", 3, 4, false);
  c.Q = read_mat(fs, path, "Q", 4, 4, false);
  return c;
}

void StereoCalibration::save(const std::string& path) const {
  cv::FileStorage fs(path, cv::FileStorage::WRITE);
  if (!fs.isOpened()) throw SourceError(path, SourceError::kNoFrame, "cannot write calibration file");
  fs << "image_width" << image_size.width << "image_height" << image_size.height;
  fs << "M1" << M1 << "D1" << D1 << "M2" << M2 << "D2" << D2 << "R" << R << "T" << T;
  if (!R1.empty()) fs << "R1" << R1;
  if (!R2.empty()) fs << "R2" << R2;
  if (!P1.empty()) fs << "P1" << P1;
  if (!P2.empty()) fs << "P2" << P2;
  if (!Q.empty()) fs << "Q" << Q;
}

StereoCalibration StereoCalibration::from_rectified(const core::CameraModel& cam) {
  StereoCalibration c;
  c.image_size = {cam.width, cam.height};
  c.M1 = (cv::Mat_<double>(3, 3) << cam.fx, 0, cam.cx, 0, cam.fy, cam.cy, 0, 0, 1);
  c.M2 = c.M1.clone();
  c.D1 = cv::Mat::zeros(1, 5, CV_64F);
  c.D2 = cv::Mat::zeros(1, 5, CV_64F);
  c.R = cv::Mat::eye(3, 3, CV_64F);
  c.T = (cv::Mat_<double>(3, 1) << -cam.baseline_m, 0, 0);
  return c;
}

bool StereoCalibration::is_rectified() const {
  return all_zero(D1) && all_zero(D2) && cv::norm(R, cv::Mat::eye(3, 3, CV_64F)) < 1e-12 &&
         cv::norm(M1, M2) < 1e-12 && T.at<double>(1) == 0.0 && T.at<double>(2) == 0.0 &&
         T.at<double>(0) < 0.0;
}

double StereoCalibration::baseline_m() const { return cv::norm(T); }

DepthIntrinsics DepthIntrinsics::load(const std::string& path) {
  cv::FileStorage fs = open_read(path);
  DepthIntrinsics d;
  d.image_size = read_size(fs, path);
  const char* kname = !fs["K"].empty() ? "K" : (!fs["M1"].empty() ? "M1" : "camera_matrix");
  d.K = read_mat(fs, path, kname, 3, 3, true);
  d.D = read_mat(fs, path, !fs["D"].empty() ? "D" : "D1", 0, 0, false);
  return d;
}

void DepthIntrinsics::save(const std::string& path) const {
  cv::FileStorage fs(path, cv::FileStorage::WRITE);
  if (!fs.isOpened()) throw SourceError(path, SourceError::kNoFrame, "cannot write intrinsics file");
  fs << "image_width" << image_size.width << "image_height" << image_size.height << "K" << K;
  if (!D.empty()) fs << "D" << D;
}

core::CameraModel DepthIntrinsics::camera() const {
  core::CameraModel m;
  m.width = image_size.width;
  m.height = image_size.height;
  m.fx = K.at<double>(0, 0);
  m.fy = K.at<double>(1, 1);
  m.cx = K.at<double>(0, 2);
  m.cy = K.at<double>(1, 2);
  m.baseline_m = 0.0;
  return m;
}

}  // namespace hc::sensor
