// Bad-pixel rate as in the Middlebury v2 evaluation (all pixels with ground truth, invalid counts
// as bad); O(pixels). Pair loading with the ground-truth scales of shared/data/README.md; Aloe
// (1282x1110, disparities up to 224) is halved to 641x555 so it fits a 128-disparity search.
#include "stereo/disparity_eval.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>

#include "stereo/stereo_matcher.h"

namespace hc::stereo {

DisparityScore score_disparity(const cv::Mat& disparity, const cv::Mat& gt, double threshold,
                               int border) {
  if (disparity.type() != CV_32F || gt.type() != CV_32F || disparity.size() != gt.size()) {
    throw std::invalid_argument("score_disparity: need two CV_32F maps of one size");
  }
  DisparityScore s;
  int bad = 0, invalid = 0;
  for (int y = border; y < gt.rows - border; ++y) {
    for (int x = border; x < gt.cols - border; ++x) {
      const float g = gt.at<float>(y, x);
      if (!(g > 0.0f)) continue;
      ++s.gt_pixels;
      const float d = disparity.at<float>(y, x);
      if (!is_valid_disparity(d)) {
        ++invalid;
        ++bad;
      } else if (std::abs(d - g) > threshold) {
        ++bad;
      }
    }
  }
  if (s.gt_pixels > 0) {
    s.bad_percent = 100.0 * bad / s.gt_pixels;
    s.invalid_percent = 100.0 * invalid / s.gt_pixels;
  }
  return s;
}

namespace {
cv::Mat read(const std::filesystem::path& p, int flags) {
  cv::Mat m = cv::imread(p.string(), flags);
  if (m.empty()) throw std::runtime_error("cannot read image " + p.string());
  return m;
}

void add_pair(std::vector<EvalPair>& out, const std::string& name, const std::filesystem::path& l,
              const std::filesystem::path& r, const std::filesystem::path& g, double scale,
              bool halve = false) {
  if (!std::filesystem::exists(l) || !std::filesystem::exists(r) || !std::filesystem::exists(g)) {
    return;
  }
  EvalPair p;
  p.name = name;
  p.left = read(l, cv::IMREAD_GRAYSCALE);
  p.right = read(r, cv::IMREAD_GRAYSCALE);
  read(g, cv::IMREAD_GRAYSCALE).convertTo(p.gt_px, CV_32F, 1.0 / scale);
  if (halve) {
    // Nearest-neighbour for the ground truth so unknown (0) pixels stay unknown.
    cv::resize(p.left, p.left, {}, 0.5, 0.5, cv::INTER_AREA);
    cv::resize(p.right, p.right, {}, 0.5, 0.5, cv::INTER_AREA);
    cv::resize(p.gt_px, p.gt_px, p.left.size(), 0, 0, cv::INTER_NEAREST);
    p.gt_px *= 0.5;
  }
  double max_gt = 0.0;
  cv::minMaxLoc(p.gt_px, nullptr, &max_gt);
  p.num_disparities = std::max(16, static_cast<int>(std::ceil((max_gt + 2) / 16.0)) * 16);
  out.push_back(std::move(p));
}
}  // namespace

std::vector<EvalPair> load_eval_pairs(const std::string& shared, const std::string& doc) {
  namespace fs = std::filesystem;
  const fs::path m = fs::path(shared) / "middlebury";
  std::vector<EvalPair> out;
  add_pair(out, "tsukuba", m / "tsukuba/im3.png", m / "tsukuba/im4.png", m / "tsukuba/disp3.pgm", 16);
  add_pair(out, "venus", m / "venus/im2.png", m / "venus/im6.png", m / "venus/disp2.pgm", 8);
  add_pair(out, "teddy", m / "teddy/im2.png", m / "teddy/im6.png", m / "teddy/disp2.png", 4);
  add_pair(out, "cones", m / "cones/im2.png", m / "cones/im6.png", m / "cones/disp2.png", 4);
  const fs::path a(doc);
  add_pair(out, "aloe", a / "aloeL.jpg", a / "aloeR.jpg", a / "aloeGT.png", 1, true);
  return out;
}

}  // namespace hc::stereo
