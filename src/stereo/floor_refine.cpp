// Photometric refinement of the floor plane: Gauss-Newton on the three parameters of the
// plane-induced disparity d(x, y) = a x + b y + c (x, y normalised image coordinates), minimising
// sum (L(u, v) - R(u - d, v))^2 over floor pixels of the last few stereo pairs. Each iteration is
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
//   does not average out and becomes a height error of several cm at 4-6 m. The B-spline shifts
//   it by 0.007 px.
// * The Jacobian uses the gradient of L at its own pixels (central difference), not of R at the
//   interpolated position: R's interpolated value and its interpolated gradient share the same
//   noisy pixels, and that correlation pulls the fit towards particular fractional disparities.
//   L's central difference is uncorrelated with L's own pixel and independent of R.
// People and objects: only pixels whose matched disparity lies within 1 px of the initial plane
// take part, and residuals beyond 1.5 local deviations (a person's foot, a specular spot) are left
// out.
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <vector>

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

// Cubic B-spline coefficients of each row (Unser, "Splines: a perfect fit for signal and image
// processing", 1999): a causal and an anti-causal first-order recursion with pole sqrt(3) - 2,
// mirror boundaries. Interpolating the coefficients reproduces the samples exactly.
cv::Mat bspline_rows(const cv::Mat& f) {
  const double z = std::sqrt(3.0) - 2.0;
  if (f.cols < 4) return f.clone();  // too narrow to interpolate: bspline_at answers NaN anyway
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

// One stereo pair made ready for the fit: the B-spline of its normalised right image, and the
// left pixels whose matched disparity lies within 1 px of the initial plane.
struct PreparedPair {
  cv::Mat right_coefficients;
  std::vector<FloorPixel> pixels;
};

PreparedPair prepare(const cv::Mat& left, const cv::Mat& right, const cv::Mat& disparity,
                     const core::CameraModel& camera, const cv::Vec3d& plane) {
  PreparedPair p;
  const cv::Mat lf = normalise_locally(left);
  p.right_coefficients = bspline_rows(normalise_locally(right));
  for (int v = 4; v < lf.rows - 4; v += 2) {
    const float* l = lf.ptr<float>(v);
    const float* d = disparity.ptr<float>(v);
    for (int u = 4; u < lf.cols - 4; u += 2) {
      const double xh = (u - camera.cx) / camera.fx, yh = (v - camera.cy) / camera.fy;
      if (!is_valid_disparity(d[u]) || std::abs(d[u] - plane.dot({xh, yh, 1.0})) > 1.0) continue;
      p.pixels.push_back({u, v, xh, yh, l[u], 0.5f * (l[u + 1] - l[u - 1])});
    }
  }
  return p;
}

// Adds one pair's Gauss-Newton normal equations at the plane-induced disparity `plane`; returns
// the pixels used.
int accumulate(const PreparedPair& p, const cv::Vec3d& plane, cv::Matx33d& hess, cv::Vec3d& grad) {
  const int width = p.right_coefficients.cols;
  int used = 0;
  for (const FloorPixel& s : p.pixels) {
    const cv::Vec3d x(s.xh, s.yh, 1.0);
    const float rv = bspline_at(p.right_coefficients.ptr<float>(s.v), width, s.u - plane.dot(x));
    if (!std::isfinite(rv)) continue;
    const double r = s.value - rv;
    if (std::abs(r) > kOutlierResidual) continue;
    const cv::Vec3d j = s.gradient * x;
    hess += j * j.t();
    grad += j * r;
    ++used;
  }
  return used;
}
}  // namespace

bool FloorModel::refine_photometric(FloorEstimate& e) const {
  const double fxb = camera_.fx * camera_.baseline_m;
  if (fxb <= 0.0) return false;
  cv::Vec3d th = -fxb / e.plane.offset_m *
                 cv::Vec3d(e.plane.normal[0], e.plane.normal[1], e.plane.normal[2]);
  std::vector<PreparedPair> prepared;
  for (const StereoPair& pair : pairs_) {
    prepared.push_back(prepare(pair.left, pair.right, pair.disparity, camera_, th));
  }
  for (int iter = 0; iter < 20; ++iter) {
    cv::Matx33d hess = cv::Matx33d::zeros();
    cv::Vec3d grad(0, 0, 0);
    int used = 0;
    for (const PreparedPair& p : prepared) used += accumulate(p, th, hess, grad);
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
