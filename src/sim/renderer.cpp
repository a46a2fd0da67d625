// Ray casting against a plane (closed form) and a few quadrics/boxes per person inside their
// screen-space bounding boxes: O(W*H) per view for the copy and the noise, plus O(area of the
// parts' boxes) for the people. No loop over all people per pixel.
// References: ray-quadric intersection (Glassner, An Introduction to Ray Tracing, 1989); slab
// method for boxes (Kay & Kajiya 1986); value noise (Perlin 1985, lattice variant).
#include "sim/renderer.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace hc::sim {
namespace {

inline uint32_t hash3(int x, int y, int z) {
  uint32_t h = static_cast<uint32_t>(x) * 0x8da6b343u ^ static_cast<uint32_t>(y) * 0xd8163841u ^
               static_cast<uint32_t>(z) * 0xcb1ab31fu;
  h ^= h >> 13;
  h *= 0x5bd1e995u;
  h ^= h >> 15;
  return h;
}
inline float lattice(int x, int y, int z) { return static_cast<float>(hash3(x, y, z) & 0xffff) / 32767.5f - 1.0f; }
inline float smooth(float t) { return t * t * (3.0f - 2.0f * t); }
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  return x ^ (x >> 33);
}
inline double dot3(const core::Vec3& a, const core::Vec3& b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

constexpr double kFloorAlbedo = 0.5;
constexpr double kFloorRadiance = 140.0;  // radiance of a mid-grey floor below the camera
constexpr float kKnee = 180.0f;           // radiance mapped to half scale
// A sensor pixel integrates the light over its area. The floor's albedo is averaged over this many
// sub-pixel rays per side: point sampling would alias the fine floor texture and the sharp grout
// lines wherever a pixel covers more floor than a texture cell (far away, at the edge of a wide
// lens), and an aliased edge moves with the pixel grid, not with the floor.
constexpr int kFloorSamplesPerSide = 3;
// Projector dots: every lit projector pixel is a Gaussian spot (sigma kDotSigmaPx projector
// pixels: optics blur, a real projector's dots are not sharp squares), and a camera pixel
// integrates it over its area. The projector sits at the left camera with the camera's
// intrinsics, so a projector pixel and a camera pixel cover about the same patch of a surface and
// the pixel's area is a unit box in projector pixels: the footprint of a spot at offset t is
// Phi((t + 1/2) / sigma) - Phi((t - 1/2) / sigma) per axis (separable), tabulated. Point-sampling
// the pattern put the dots in the right image at whole-pixel disparities, which pulled the floor
// calibration to whole pixels (2.52 m for 2.40 m on busy-low-mount).
constexpr double kDotSigmaPx = 1.0;
constexpr int kDotRadius = 3;                   // taps on each side of the nearest projector pixel
constexpr int kDotPad = 2 * kDotRadius;         // zero border of the pattern: no bounds checks
constexpr int kFootprintSteps = 128;            // table entries per projector pixel
constexpr double kFootprintReach = kDotRadius + 1.0;  // the table covers |t| <= this

}  // namespace

float value_noise3(float x, float y, float z) {
  const float fx = std::floor(x), fy = std::floor(y), fz = std::floor(z);
  const int ix = static_cast<int>(fx), iy = static_cast<int>(fy), iz = static_cast<int>(fz);
  const float tx = smooth(x - fx), ty = smooth(y - fy), tz = smooth(z - fz);
  auto lerp = [](float a, float b, float t) { return a + (b - a) * t; };
  const float c00 = lerp(lattice(ix, iy, iz), lattice(ix + 1, iy, iz), tx);
  const float c10 = lerp(lattice(ix, iy + 1, iz), lattice(ix + 1, iy + 1, iz), tx);
  const float c01 = lerp(lattice(ix, iy, iz + 1), lattice(ix + 1, iy, iz + 1), tx);
  const float c11 = lerp(lattice(ix, iy + 1, iz + 1), lattice(ix + 1, iy + 1, iz + 1), tx);
  return lerp(lerp(c00, c10, ty), lerp(c01, c11, ty), tz);
}

