// Photometric refinement of the floor plane: Gauss-Newton on the three parameters of the
// plane-induced disparity d(x, y) = a x + b y + c (x, y normalised image coordinates), minimising
// sum (L(u, v) - R(u - d, v))^2 over floor pixels of the last stereo pair. Each iteration is
// O(selected pixels). Matching intensities directly avoids the sub-pixel bias (pixel locking) of
// the matcher's sub-pixel fit, which would otherwise dominate the height error beyond 4 m.
// Both images are first normalised locally (zero mean, unit deviation over a Gaussian window),
// because the two cameras see one floor patch at image positions d apart: vignetting and lens
// shading, which depend on the image position, and gain, offset or exposure differences would
// otherwise be explained by the fit as a change of disparity, i.e. a tilt.
//
// Two choices keep the estimate unbiased at sub-pixel level, where the far installations need
// 0.03-0.05 px (Schreier, Braasch & Sutton, "Systematic errors in digital image correlation caused
// by intensity interpolation", Opt. Eng. 39(11), 2000):
// * R is interpolated with a cubic B-spline (per row, prefiltered). Linear and Catmull-Rom
//   interpolation shift a texture of period 4 px by up to 0.045 px depending on the fractional
//   disparity; on a level floor that fraction is the same over the whole image, so the shift
//   does not average out and becomes a height error (7.7 cm at 6 m). The B-spline's is 0.007 px.
// * The Jacobian uses the gradient of L at its own pixels (central difference), not of R at the
//   interpolated position: R's interpolated value and its interpolated gradient share the same
//   noisy pixels, and that correlation pulls the fit towards particular fractional disparities.
//   L's central difference is uncorrelated with L's own pixel and independent of R.
// Before that, both images are band-limited (Gaussian, 1 px) and their normalised intensities
// compressed to a soft sign (0.5 tanh(n / 0.5)). Sampled floor texture carries aliasing wherever
// it is finer than two pixels (fine texture far away or at the edge of a wide lens, sharp grout
// lines, tape), and an aliased edge moves with the pixel grid rather than with the floor. The
// blur removes most of what lies near the Nyquist frequency; the soft sign lets every textured
// pixel vote about equally, so a few high-contrast features cannot dominate the least squares
// (the census transform of the matcher is robust for the same reason). People and objects: only
// pixels whose matched disparity lies within 1 px of the initial plane take part, and the soft
// sign bounds what any one pixel can contribute.
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
// Band limit before sub-pixel interpolation (pixels), and the scale of the soft sign (local
// deviations): see the top of the file.
constexpr double kPreBlurSigmaPx = 1.0;
constexpr double kSoftSignScale = 0.5;

cv::Mat normalise_locally(const cv::Mat& grey) {
  cv::Mat f, mean, var;
  grey.convertTo(f, CV_32F);
  cv::GaussianBlur(f, f, {0, 0}, kPreBlurSigmaPx);
  cv::GaussianBlur(f, mean, {0, 0}, kNormSigmaPx);
  f -= mean;
  cv::GaussianBlur(f.mul(f), var, {0, 0}, kNormSigmaPx);
  cv::sqrt(var + kNormFloorGrey * kNormFloorGrey, var);
  cv::Mat n = f / var;
  for (int v = 0; v < n.rows; ++v) {
    float* row = n.ptr<float>(v);
    for (int u = 0; u < n.cols; ++u) {
      row[u] = static_cast<float>(kSoftSignScale * std::tanh(row[u] / kSoftSignScale));
    }
  }
  return n;
}

