// Stereo calibration from chessboard image pairs: cv::findChessboardCorners (refined with
// cv::cornerSubPix), then cv::stereoCalibrate, then cv::stereoRectify for R1 R2 P1 P2 Q.
#pragma once

#include <opencv2/core.hpp>

#include <string>
#include <vector>

#include "sensor/stereo_calibration.h"

namespace hc::sensor {

struct ChessboardResult {
  StereoCalibration calibration;  // T in metres (square size in metres)
  double rms_px = 0.0;            // RMS reprojection error of cv::stereoCalibrate
  int pairs_used = 0;
  std::vector<std::string> skipped;  // "file: reason" for pairs without a full board in both views
};

// board: inner corners (columns x rows), square_m: side of one square in metres.
// Throws SourceError naming the file for unreadable images or size mismatches.
ChessboardResult calibrate_chessboard(const std::vector<std::string>& left,
                                      const std::vector<std::string>& right, cv::Size board,
                                      double square_m);

}  // namespace hc::sensor