Renderer::Renderer(const Scenario& scenario, uint64_t seed)
    : scenario_(scenario), seed_(seed), camera_(scenario.camera()), geo_(camera_, scenario.plane()) {
  light_scale_ = kFloorRadiance * scenario.height_m * scenario.height_m / kFloorAlbedo;
  std::mt19937_64 rng(mix64(seed ^ 0x5eedULL));
  gauss_.resize(1 << 18);
  std::normal_distribution<float> nd(0.0f, 1.0f);
  for (auto& g : gauss_) g = nd(rng);
  for (int i = 0; i < 256; ++i)
    sigma_[i] = static_cast<float>(std::sqrt(scenario.read_noise * scenario.read_noise + scenario.shot_noise * i));
  if (scenario.dot_pattern) {
    // A fixed pseudo-random dot pattern (about 6 % of projector pixels lit, in 2x2 blocks) from a
    // projector at the left camera, with a zero border.
    dots_ = cv::Mat::zeros(camera_.height + 2 * kDotPad, camera_.width + 2 * kDotPad, CV_32FC1);
    for (int v = 0; v < camera_.height; ++v)
      for (int u = 0; u < camera_.width; ++u)
        if ((hash3(u / 2, v / 2, 991) & 0xff) < 15) dots_.at<float>(v + kDotPad, u + kDotPad) = 1.0f;
    const int n = static_cast<int>(2 * kFootprintReach * kFootprintSteps) + 1;
    dot_footprint_.resize(static_cast<size_t>(n) + 1);
    auto phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
    for (int i = 0; i < n; ++i) {
      const double t = static_cast<double>(i) / kFootprintSteps - kFootprintReach;
      dot_footprint_[static_cast<size_t>(i)] =
          static_cast<float>(phi((t + 0.5) / kDotSigmaPx) - phi((t - 0.5) / kDotSigmaPx));
    }
    dot_footprint_.back() = dot_footprint_[static_cast<size_t>(n) - 1];  // linear interpolation's last step
  }
  views_[0].ox = 0.0;
  views_[1].ox = camera_.baseline_m;
  for (auto& v : views_) build_background(v);
}

float Renderer::floor_albedo(core::Point2 p) const {
  const float x = static_cast<float>(p.x), y = static_cast<float>(p.y);
  for (const Box& b : scenario_.textureless)
    if (std::abs(p.x - b.x) < b.half_w && std::abs(p.y - b.y) < b.half_d)
      return 0.55f * (1.0f + 0.01f * value_noise3(x * 3.0f, y * 3.0f, 7.0f));
  if (scenario_.floor_texture == "carpet")
    return 0.42f * (1.0f + 0.22f * value_noise3(x * 60.0f, y * 60.0f, 1.0f) +
                    0.15f * value_noise3(x * 12.0f, y * 12.0f, 2.0f));
  constexpr float kTile = 0.6f;
  const float gx = std::floor(x / kTile), gy = std::floor(y / kTile);
  const float ex = std::min(x - gx * kTile, (gx + 1) * kTile - x);
  const float ey = std::min(y - gy * kTile, (gy + 1) * kTile - y);
  if (ex < 0.008f || ey < 0.008f) return 0.22f;  // grout
  const float tile = 0.45f + 0.1f * lattice(static_cast<int>(gx), static_cast<int>(gy), 3);
  return tile * (1.0f + 0.12f * value_noise3(x * 45.0f, y * 45.0f, 4.0f) +
                 0.06f * value_noise3(x * 9.0f, y * 9.0f, 5.0f));
}

float Renderer::pixel_floor_albedo(const View& view, int u, int v) const {
  const core::Vec3& n = geo_.plane().normal;
  const double h0 = n[0] * view.ox + geo_.plane().offset_m;
  constexpr int k = kFloorSamplesPerSide;
  float sum = 0.0f;
  int hits = 0;
  for (int sy = 0; sy < k; ++sy) {
    for (int sx = 0; sx < k; ++sx) {
      const double su = u + (sx + 0.5) / k - 0.5, sv = v + (sy + 0.5) / k - 0.5;
      const core::Vec3 d{(su - camera_.cx) / camera_.fx, (sv - camera_.cy) / camera_.fy, 1.0};
      const double nd = dot3(n, d);
      if (nd >= -1e-9) continue;
      const double t = -h0 / nd;
      sum += floor_albedo(geo_.to_floor({view.ox + t * d[0], t * d[1], t * d[2]}));
      ++hits;
    }
  }
  return hits > 0 ? sum / static_cast<float>(hits) : 0.0f;
}

