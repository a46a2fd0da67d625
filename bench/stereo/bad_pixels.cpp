// Where the bad pixels are (issue #4's diagnosis of venus): for each evaluation pair and both
// matchers (default parameters, dense output as bench_stereo scores it), the bad pixels (error
// > 1 px or no value) split by region of the ground truth, and by whether the matcher had left the
// pixel invalid (then filled by fill_invalid_rows) or gave a wrong valid disparity.
// Regions, first match wins:
//   border      x - gt < 0: the match would lie left of the right image (unmatched columns);
//   occluded    another pixel of the row with a disparity > 1 px larger lands on the same right
//               pixel (round(x - gt)): hidden in the right view;
//   disc        the ground truth spans > 2 px of disparity within 4 px (a 9x9 box): depth edges;
//   textureless mean squared horizontal intensity step (3x3 box) < 16;
//   smooth      the rest.
// Usage: bench_bad_pixels [only=IMAGE]. Percentages are of the pair's ground-truth pixels, so each
// matcher's rows add up to its bench_stereo bad %. "nearer" counts the wrong valid pixels whose
// disparity is above the truth (foreground spread over background).
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "stereo/census_sgm_matcher.h"
#include "stereo/disparity_eval.h"

namespace {
using namespace hc::stereo;

enum Region { kBorder, kOccluded, kDisc, kTextureless, kSmooth, kRegions };
constexpr const char* kRegionNames[kRegions] = {"border", "occluded", "disc", "textureless", "smooth"};
constexpr uint8_t kNoTruth = 255;

uint8_t region_at(const cv::Mat& gt, const cv::Mat& texture, const std::vector<float>& nearest,
                  int y, int x) {
  const float d = gt.at<float>(y, x);
  if (x - d < 0.0f) return kBorder;
  if (nearest[static_cast<size_t>(std::lround(x - d))] > d + 1.0f) return kOccluded;
  float lo = d, hi = d;
  for (int yy = std::max(0, y - 4); yy <= std::min(gt.rows - 1, y + 4); ++yy) {
    for (int xx = std::max(0, x - 4); xx <= std::min(gt.cols - 1, x + 4); ++xx) {
      const float v = gt.at<float>(yy, xx);
      if (v <= 0.0f) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  if (hi - lo > 2.0f) return kDisc;
  return texture.at<float>(y, x) < 16.0f ? kTextureless : kSmooth;
}

cv::Mat regions(const EvalPair& p) {
  cv::Mat step, texture;
  cv::Sobel(p.left, step, CV_32F, 1, 0, 1);  // I(x + 1) - I(x - 1)
  cv::boxFilter(step.mul(step), texture, CV_32F, {3, 3});
  cv::Mat out(p.gt_px.size(), CV_8U, cv::Scalar(kNoTruth));
  std::vector<float> nearest(static_cast<size_t>(p.gt_px.cols));
  for (int y = 0; y < p.gt_px.rows; ++y) {
    // The largest disparity landing on each right pixel of the row.
    std::fill(nearest.begin(), nearest.end(), 0.0f);
    for (int x = 0; x < p.gt_px.cols; ++x) {
      const float d = p.gt_px.at<float>(y, x);
      const long xr = std::lround(x - d);
      if (d > 0.0f && xr >= 0) nearest[static_cast<size_t>(xr)] = std::max(nearest[static_cast<size_t>(xr)], d);
    }
    for (int x = 0; x < p.gt_px.cols; ++x) {
      if (p.gt_px.at<float>(y, x) > 0.0f) out.at<uint8_t>(y, x) = region_at(p.gt_px, texture, nearest, y, x);
    }
  }
  return out;
}
}  // namespace

int main(int argc, char** argv) {
  const std::string only = argc > 1 ? argv[1] : "";
  std::printf("| image | matcher | region | pixels | bad, filled %% | bad, wrong valid %% | of which nearer %% |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (const EvalPair& p : load_eval_pairs(HC_SHARED_DATA_DIR)) {
    if (p.name.find(only) == std::string::npos) continue;
    const cv::Mat region = regions(p);
    const double total = cv::countNonZero(p.gt_px > 0.0f);
    for (const std::string name : {"opencv-sgbm", "census-sgm"}) {
      MatcherParameters mp;
      mp.num_disparities = p.num_disparities;
      cv::Mat raw;
      make_matcher(name, mp)->compute(p.left, p.right, raw);
      cv::Mat dense = raw.clone();
      fill_invalid_rows(dense);  // what fill_invalid does
      long pixels[kRegions] = {}, filled[kRegions] = {}, wrong[kRegions] = {}, nearer[kRegions] = {};
      for (int y = 0; y < region.rows; ++y) {
        for (int x = 0; x < region.cols; ++x) {
          const int r = region.at<uint8_t>(y, x);
          if (r == kNoTruth) continue;
          ++pixels[r];
          const float g = p.gt_px.at<float>(y, x), d = dense.at<float>(y, x);
          if (is_valid_disparity(d) && std::abs(d - g) <= 1.0f) continue;
          if (!is_valid_disparity(raw.at<float>(y, x))) {
            ++filled[r];
          } else {
            ++wrong[r];
            if (d > g) ++nearer[r];
          }
        }
      }
      for (int r = 0; r < kRegions; ++r) {
        std::printf("| %s | %s | %s | %ld | %.2f | %.2f | %.2f |\n", p.name.c_str(), name.c_str(),
                    kRegionNames[r], pixels[r], 100.0 * filled[r] / total, 100.0 * wrong[r] / total,
                    100.0 * nearer[r] / total);
      }
    }
  }
  return 0;
}
