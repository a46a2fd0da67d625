// Photometric refinement of the floor plane: Gauss-Newton on the three parameters of the
// plane-induced disparity d(x, y) = a x + b y + c (x, y normalised image coordinates), minimising
// sum (L(u, v) - R(u - d, v))^2 over floor pixels of the last stereo pair. Each iteration is
// O(selected pixels). Matching intensities directly avoids the sub-pixel bias (pixel locking) of
// the matcher's sub-pixel fit, which would otherwise dominate the height error beyond 4 m.
// Both images are first normalised locally (zero mean, unit deviation over a Gaussian window),
// because the two cameras see one floor patch at image positions d apart: vignetting and lens
// shading, which depend on the image position, and gain, offset or exposure differences would
// otherwise be explained by the fit as a change of disparity, i.e. a tilt.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>

#include "stereo/floor_model.h"
#include "stereo/stereo_matcher.h"

namespace hc::stereo {
namespace {
// Window of the local normalisation: wide against the texture's grain, narrow against the smooth
// shading (at 2.2 m / 103 deg the vignetting alone changes by ~1 % over a disparity of 9 px).
constexpr double kNormSigmaPx = 6.0;
constexpr double kNormFloorGrey = 2.0;  // grey levels added to the deviation: no noise blow-up
// Residual gate in units of the local deviation: occluders, people, specular spots.
constexpr double kOutlierResidual = 1.5;

cv::Mat normalise_locally(const cv::Mat& grey) {
  cv::Mat f, mean, var;
  grey.convertTo(f, CV_32F);
  cv::GaussianBlur(f, mean, {0, 0}, kNormSigmaPx);
  f -= mean;
  cv::GaussianBlur(f.mul(f), var, {0, 0}, kNormSigmaPx);
  cv::sqrt(var + kNormFloorGrey * kNormFloorGrey, var);
  return f / var;
}

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
  cv::Vec3d th = -fxb / e.plane.offset_m *
                 cv::Vec3d(e.plane.normal[0], e.plane.normal[1], e.plane.normal[2]);
  auto plane_disp = [&](double xh, double yh) { return th[0] * xh + th[1] * yh + th[2]; };

  struct Sample {
    int u, v;
    double xh, yh;
  };
  const cv::Mat lf = normalise_locally(last_left_), rf = normalise_locally(last_right_);
  const int w = lf.cols, h = lf.rows;
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
      if (std::abs(r) > kOutlierResidual) continue;
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