// Cubic B-spline coefficients of each row (Unser, "Splines: a perfect fit for signal and image
// processing", 1999): a causal and an anti-causal first-order recursion with pole sqrt(3) - 2,
// mirror boundaries. Interpolating the coefficients reproduces the samples exactly.
cv::Mat bspline_rows(const cv::Mat& f) {
  const double z = std::sqrt(3.0) - 2.0;
  cv::Mat c(f.size(), CV_32F);
  std::vector<double> row(static_cast<size_t>(f.cols));
  for (int v = 0; v < f.rows; ++v) {
    const float* in = f.ptr<float>(v);
    const int n = f.cols;
    // Causal initialisation: the sum over the mirrored past, truncated where z^k < 1e-7.
    double sum = in[0], zk = z;
    for (int k = 1; k < std::min(n, 16); ++k, zk *= z) sum += zk * in[k];
    row[0] = sum;
    for (int k = 1; k < n; ++k) row[static_cast<size_t>(k)] = in[k] + z * row[static_cast<size_t>(k - 1)];
    const auto last = static_cast<size_t>(n - 1);
    row[last] = z / (z * z - 1.0) * (row[last] + z * row[last - 1]);
    for (int k = n - 2; k >= 0; --k) {
      const auto s = static_cast<size_t>(k);
      row[s] = z * (row[s + 1] - row[s]);
    }
    float* out = c.ptr<float>(v);
    for (int k = 0; k < n; ++k) out[k] = static_cast<float>(6.0 * row[static_cast<size_t>(k)]);
  }
  return c;
}

// The B-spline through one row's coefficients at x; NaN where its support leaves the row.
float bspline_at(const float* c, int width, double x) {
  const int i = static_cast<int>(std::floor(x));
  if (i < 1 || i + 2 >= width) return NAN;
  const double t = x - i, s = 1.0 - t;
  const double w0 = s * s * s / 6.0;
  const double w1 = 2.0 / 3.0 - t * t + 0.5 * t * t * t;
  const double w2 = 2.0 / 3.0 - s * s + 0.5 * s * s * s;
  const double w3 = t * t * t / 6.0;
  return static_cast<float>(w0 * c[i - 1] + w1 * c[i] + w2 * c[i + 1] + w3 * c[i + 2]);
}

struct FloorPixel {
  int u, v;
  double xh, yh;   // normalised image coordinates
  float value;     // normalised L
  float gradient;  // d L / d u, central difference
};
}  // namespace

bool FloorModel::refine_photometric(FloorEstimate& e) const {
  const double fxb = camera_.fx * camera_.baseline_m;
  if (fxb <= 0.0) return false;
  cv::Vec3d th = -fxb / e.plane.offset_m *
                 cv::Vec3d(e.plane.normal[0], e.plane.normal[1], e.plane.normal[2]);
  auto plane_disp = [&](double xh, double yh) { return th[0] * xh + th[1] * yh + th[2]; };

  const cv::Mat lf = normalise_locally(last_left_);
  const cv::Mat rc = bspline_rows(normalise_locally(last_right_));
  const int w = lf.cols, h = lf.rows;
  std::vector<FloorPixel> sel;
  for (int v = 4; v < h - 4; v += 2) {
    const float* l = lf.ptr<float>(v);
    for (int u = 4; u < w - 4; u += 2) {
      const float d = last_disparity_.at<float>(v, u);
      const double xh = (u - camera_.cx) / camera_.fx, yh = (v - camera_.cy) / camera_.fy;
      if (!is_valid_disparity(d) || std::abs(d - plane_disp(xh, yh)) > 1.0) continue;
      sel.push_back({u, v, xh, yh, l[u], 0.5f * (l[u + 1] - l[u - 1])});
    }
  }
  if (sel.size() < 500) return false;
  for (int iter = 0; iter < 20; ++iter) {
    cv::Matx33d hess = cv::Matx33d::zeros();
    cv::Vec3d grad(0, 0, 0);
    int used = 0;
    for (const FloorPixel& s : sel) {
      const float rv = bspline_at(rc.ptr<float>(s.v), w, s.u - plane_disp(s.xh, s.yh));
      if (!std::isfinite(rv)) continue;
      const double r = s.value - rv;
      const cv::Vec3d j = s.gradient * cv::Vec3d(s.xh, s.yh, 1.0);
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