float Renderer::vignette(double u, double v) const {
  const double du = (u - camera_.cx) / camera_.cx, dv = (v - camera_.cy) / camera_.cx;
  return static_cast<float>(1.0 - 0.3 * (du * du + dv * dv));
}

float Renderer::dot_footprint(double t) const {
  const double x = (t + kFootprintReach) * kFootprintSteps;
  if (x <= 0.0 || x >= static_cast<double>(dot_footprint_.size() - 1)) return 0.0f;
  const auto i = static_cast<size_t>(x);
  const auto f = static_cast<float>(x - static_cast<double>(i));
  return dot_footprint_[i] + f * (dot_footprint_[i + 1] - dot_footprint_[i]);
}

float Renderer::dot_boost(const core::Vec3& X) const {
  if (dots_.empty() || X[2] <= 0) return 0.0f;
  // Continuous projector coordinates: pixel i's spot is centred on i, as camera pixel u's ray is.
  const double x = camera_.fx * X[0] / X[2] + camera_.cx;
  const double y = camera_.fy * X[1] / X[2] + camera_.cy;
  if (!(x > -kDotRadius && y > -kDotRadius && x < camera_.width + kDotRadius - 1 &&
        y < camera_.height + kDotRadius - 1)) {
    return 0.0f;
  }
  const int ix = static_cast<int>(std::lround(x)), iy = static_cast<int>(std::lround(y));
  float wx[2 * kDotRadius + 1], wy[2 * kDotRadius + 1];
  for (int k = -kDotRadius; k <= kDotRadius; ++k) {
    wx[k + kDotRadius] = dot_footprint(x - (ix + k));
    wy[k + kDotRadius] = dot_footprint(y - (iy + k));
  }
  float lit = 0.0f;
  for (int j = 0; j <= 2 * kDotRadius; ++j) {
    const float* row = dots_.ptr<float>(iy - kDotRadius + j + kDotPad) + ix - kDotRadius + kDotPad;
    float s = 0.0f;
    for (int i = 0; i <= 2 * kDotRadius; ++i) s += wx[i] * row[i];
    lit += wy[j] * s;
  }
  if (lit <= 0.0f) return 0.0f;
  return static_cast<float>(0.35 * light_scale_ * lit / dot3(X, X));
}

float Renderer::shade(const View& view, const Primitive& p, const core::Vec3& X, const core::Vec3& n,
                      const core::Vec3& local, double u, double v) const {
  float albedo = p.albedo;
  float scale = p.texture_scale;
  if (p.hair_albedo >= 0.0f && local[2] > 0.25) {
    albedo = p.hair_albedo;
    scale *= 3.0f;
  }
  albedo *= 1.0f + p.texture_amp * value_noise3(static_cast<float>(local[0]) * scale + p.texture_seed,
                                                static_cast<float>(local[1]) * scale,
                                                static_cast<float>(local[2]) * scale);
  (void)view;
  // Flood light at the left camera: Lambert with an ambient floor, 1/r^2 falloff, vignetting.
  const double r2 = dot3(X, X);
  const double cosang = std::abs(dot3(n, X)) / std::sqrt(r2 * dot3(n, n));
  return static_cast<float>(light_scale_ * albedo * (0.3 + 0.7 * cosang) / r2) * vignette(u, v) +
         dot_boost(X);
}

