// Zhang's method via OpenCV: corner detection O(W*H) per image, then Levenberg-Marquardt over all
// views in cv::stereoCalibrate. Reference: Zhang, "A flexible new technique for camera
// calibration", PAMI 2000; OpenCV calib3d.
#include "sensor/chessboard_calibration.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "sensor/source_error.h"

namespace hc::sensor {

ChessboardResult calibrate_chessboard(const std::vector<std::string>& left,
                                      const std::vector<std::string>& right, cv::Size board,
                                      double square_m) {
  if (left.size() != right.size())
    throw SourceError(right.empty() ? "--right" : right.front(), SourceError::kNoFrame,
                      std::to_string(left.size()) + " left images but " + std::to_string(right.size()) +
                          " right images");
  if (left.empty()) throw SourceError("--left", SourceError::kNoFrame, "no images");
  std::vector<cv::Point3f> board3d;
  for (int r = 0; r < board.height; ++r)
    for (int c = 0; c < board.width; ++c)
      board3d.emplace_back(static_cast<float>(c * square_m), static_cast<float>(r * square_m), 0.0f);
  ChessboardResult res;
  std::vector<std::vector<cv::Point3f>> obj;
  std::vector<std::vector<cv::Point2f>> pl, pr;
  cv::Size size;
  for (size_t i = 0; i < left.size(); ++i) {
    const auto frame = static_cast<int64_t>(i);
    cv::Mat l = cv::imread(left[i], cv::IMREAD_GRAYSCALE), r = cv::imread(right[i], cv::IMREAD_GRAYSCALE);
    if (l.empty()) throw SourceError(left[i], frame, "cannot read image");
    if (r.empty()) throw SourceError(right[i], frame, "cannot read image");
    if (l.size() != r.size()) throw SourceError(right[i], frame, "size differs from the left image");
    if (size.area() == 0) size = l.size();
    if (l.size() != size) throw SourceError(left[i], frame, "size differs from the first pair");
    std::vector<cv::Point2f> cl, cr;
    const int flags = cv::CALIB_CB_ADAPTIVE_THRESH | cv::CALIB_CB_NORMALIZE_IMAGE;
    if (!cv::findChessboardCorners(l, board, cl, flags) || !cv::findChessboardCorners(r, board, cr, flags)) {
      res.skipped.push_back(left[i] + ": board not found in both views");
      continue;
    }
    const cv::TermCriteria crit(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 30, 0.01);
    cv::cornerSubPix(l, cl, {11, 11}, {-1, -1}, crit);
    cv::cornerSubPix(r, cr, {11, 11}, {-1, -1}, crit);
    obj.push_back(board3d);
    pl.push_back(cl);
    pr.push_back(cr);
  }
  if (obj.size() < 3)
    throw SourceError(left.front(), SourceError::kNoFrame,
                      "the board was found in only " + std::to_string(obj.size()) + " pairs (3 needed)");
  StereoCalibration& c = res.calibration;
  c.image_size = size;
  c.M1 = cv::initCameraMatrix2D(obj, pl, size, 0);
  c.M2 = cv::initCameraMatrix2D(obj, pr, size, 0);
  cv::Mat E, F;
  res.rms_px = cv::stereoCalibrate(obj, pl, pr, c.M1, c.D1, c.M2, c.D2, size, c.R, c.T, E, F,
                                   cv::CALIB_USE_INTRINSIC_GUESS | cv::CALIB_SAME_FOCAL_LENGTH |
                                       cv::CALIB_ZERO_TANGENT_DIST | cv::CALIB_FIX_K3,
                                   cv::TermCriteria(cv::TermCriteria::COUNT + cv::TermCriteria::EPS, 100, 1e-5));
  cv::stereoRectify(c.M1, c.D1, c.M2, c.D2, size, c.R, c.T, c.R1, c.R2, c.P1, c.P2, c.Q,
                    cv::CALIB_ZERO_DISPARITY, 0.0, size);
  res.pairs_used = static_cast<int>(obj.size());
  return res;
}

}  // namespace hc::sensor
