// How census-SGM does on one simulated scene, by how near the surface is: the same scenario and
// seed rendered as a stereo recording and as exact depth (`headcount simulate ... --out S` and
// `headcount simulate ... --depth --out D`), the matcher (default parameters, the search range
// the pipeline uses when the floor cannot limit it) run on the stereo pair, and each left pixel's
// disparity compared with the exact one, fx * baseline / depth. Per band of true disparity:
// pixels, invalid %, bad % (valid and more than 2 px off), and the mean error of the valid ones
// (negative: read farther than the truth, so lower above the floor). Pixels whose match would lie
// within the census window of the right image's left edge are left out (docs/stereo.md).
// Why: at a 2.2 m mount a tall person's head is 0.3 m from the lens, disparities 45-60 px, where
// the pipeline's statures read low (docs/accuracy.md, "Counts without a true crossing").
// Usage: bench_sim_disparity_bands STEREO_RECORDING DEPTH_RECORDING [FIRST_FRAME [LAST_FRAME]]
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "sensor/recording_source.h"
#include "stereo/census_sgm_matcher.h"
#include "stereo/census_transform.h"

namespace {
using namespace hc;

constexpr std::array<double, 6> kBandEdges{0, 16, 32, 48, 64, 1e9};  // true disparity, pixels
constexpr int kBands = static_cast<int>(kBandEdges.size()) - 1;

struct Band {
  long pixels = 0, invalid = 0, bad = 0;
  double error_sum = 0;
};

void score(const cv::Mat& disparity, const sensor::Frame& pair, const sensor::Frame& depth,
           std::array<Band, kBands>& bands) {
  const double fb = pair.camera.fx * pair.camera.baseline_m;  // the depth camera has no baseline
  for (int y = 0; y < disparity.rows; ++y)
    for (int x = 0; x < disparity.cols; ++x) {
      const double z = depth.depth_mm.at<uint16_t>(y, x) / 1000.0;
      if (!(z > 0)) continue;
      const double truth = fb / z;
      if (x - truth < stereo::kCensusRadiusX) continue;
      int b = 0;
      while (b + 1 < kBands && truth >= kBandEdges[static_cast<size_t>(b + 1)]) ++b;
      Band& band = bands[static_cast<size_t>(b)];
      ++band.pixels;
      const float d = disparity.at<float>(y, x);
      if (!stereo::is_valid_disparity(d)) {
        ++band.invalid;
        continue;
      }
      if (std::abs(d - truth) > 2.0) ++band.bad;
      band.error_sum += d - truth;
    }
}

}  // namespace

int run(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s STEREO_RECORDING DEPTH_RECORDING [FIRST_FRAME [LAST_FRAME]]\n", argv[0]);
    return 2;
  }
  const long first = argc > 3 ? std::atol(argv[3]) : 0, last = argc > 4 ? std::atol(argv[4]) : -1;
  sensor::RecordingSource stereo_rec(argv[1]), depth_rec(argv[2]);
  stereo_rec.seek(first);
  depth_rec.seek(first);
  stereo::CensusSgmMatcher matcher(stereo::MatcherParameters{});
  std::array<Band, kBands> bands{};
  cv::Mat disparity;
  long frames = 0;
  while (true) {
    auto pair = stereo_rec.next();
    auto depth = depth_rec.next();
    if (!pair || !depth) break;
    if (last >= 0 && pair->index > last) break;
    if (!pair->is_stereo() || !depth->is_depth() || pair->left.size() != depth->depth_mm.size()) {
      std::fprintf(stderr, "frame %ld: %s must be a stereo recording and %s a depth recording of the same size\n",
                   static_cast<long>(pair->index), argv[1], argv[2]);
      return 2;
    }
    matcher.compute(pair->left, pair->right, disparity);
    score(disparity, *pair, *depth, bands);
    ++frames;
  }
  std::printf("%ld frames, census-sgm, %d disparities searched\n", frames, matcher.parameters().num_disparities);
  std::printf("| true disparity | pixels | invalid | bad (> 2 px) | mean error of valid |\n|---|---|---|---|---|\n");
  for (int b = 0; b < kBands; ++b) {
    const Band& band = bands[static_cast<size_t>(b)];
    const long valid = band.pixels - band.invalid;
    char range[32];
    if (b + 1 < kBands)
      std::snprintf(range, sizeof range, "%.0f-%.0f px", kBandEdges[static_cast<size_t>(b)], kBandEdges[static_cast<size_t>(b + 1)]);
    else
      std::snprintf(range, sizeof range, ">= %.0f px", kBandEdges[static_cast<size_t>(b)]);
    std::printf("| %s | %ld | %.1f %% | %.1f %% | %+.2f px |\n", range, band.pixels,
                band.pixels ? 100.0 * band.invalid / band.pixels : 0.0,
                band.pixels ? 100.0 * band.bad / band.pixels : 0.0, valid ? band.error_sum / valid : 0.0);
  }
  return 0;
}

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {  // a recording that cannot be read names its file
    std::fprintf(stderr, "bench_sim_disparity_bands: %s\n", e.what());
    return 1;
  }
}