void Renderer::build_background(View& view) {
  const int W = camera_.width, H = camera_.height;
  view.background.create(H, W, CV_32FC1);
  view.background_depth.create(H, W, CV_32FC1);
  const core::Vec3& n = geo_.plane().normal;
  const double h0 = n[0] * view.ox + geo_.plane().offset_m;
  Primitive floor;  // only albedo/texture fields matter for the floor's shading
  floor.texture_amp = 0.0f;
  for (int v = 0; v < H; ++v)
    for (int u = 0; u < W; ++u) {
      const core::Vec3 d{(u - camera_.cx) / camera_.fx, (v - camera_.cy) / camera_.fy, 1.0};
      const double nd = dot3(n, d);
      float rad = 5.0f, depth = 0.0f;  // rays that miss the floor see a dark far wall
      if (nd < -1e-9) {
        const double t = -h0 / nd;
        const core::Vec3 X{view.ox + t * d[0], t * d[1], t * d[2]};
        floor.albedo = pixel_floor_albedo(view, u, v);
        rad = shade(view, floor, X, n, {0, 0, 0}, u, v);
        depth = static_cast<float>(t);
      }
      view.background.at<float>(v, u) = rad;
      view.background_depth.at<float>(v, u) = depth > 0 ? depth : 1e6f;
    }
  view.radiance = view.background;
  view.depth = view.background_depth;
  for (const Box& b : scenario_.clutter) {
    Primitive p = make_primitive(b.round ? Primitive::kEllipsoid : Primitive::kBox, geo_, {b.x, b.y},
                                 b.round ? b.height * 0.5 : b.height * 0.5, b.yaw_deg * M_PI / 180.0,
                                 b.half_w, b.half_d, b.height * 0.5);
    p.albedo = 0.35f + 0.3f * (hash3(static_cast<int>(b.x * 100), static_cast<int>(b.y * 100), 9) & 0xff) / 255.0f;
    p.texture_amp = 0.3f;
    p.texture_scale = 12.0f;
    cast(view, p);
  }
  view.radiance = cv::Mat();
  view.depth = cv::Mat();
}

void Renderer::cast(View& view, const Primitive& p) {
  const int W = camera_.width, H = camera_.height;
  // Screen-space bounding box of the primitive's local cube.
  double umin = 1e9, umax = -1e9, vmin = 1e9, vmax = -1e9;
  bool behind = false;
  for (int k = 0; k < 8; ++k) {
    const double l[3] = {k & 1 ? 1.0 : -1.0, k & 2 ? 1.0 : -1.0, k & 4 ? 1.0 : -1.0};
    core::Vec3 X = p.c;
    for (int r = 0; r < 3; ++r)
      for (int c = 0; c < 3; ++c) X[r] += p.Ainv[r * 3 + c] * l[c];
    if (X[2] < 0.05) { behind = true; break; }
    const double u = camera_.fx * (X[0] - view.ox) / X[2] + camera_.cx;
    const double v = camera_.fy * X[1] / X[2] + camera_.cy;
    umin = std::min(umin, u); umax = std::max(umax, u);
    vmin = std::min(vmin, v); vmax = std::max(vmax, v);
  }
  const int u0 = behind ? 0 : std::max(0, static_cast<int>(std::floor(umin)));
  const int u1 = behind ? W - 1 : std::min(W - 1, static_cast<int>(std::ceil(umax)));
  const int v0 = behind ? 0 : std::max(0, static_cast<int>(std::floor(vmin)));
  const int v1 = behind ? H - 1 : std::min(H - 1, static_cast<int>(std::ceil(vmax)));
  if (u0 > u1 || v0 > v1) return;
  const core::Vec3 oc{view.ox - p.c[0], -p.c[1], -p.c[2]};
  const auto& A = p.A;
  const double q[3] = {A[0] * oc[0] + A[1] * oc[1] + A[2] * oc[2], A[3] * oc[0] + A[4] * oc[1] + A[5] * oc[2],
                       A[6] * oc[0] + A[7] * oc[1] + A[8] * oc[2]};
  const double qq = q[0] * q[0] + q[1] * q[1] + q[2] * q[2];
  for (int v = v0; v <= v1; ++v) {
    const double dv = (v - camera_.cy) / camera_.fy;
    float* rad = view.radiance.ptr<float>(v);
    float* dep = view.depth.ptr<float>(v);
    for (int u = u0; u <= u1; ++u) {
      const double du = (u - camera_.cx) / camera_.fx;
      const double w[3] = {A[0] * du + A[1] * dv + A[2], A[3] * du + A[4] * dv + A[5], A[6] * du + A[7] * dv + A[8]};
      double t;
      int face = -1;
      if (p.kind == Primitive::kEllipsoid) {
        const double a = w[0] * w[0] + w[1] * w[1] + w[2] * w[2];
        const double b = q[0] * w[0] + q[1] * w[1] + q[2] * w[2];
        const double disc = b * b - a * (qq - 1.0);
        if (disc < 0) continue;
        t = (-b - std::sqrt(disc)) / a;
      } else {
        double tn = -1e30, tf = 1e30;
        for (int i = 0; i < 3; ++i) {
          if (std::abs(w[i]) < 1e-12) {
            if (std::abs(q[i]) > 1.0) { tn = 1e30; break; }
            continue;
          }
          double t1 = (-1.0 - q[i]) / w[i], t2 = (1.0 - q[i]) / w[i];
          if (t1 > t2) std::swap(t1, t2);
          if (t1 > tn) { tn = t1; face = i; }
          tf = std::min(tf, t2);
        }
        if (tn > tf || face < 0) continue;
        t = tn;
      }
      if (t <= 0.0 || t >= dep[u]) continue;
      const core::Vec3 local{q[0] + t * w[0], q[1] + t * w[1], q[2] + t * w[2]};
      core::Vec3 n;
      if (p.kind == Primitive::kEllipsoid) {
        n = {A[0] * local[0] + A[3] * local[1] + A[6] * local[2], A[1] * local[0] + A[4] * local[1] + A[7] * local[2],
             A[2] * local[0] + A[5] * local[1] + A[8] * local[2]};
      } else {
        n = {A[face * 3], A[face * 3 + 1], A[face * 3 + 2]};
      }
      const core::Vec3 X{view.ox + t * du, t * dv, t};
      dep[u] = static_cast<float>(t);
      rad[u] = shade(view, p, X, n, local, u, v);
    }
  }
}

