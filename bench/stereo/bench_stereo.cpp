// Stereo benchmark: census-sgm against OpenCV SGBM 3-way, same process, same images. Prints one
// table row per (image, matcher, threads): resolution, disparities, ms/frame (median and minimum of
// the repeats: on a shared machine the minimum is the least disturbed; and the median CPU time of
// the process per frame, which time slices lost to other programs do not inflate),
// bad-pixel % (error > 1 px, invalid counted bad, on pixels with ground truth; dense output).
// Usage: bench_stereo [repeats=9] [max_threads=2] [only=IMAGE] [rows=H,H,...]  (IMAGE: run just the
// images whose name contains it, e.g. synthetic, for quick comparisons; the DepthStage lines always
// run). With `rows`, only census-sgm runs, on one thread, on the first H rows of each selected
// image for each H (repeats scaled by rows / H), and prints ns per pixel: the cost and pass-1 sum
// volumes (2 * W * H * D bytes) fit the caches at small H, so the curve shows what memory costs.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "stereo/census_sgm_matcher.h"
#include "stereo/depth_stage.h"
#include "stereo/disparity_eval.h"
#include "stereo/disparity_range.h"
#include "synthetic_scene.h"

namespace {
using namespace hc::stereo;

struct Case {
  std::string name;
  cv::Mat left, right, gt;
  int num_disparities;
  std::vector<RowRange> ranges;  // floor-limited, synthetic cases only
  int range_disparities = 0;
};

struct Timing {
  double median_ms, min_ms, cpu_ms;
};

double cpu_now_ms() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) * 1e-6;
}

Timing time_ms(StereoMatcher& m, const Case& c, const std::vector<RowRange>& ranges, int repeats,
               cv::Mat& out) {
  m.compute(c.left, c.right, out, ranges);  // warm-up: buffers allocated here
  std::vector<double> t, cpu;
  for (int i = 0; i < repeats; ++i) {
    const double c0 = cpu_now_ms();
    const auto t0 = std::chrono::steady_clock::now();
    m.compute(c.left, c.right, out, ranges);
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    cpu.push_back(cpu_now_ms() - c0);
  }
  std::sort(t.begin(), t.end());
  std::sort(cpu.begin(), cpu.end());
  if (t.empty()) return {0.0, 0.0, 0.0};
  return {t[t.size() / 2], t[0], cpu[cpu.size() / 2]};
}

void row(const Case& c, const std::string& matcher, const std::string& range, int disparities,
         int threads, Timing ms, double bad) {
  std::printf("| %-14s | %-11s | %-6s | %4dx%-4d | %5d | %2d | %8.2f | %8.2f | %8.2f | %6.2f |\n",
              c.name.c_str(), matcher.c_str(), range.c_str(), c.left.cols, c.left.rows,
              disparities, threads, ms.median_ms, ms.min_ms, ms.cpu_ms, bad);
}
}  // namespace

