#include "eval/depth_scene.h"

#include <algorithm>
#include <cmath>

namespace hc::eval {
namespace {

struct Ellipsoid {
  double cx, cy, cz;  // camera frame centre (z = depth)
  double a, b, c;     // semi-axes along x, y, z
};

// Nearest positive ray parameter t for the ray t*(dx, dy, 1) hitting the ellipsoid, or -1.
double hit(const Ellipsoid& e, double dx, double dy) {
  const double ox = -e.cx / e.a, oy = -e.cy / e.b, oz = -e.cz / e.c;
  const double vx = dx / e.a, vy = dy / e.b, vz = 1.0 / e.c;
  const double A = vx * vx + vy * vy + vz * vz;
  const double B = 2 * (ox * vx + oy * vy + oz * vz);
  const double C = ox * ox + oy * oy + oz * oz - 1;
  const double disc = B * B - 4 * A * C;
  if (disc < 0) return -1;
  const double t = (-B - std::sqrt(disc)) / (2 * A);
  return t > 0 ? t : -1;
}

void splat(cv::Mat& depth, const core::CameraModel& cam, const Ellipsoid& e) {
  // Bounding box of the ellipsoid in the image: its extremes at the nearest and farthest depth.
  const double zn = std::max(0.05, e.cz - e.c), zf = std::max(0.05, e.cz + e.c);
  const double us[] = {(e.cx - e.a) / zn, (e.cx - e.a) / zf, (e.cx + e.a) / zn, (e.cx + e.a) / zf};
  const double vs[] = {(e.cy - e.b) / zn, (e.cy - e.b) / zf, (e.cy + e.b) / zn, (e.cy + e.b) / zf};
  const int u0 = std::max(0, static_cast<int>(cam.cx + cam.fx * *std::min_element(us, us + 4)) - 1);
  const int u1 = std::min(depth.cols - 1, static_cast<int>(cam.cx + cam.fx * *std::max_element(us, us + 4)) + 1);
  const int v0 = std::max(0, static_cast<int>(cam.cy + cam.fy * *std::min_element(vs, vs + 4)) - 1);
  const int v1 = std::min(depth.rows - 1, static_cast<int>(cam.cy + cam.fy * *std::max_element(vs, vs + 4)) + 1);
  for (int v = v0; v <= v1; ++v) {
    auto* row = depth.ptr<uint16_t>(v);
    const double dy = (v - cam.cy) / cam.fy;
    for (int u = u0; u <= u1; ++u) {
      const double t = hit(e, (u - cam.cx) / cam.fx, dy);
      if (t <= 0) continue;
      const auto mm = static_cast<uint16_t>(std::lround(t * 1000.0));
      if (mm < row[u]) row[u] = mm;
    }
  }
}

}  // namespace

cv::Mat render_depth(const core::CameraModel& cam, double height_m,
                     const std::vector<ScenePerson>& people, const std::vector<SceneBox>& boxes) {
  cv::Mat depth(cam.height, cam.width, CV_16UC1);
  for (int v = 0; v < depth.rows; ++v) depth.row(v).setTo(static_cast<int>(std::lround(height_m * 1000)));
  for (const auto& b : boxes) {
    const double z = height_m - b.height_m;
    const int u0 = std::max(0, static_cast<int>(std::ceil(cam.cx + cam.fx * b.x0 / z)));
    const int u1 = std::min(depth.cols - 1, static_cast<int>(std::floor(cam.cx + cam.fx * b.x1 / z)));
    const int v0 = std::max(0, static_cast<int>(std::ceil(cam.cy + cam.fy * b.y0 / z)));
    const int v1 = std::min(depth.rows - 1, static_cast<int>(std::floor(cam.cy + cam.fy * b.y1 / z)));
    const auto mm = static_cast<uint16_t>(std::lround(z * 1000));
    for (int v = v0; v <= v1; ++v)
      for (int u = u0; u <= u1; ++u) depth.at<uint16_t>(v, u) = std::min(depth.at<uint16_t>(v, u), mm);
  }
  for (const auto& p : people) {
    const double s = p.stature_m;
    // Torso and shoulders: top 0.25 m below the head top; head: a 0.09 m sphere.
    splat(depth, cam, {p.x, p.y, height_m - (s - 0.25 - 0.35), 0.23, 0.13, 0.35});
    const double head_r = s < 1.3 ? 0.08 : 0.09;
    splat(depth, cam, {p.x, p.y, height_m - (s - head_r), head_r, head_r, head_r});
    if (p.hat) splat(depth, cam, {p.x, p.y, height_m - (s - 0.01), 0.15, 0.15, 0.015});
  }
  return depth;
}

}  // namespace hc::eval
