// Ray casting: floor plane plus axis-aligned boxes and spheres in the floor frame; O(pixels *
// objects). Texture: two octaves of hashed value noise in 3-D, bilinear (trilinear) smooth.
#include "synthetic_scene.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

namespace hc::stereo::testing {
namespace {
using core::Vec3;

double hash01(int64_t x, int64_t y, int64_t z) {
  uint64_t h = static_cast<uint64_t>(x) * 0x9E3779B97F4A7C15ull ^
               static_cast<uint64_t>(y) * 0xC2B2AE3D27D4EB4Full ^
               static_cast<uint64_t>(z) * 0x165667B19E3779F9ull;
  h ^= h >> 31;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 29;
  return static_cast<double>(h & 0xFFFFFF) / static_cast<double>(0xFFFFFF);
}

double value_noise(double x, double y, double z) {
  const double fx = std::floor(x), fy = std::floor(y), fz = std::floor(z);
  const auto ix = static_cast<int64_t>(fx), iy = static_cast<int64_t>(fy), iz = static_cast<int64_t>(fz);
  const double tx = x - fx, ty = y - fy, tz = z - fz;
  double acc = 0.0;
  for (int c = 0; c < 8; ++c) {
    const int dx = c & 1, dy = (c >> 1) & 1, dz = (c >> 2) & 1;
    const double w = (dx ? tx : 1 - tx) * (dy ? ty : 1 - ty) * (dz ? tz : 1 - tz);
    acc += w * hash01(ix + dx, iy + dy, iz + dz);
  }
  return acc;
}

struct Hit {
  double t = std::numeric_limits<double>::infinity();
  Vec3 floor_point{};  // x, y, height in the floor frame
};

// Ray o + t r in floor-frame coordinates (x, y, height).
void hit_box(const Box& b, const Vec3& o, const Vec3& r, Hit& best) {
  double t0 = 0.0, t1 = best.t;
  const double lo[3] = {b.x0, b.y0, 0.0}, hi[3] = {b.x1, b.y1, b.height};
  for (int i = 0; i < 3; ++i) {
    if (std::abs(r[i]) < 1e-12) {
      if (o[i] < lo[i] || o[i] > hi[i]) return;
      continue;
    }
    double a = (lo[i] - o[i]) / r[i], c = (hi[i] - o[i]) / r[i];
    if (a > c) std::swap(a, c);
    t0 = std::max(t0, a);
    t1 = std::min(t1, c);
    if (t0 > t1) return;
  }
  if (t0 > 0.0 && t0 < best.t) best = {t0, {o[0] + t0 * r[0], o[1] + t0 * r[1], o[2] + t0 * r[2]}};
}

void hit_sphere(const Sphere& s, const Vec3& o, const Vec3& r, Hit& best) {
  const Vec3 oc{o[0] - s.x, o[1] - s.y, o[2] - s.z};
  const double a = r[0] * r[0] + r[1] * r[1] + r[2] * r[2];
  const double b = 2 * (oc[0] * r[0] + oc[1] * r[1] + oc[2] * r[2]);
  const double c = oc[0] * oc[0] + oc[1] * oc[1] + oc[2] * oc[2] - s.radius * s.radius;
  const double disc = b * b - 4 * a * c;
  if (disc < 0) return;
  const double t = (-b - std::sqrt(disc)) / (2 * a);
  if (t > 0.0 && t < best.t) best = {t, {o[0] + t * r[0], o[1] + t * r[1], o[2] + t * r[2]}};
}
}  // namespace

Rendered render(const Scene& scene) {
  const core::CameraModel& cam = scene.camera;
  const core::FloorGeometry g(cam, scene.plane);
  const core::FloorPlane& pl = g.plane();
  auto to_floor3 = [&](const Vec3& p) {
    const core::Point2 xy = g.to_floor(p);
    return Vec3{xy.x, xy.y, pl.height_of(p)};
  };
  Rendered out;
  out.left.create(cam.height, cam.width, CV_8UC1);
  out.right.create(cam.height, cam.width, CV_8UC1);
  out.disparity.create(cam.height, cam.width, CV_32F);
  out.height_m.create(cam.height, cam.width, CV_32F);
  out.depth_m.create(cam.height, cam.width, CV_32F);
  const double s = scene.texture_scale_m;
  for (int view = 0; view < 2; ++view) {
    const Vec3 centre{view == 0 ? 0.0 : cam.baseline_m, 0.0, 0.0};
    const Vec3 o = to_floor3(centre);
    for (int v = 0; v < cam.height; ++v) {
      for (int u = 0; u < cam.width; ++u) {
        const Vec3 ray{(u - cam.cx) / cam.fx, (v - cam.cy) / cam.fy, 1.0};
        const Vec3 tip = to_floor3({centre[0] + ray[0], centre[1] + ray[1], centre[2] + ray[2]});
        const Vec3 r{tip[0] - o[0], tip[1] - o[1], tip[2] - o[2]};
        Hit best;
        if (r[2] < -1e-12) {
          const double t = -o[2] / r[2];
          best = {t, {o[0] + t * r[0], o[1] + t * r[1], 0.0}};
        }
        for (const Box& b : scene.boxes) hit_box(b, o, r, best);
        for (const Sphere& sp : scene.spheres) hit_sphere(sp, o, r, best);
        double grey = 128.0;
        if (std::isfinite(best.t) && !scene.textureless) {
          const Vec3& p = best.floor_point;
          const double n = 0.65 * value_noise(p[0] / (4 * s), p[1] / (4 * s), p[2] / (4 * s)) +
                           0.35 * value_noise(p[0] / s + 7.1, p[1] / s + 3.3, p[2] / s + 1.7);
          grey = 20.0 + 215.0 * n;
        }
        grey *= scene.brightness;
        cv::Mat& img = view == 0 ? out.left : out.right;
        img.at<uint8_t>(v, u) = cv::saturate_cast<uint8_t>(std::lround(grey));
        if (view == 0) {
          const double depth = best.t;  // ray z component is 1 in the camera frame
          const bool hit = std::isfinite(depth);
          out.depth_m.at<float>(v, u) = hit ? static_cast<float>(depth) : 0.0f;
          out.disparity.at<float>(v, u) =
              hit ? static_cast<float>(cam.disparity_from_depth(depth)) : -1.0f;
          out.height_m.at<float>(v, u) = hit ? static_cast<float>(best.floor_point[2]) : NAN;
        }
      }
    }
  }
  return out;
}

cv::Mat random_image(int width, int height, unsigned seed) {
  cv::Mat img(height, width, CV_8UC1);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> dist(0, 255);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) img.at<uint8_t>(y, x) = static_cast<uint8_t>(dist(rng));
  return img;
}

}  // namespace hc::stereo::testing
