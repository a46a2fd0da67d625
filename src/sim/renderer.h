// Deterministic renderer of a ceiling-mounted stereo IR camera over a simulated entrance.
// The static scene (floor, clutter) is ray-cast once per view (the floor over 3x3 rays per pixel,
// as a sensor integrates over the pixel area); each frame copies it and ray-casts
// only the pixels inside each person part's screen-space bounding box, with a depth buffer, then
// adds IR imaging effects: flood light with 1/r^2 falloff and vignetting (baked into the
// shading), optional projected dots (Gaussian spots integrated over the pixel area), left/right gain mismatch, shot and read noise.
// Surface texture is a function of 3-D position (floor coordinates, or the part's local
// coordinates), so the two views agree and stereo matching works on it.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

#include "core/floor_geometry.h"
#include "sim/crowd.h"
#include "sim/primitive.h"
#include "sim/scenario.h"

namespace hc::sim {

// The camera's exposure over the simulated lighting (the image settings, guide 5.5). The default
// renders exactly what `headcount simulate` writes.
struct Exposure {
  double gain = 1.0;          // sensor gain: the target brightness (x0.25 at 0 %, x1 at 50 %, x4 at 100 %)
  double illumination = 1.0;  // scene light: 1 by day; at night only the camera's IR flood is left
};

class Renderer {
 public:
  Renderer(const Scenario& scenario, uint64_t seed);

  const core::CameraModel& camera() const { return camera_; }
  const core::FloorGeometry& geometry() const { return geo_; }

  // Renders frame `frame_index` (its noise depends on it) with the agents' states at time t.
  // left/right: CV_8UC1 rectified images. depth_left (optional): CV_32FC1 depth along the optical
  // axis (metres) of the left view, what the pixel shows.
  void render(const std::vector<Agent>& agents, double t_s, int64_t frame_index, cv::Mat& left,
              cv::Mat& right, cv::Mat* depth_left = nullptr);

  void set_exposure(const Exposure& exposure) { exposure_ = exposure; }
  const Exposure& exposure() const { return exposure_; }

  // The primitives of one agent at time t (person parts, hat, backpack, cart or stroller).
  void agent_primitives(const Agent& agent, const AgentState& state, std::vector<Primitive>& out) const;

 private:
  struct View {
    double ox = 0.0;           // camera centre x in the left camera frame (0 or baseline)
    cv::Mat background;        // CV_32FC1 radiance before noise
    cv::Mat background_depth;  // CV_32FC1 metres
    cv::Mat radiance, depth;   // per-frame buffers
  };
  void build_background(View& view);
  void cast(View& view, const Primitive& p);
  float shade(const View& view, const Primitive& p, const core::Vec3& X, const core::Vec3& n,
              const core::Vec3& local, double u, double v) const;
  float floor_albedo(core::Point2 xy) const;
  float pixel_floor_albedo(const View& view, int u, int v) const;  // averaged over the pixel's area
  float vignette(double u, double v) const;
  float dot_boost(const core::Vec3& X) const;      // projector light at X (0 without dots)
  float dot_footprint(double t) const;             // one axis of a spot over a pixel, offset t
  void finish(const View& view, double gain, uint64_t noise_key, cv::Mat& out) const;

  Scenario scenario_;
  uint64_t seed_;
  core::CameraModel camera_;
  core::FloorGeometry geo_;
  double light_scale_ = 1.0;
  Exposure exposure_;
  View views_[2];
  cv::Mat dots_;                 // CV_32FC1 lit projector pixels (1), left-image coordinates + border
  std::vector<float> dot_footprint_;  // dot_footprint() table
  std::vector<float> gauss_;     // unit normal samples
  float sigma_[256];             // noise sigma per grey level
  std::vector<Primitive> prims_;  // scratch
};

// Value noise in [-1, 1] over 3-D position (smooth, period 64 per unit); deterministic.
float value_noise3(float x, float y, float z);

}  // namespace hc::sim