void Renderer::agent_primitives(const Agent& a, const AgentState& s, std::vector<Primitive>& out) const {
  const double S = a.stature_m, H = s.head_height_m, dz = H - S, h = s.heading_rad;
  const double ks = S / 1.75, kh = std::clamp(S / 1.75, 0.8, 1.05);
  const double ch = std::cos(h), sh = std::sin(h);
  auto at = [&](double fwd, double side) { return core::Point2{s.p.x + ch * fwd - sh * side, s.p.y + sh * fwd + ch * side}; };
  auto add = [&](Primitive::Kind k, core::Point2 xy, double z, double rf, double rs, double ru, float albedo,
                 float amp, float scale) {
    Primitive p = make_primitive(k, geo_, xy, z, h, rf, rs, ru);
    p.albedo = albedo;
    p.texture_amp = amp;
    p.texture_scale = scale;
    p.texture_seed = static_cast<float>(a.texture_seed);
    out.push_back(p);
    return out.size() - 1;
  };
  const double swing = std::sin(s.gait_phase);
  const auto shirt = static_cast<float>(a.shirt_albedo);
  add(Primitive::kEllipsoid, at(0.15 * swing, 0.09 * ks), 0.26 * S, 0.075 * ks, 0.075 * ks, 0.26 * S, 0.3f, 0.2f, 5.0f);
  add(Primitive::kEllipsoid, at(-0.15 * swing, -0.09 * ks), 0.26 * S, 0.075 * ks, 0.075 * ks, 0.26 * S, 0.3f, 0.2f, 5.0f);
  add(Primitive::kEllipsoid, at(-0.01, 0), 0.62 * S + dz, 0.12 * ks, 0.18 * ks, 0.2 * S, shirt, 0.3f, 4.0f);
  add(Primitive::kEllipsoid, at(-0.01, 0), 0.815 * S + dz, 0.11 * ks, 0.21 * ks, 0.06 * ks, shirt, 0.3f, 4.0f);
  add(Primitive::kEllipsoid, at(-0.1 * swing, 0.225 * ks), 0.6 * S + dz, 0.05 * ks, 0.05 * ks, 0.17 * S, shirt, 0.3f, 4.0f);
  add(Primitive::kEllipsoid, at(0.1 * swing, -0.225 * ks), 0.6 * S + dz, 0.05 * ks, 0.05 * ks, 0.17 * S, shirt, 0.3f, 4.0f);
  if (a.backpack)
    add(Primitive::kBox, at(-0.19 * ks, 0), 0.66 * S + dz, 0.07 * ks, 0.14 * ks, 0.17 * ks, 0.3f, 0.3f, 8.0f);
  // Head: its top is exactly the truth's head-top point (stature with bob, at the sway position).
  const size_t head = add(Primitive::kEllipsoid, s.p, H - 0.115 * kh, 0.10 * kh, 0.08 * kh, 0.115 * kh, 0.55f, 0.25f, 5.0f);
  out[head].hair_albedo = static_cast<float>(a.hair_albedo);
  if (a.hat) add(Primitive::kEllipsoid, s.p, H - 0.02, 0.14, 0.14, 0.045, 0.3f, 0.25f, 10.0f);
  if (a.pushed == Pushed::kCart) {
    add(Primitive::kBox, at(0.8, 0), 0.7, 0.4, 0.27, 0.22, 0.6f, 0.5f, 20.0f);
    add(Primitive::kBox, at(0.8, 0), 0.2, 0.35, 0.22, 0.03, 0.5f, 0.5f, 20.0f);
  } else if (a.pushed == Pushed::kStroller) {
    add(Primitive::kBox, at(0.65, 0), 0.55, 0.3, 0.22, 0.15, 0.35f, 0.3f, 10.0f);
    add(Primitive::kEllipsoid, at(0.55, 0), 0.8, 0.22, 0.24, 0.18, 0.4f, 0.3f, 10.0f);
  }
}

