// Photometric refinement of the floor plane: Gauss-Newton on the three parameters of the
// plane-induced disparity d(x, y) = a x + b y + c (x, y normalised image coordinates), minimising
// sum (L(u, v) - R(u - d, v))^2 over floor pixels of the last stereo pair. Each iteration is
// O(selected pixels). Matching intensities directly avoids the sub-pixel bias (pixel locking) of
// the matcher's sub-pixel fit, which would otherwise dominate the height error beyond 4 m.
#include <opencv2/core.hpp>

#include <cmath>

#include "stereo/floor_model.h"
#include "stereo/stereo_matcher.h"

namespace hc::stereo {
namespace {
float interp(const float* row, int width, double x) {
  const int i = static_cast<int>(std::floor(x));
  if (i < 0 || i + 1 >= width) return NAN;
  const double t = x - i;
  return static_cast<float>((1.0 - t) * row[i] + t * row[i + 1]);
}
}  // namespace

bool FloorModel::refine_photometric(FloorEstimate& e) const {
  const double fxb = camera_.fx * camera_.baseline_m;
  if (fxb <= 0.0) return false;
  cv::Mat lf, rf;
  last_left_.convertTo(lf, CV_32F);
  last_right_.convertTo(rf, CV_32F);
  const int w = lf.cols, h = lf.rows;
  cv::Vec3d th = -fxb / e.plane.offset_m *
                 cv::Vec3d(e.plane.normal[0], e.plane.normal[1], e.plane.normal[2]);
  auto plane_disp = [&](double xh, double yh) { return th[0] * xh + th[1] * yh + th[2]; };

  struct Sample {
    int u, v;
    double xh, yh;
  };
  std::vector<Sample> sel;
  for (int v = 4; v < h - 4; v += 2) {
    for (int u = 4; u < w - 4; u += 2) {
      const float d = last_disparity_.at<float>(v, u);
      const double xh = (u - camera_.cx) / camera_.fx, yh = (v - camera_.cy) / camera_.fy;
      if (!is_valid_disparity(d) || std::abs(d - plane_disp(xh, yh)) > 1.0) continue;
      sel.push_back({u, v, xh, yh});
    }
  }
  if (sel.size() < 500) return false;
  // Cameras differ in gain and offset (the simulator models 3 %): match R to L's statistics over
  // the floor pixels first, or the fit tilts the plane to explain the brightness difference.
  {
    double sl = 0, sl2 = 0, sr = 0, sr2 = 0;
    int n = 0;
    for (const Sample& s : sel) {
      const float rv = interp(rf.ptr<float>(s.v), w, s.u - plane_disp(s.xh, s.yh));
      if (!std::isfinite(rv)) continue;
      const double lv = lf.at<float>(s.v, s.u);
      sl += lv;
      sl2 += lv * lv;
      sr += rv;
      sr2 += static_cast<double>(rv) * rv;
      ++n;
    }
    if (n < 500) return false;
    const double ml = sl / n, mr = sr / n;
    const double vl = sl2 / n - ml * ml, vr = sr2 / n - mr * mr;
    if (vl <= 1.0 || vr <= 1.0) return false;
    const double gain = std::sqrt(vl / vr);
    rf = (rf - mr) * gain + ml;
  }
  int used = 0;
  for (int iter = 0; iter < 20; ++iter) {
    cv::Matx33d hess = cv::Matx33d::zeros();
    cv::Vec3d grad(0, 0, 0);
    used = 0;
    for (const Sample& s : sel) {
      const double xr = s.u - plane_disp(s.xh, s.yh);
      const float* row = rf.ptr<float>(s.v);
      const float rv = interp(row, w, xr);
      const float rx = interp(row, w, xr + 0.5) - interp(row, w, xr - 0.5);
      if (!std::isfinite(rv) || !std::isfinite(rx)) continue;
      const double r = lf.at<float>(s.v, s.u) - rv;
      if (std::abs(r) > 25.0) continue;  // occluders, people, specular spots
      const cv::Vec3d j = rx * cv::Vec3d(s.xh, s.yh, 1.0);
      hess += j * j.t();
      grad += j * r;
      ++used;
    }
    if (used < 500) return false;
    cv::Mat solution;
    if (!cv::solve(cv::Mat(hess), cv::Mat(-grad), solution, cv::DECOMP_CHOLESKY)) return false;
    const cv::Vec3d delta(solution.at<double>(0), solution.at<double>(1), solution.at<double>(2));
    th += delta;
    if (std::abs(delta[2]) < 1e-5 && std::abs(delta[0]) < 1e-5 && std::abs(delta[1]) < 1e-5) break;
  }
  const cv::Vec3d p = th * (-1.0 / fxb);
  const double offset = 1.0 / cv::norm(p);
  if (!std::isfinite(offset) || std::abs(offset - e.plane.offset_m) > 0.1 * e.plane.offset_m) {
    return false;
  }
  e.plane = core::FloorPlane{{p[0] * offset, p[1] * offset, p[2] * offset}, offset};
  e.installation_height_m = offset;
  e.tilt_deg = e.plane.tilt_deg();
  return true;
}

}  // namespace hc::stereo