int main(int argc, char** argv) {
  const int repeats = std::max(1, argc > 1 ? std::atoi(argv[1]) : 9);
  const int max_threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const std::string only = argc > 3 ? argv[3] : "";
  std::vector<int> crop_rows;
  for (const char* r = argc > 4 ? argv[4] : nullptr; r && *r;) {
    char* end = nullptr;
    const long h = std::strtol(r, &end, 10);
    if (end == r || h < 1 || (*end != ',' && *end != '\0')) {
      std::fprintf(stderr, "bench_stereo: rows: expected row counts >= 1 separated by commas, got \"%s\"\n", argv[4]);
      return 2;
    }
    crop_rows.push_back(static_cast<int>(h));
    r = *end == ',' ? end + 1 : end;
  }
  std::vector<Case> cases;
  {
    hc::stereo::testing::Scene s;
    s.plane = hc::core::FloorPlane::from_height_and_tilt(3.0, 5.0);
    s.boxes = {{-0.8, -0.5, -0.4, 0.1, 1.1}, {0.5, 0.2, 0.9, 0.5, 0.6}};
    s.spheres = {{0.1, -0.2, 1.65, 0.12}, {0.1, -0.2, 1.35, 0.22}, {-0.6, 0.6, 1.75, 0.12}};
    const auto r = hc::stereo::testing::render(s);
    Case c{"synthetic-3m", r.left, r.right, r.disparity, 64, {}};
    const auto ranges = floor_limited_ranges(hc::core::FloorGeometry(s.camera, s.plane), 2.2);
    c.ranges = ranges.rows;
    c.range_disparities = ranges.num_disparities;
    cases.push_back(c);
  }
  for (EvalPair& p : load_eval_pairs(HC_SHARED_DATA_DIR)) {
    cases.push_back({p.name, p.left, p.right, p.gt_px, p.num_disparities, {}});
    if (p.name == "cones") {  // the reference size: 640x400, 64 disparities
      Case c{"cones-640x400", {}, {}, {}, 64, {}};
      const double sx = 640.0 / p.left.cols;
      cv::resize(p.left, c.left, {640, 400}, 0, 0, cv::INTER_AREA);
      cv::resize(p.right, c.right, {640, 400}, 0, 0, cv::INTER_AREA);
      cv::resize(p.gt_px, c.gt, {640, 400}, 0, 0, cv::INTER_NEAREST);
      c.gt *= sx;
      cases.push_back(c);
    }
  }
  if (!crop_rows.empty()) {
    std::printf("| image          | size      | disp  | repeats | CPU ms  | ns/pixel | volumes MB |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    for (const Case& full : cases) {
      if (full.name.find(only) == std::string::npos) continue;
      for (const int h : crop_rows) {
        if (h < 1 || h > full.left.rows) continue;
        const cv::Rect roi(0, 0, full.left.cols, h);
        const Case c{full.name, full.left(roi).clone(), full.right(roi).clone(), {}, full.num_disparities, {}};
        MatcherParameters p;
        p.num_disparities = c.num_disparities;
        p.fill_invalid = true;
        CensusSgmMatcher m(p);
        cv::Mat d;
        const int n = std::max(repeats, repeats * full.left.rows / h);
        const Timing ms = time_ms(m, c, {}, n, d);
        const double pixels = static_cast<double>(c.left.cols) * h;
        const int slots = (c.num_disparities + 15) / 16 * 16;
        std::printf("| %-14s | %4dx%-4d | %5d | %7d | %7.3f | %8.2f | %10.2f |\n", c.name.c_str(),
                    c.left.cols, h, c.num_disparities, n, ms.cpu_ms, ms.cpu_ms * 1e6 / pixels,
                    2.0 * pixels * slots / 1e6);
      }
    }
    return 0;
  }
  std::printf("| image          | matcher     | range  | size      | disp  | th | median ms | min ms  | CPU ms  | bad %%  |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
  for (const Case& c : cases) {
    if (c.name.find(only) == std::string::npos) continue;
    for (int threads = 1; threads <= max_threads; threads *= 2) {
      for (const std::string name : {"opencv-sgbm", "census-sgm"}) {
        MatcherParameters p;
        p.num_disparities = c.num_disparities;
        p.threads = threads;
        p.fill_invalid = true;
        auto m = make_matcher(name, p);
        cv::Mat d;
        const Timing ms = time_ms(*m, c, {}, repeats, d);
        row(c, name, "full", c.num_disparities, threads, ms, score_disparity(d, c.gt, 1.0, 0).bad_percent);
      }
      if (threads == 1 && c.left.cols == 640) {  // the portable AVX2 kernels, without BITALG
        MatcherParameters p;
        p.num_disparities = c.num_disparities;
        p.fill_invalid = true;
        p.allow_avx512 = false;
        CensusSgmMatcher m(p);
        cv::Mat d;
        const Timing ms = time_ms(m, c, {}, repeats, d);
        row(c, "census-avx2", "full", c.num_disparities, threads, ms, score_disparity(d, c.gt, 1.0, 0).bad_percent);
      }
      if (!c.ranges.empty()) {
        MatcherParameters p;
        const int n = c.range_disparities;
        p.num_disparities = n;
        p.threads = threads;
        p.fill_invalid = true;
        CensusSgmMatcher m(p);
        cv::Mat d;
        const Timing ms = time_ms(m, c, c.ranges, repeats, d);
        row(c, "census-sgm", "floor", n, threads, ms, score_disparity(d, c.gt, 1.0, 0).bad_percent);
      }
    }
  }
  // The whole depth stage per frame once calibrated: matcher (floor-limited range), sub-pixel
  // refinement, height map and top view.
  {
    const Case& c = cases.front();
    hc::stereo::testing::Scene s;
    s.plane = hc::core::FloorPlane::from_height_and_tilt(3.0, 5.0);
    for (int threads = 1; threads <= max_threads; threads *= 2) {
      DepthStageParameters p;
      p.fixed_floor = s.plane;
      p.matcher_parameters.threads = threads;
      DepthStage stage(p);
      hc::sensor::Frame f;
      f.left = c.left;
      f.right = c.right;
      f.camera = s.camera;
      stage.process(f);
      std::vector<double> t;
      for (int i = 0; i < repeats; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        stage.process(f);
        t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
      std::sort(t.begin(), t.end());
      std::printf("DepthStage (census-sgm, floor range, refine, height map) 640x400, %d thread(s): "
                  "median %.2f ms, min %.2f ms\n", threads, t[t.size() / 2], t[0]);
    }
  }
  std::printf("census-sgm kernels: %s\n", CensusSgmMatcher(MatcherParameters{}).kernel_name());
  return 0;
}