void Renderer::finish(const View& view, double gain, uint64_t key, cv::Mat& out) const {
  out.create(camera_.height, camera_.width, CV_8UC1);
  const uint32_t mask = static_cast<uint32_t>(gauss_.size() - 1);
  const auto g = static_cast<float>(gain);
  for (int v = 0; v < out.rows; ++v) {
    const float* rad = view.radiance.ptr<float>(v);
    uint8_t* o = out.ptr<uint8_t>(v);
    const auto off = static_cast<uint32_t>(mix64(key + static_cast<uint64_t>(v)));
    for (int u = 0; u < out.cols; ++u) {
      // Sensor response with soft saturation (Reinhard curve): near heads keep their texture.
      const float e = std::max(g * rad[u], 0.0f);
      const float x = std::min(255.0f * e / (e + kKnee), 255.0f);
      const float y = x + gauss_[(off + static_cast<uint32_t>(u)) & mask] * sigma_[static_cast<int>(x)];
      o[u] = static_cast<uint8_t>(std::clamp(y + 0.5f, 0.0f, 255.0f));
    }
  }
}

void Renderer::render(const std::vector<Agent>& agents, double t_s, int64_t frame_index, cv::Mat& left,
                      cv::Mat& right, cv::Mat* depth_left) {
  prims_.clear();
  for (const Agent& a : agents) {
    const AgentState s = agent_state(a, t_s);
    if (s.present) agent_primitives(a, s, prims_);
  }
  for (int side = 0; side < 2; ++side) {
    View& view = views_[side];
    view.background.copyTo(view.radiance);
    view.background_depth.copyTo(view.depth);
    for (const Primitive& p : prims_) cast(view, p);
    const double gain = (side == 0 ? 1.0 : 1.0 + scenario_.gain_mismatch) * exposure_.gain * exposure_.illumination;
    finish(view, gain, mix64(seed_ * 0x9e3779b97f4a7c15ULL + static_cast<uint64_t>(frame_index) * 2 + side),
           side == 0 ? left : right);
  }
  if (depth_left) {
    views_[0].depth.copyTo(*depth_left);
    cv::Mat far = *depth_left > 1e5f;
    depth_left->setTo(0.0f, far);
  }
}

}  // namespace hc::sim
