// What the web server needs from the running counter, as small interfaces so the server is tested
// with in-process implementations and wired to the real pipeline by `headcount run`.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

namespace hc::web {

// The latest processed frame as plain pixels, for the preview (MJPEG / snapshot). The web layer
// applies the privacy settings (image type, resolution, none) before any pixel leaves the device.
struct PreviewFrame {
  int64_t frame_index = -1;          // -1: no frame yet
  double t_s = 0;                    // Unix time of the frame
  int width = 0, height = 0;
  std::vector<uint8_t> gray;         // left rectified image, width*height; empty for depth sensors
  std::vector<uint16_t> height_mm;   // height above the floor per pixel in mm, 0 = unknown/floor;
                                     // empty before the floor is known
};

class LiveState {
 public:
  virtual ~LiveState() = default;
  // {lines: [{uuid, name, in, out, capacity}], regions: [{uuid, name, count}], t_s}
  virtual nlohmann::json counts() const = 0;
  // {stages: [{name, fps, latency_ms, drops, queue}]}
  virtual nlohmann::json stats() const = 0;
  // Clears the cumulative counts.
  virtual void reset_counts() = 0;

  // The floor calibration behind the rules page's "Detect" button:
  // {state: "detecting"|"ok"|"refused", installation_height_m, tilt_deg, confidence, reason}
  // (height/tilt/confidence present when state is "ok"; reason says why when "refused").
  virtual nlohmann::json floor_detection() const = 0;
  // Starts a fresh floor detection from the coming frames; returns at once (poll floor_detection).
  virtual void request_floor_detection() = 0;
  // What is drawn over the preview for the latest frame:
  // {frame_index, t_s, width, height,
  //  tracks: [{id, u, v, x_m, y_m, stature_m, child, gender, path: [[u, v], ...]}],
  //  detections: [{u, v, height_m}]}
  // Pixel coordinates are in the preview image (left rectified image); x_m/y_m in the floor frame.
  virtual nlohmann::json overlay() const = 0;
  // The latest frame's pixels (see PreviewFrame).
  virtual PreviewFrame preview() const = 0;
  // How the frame source applied the image settings (guide 5.5): {source, night, applied_s,
  // settings, status: {<setting>: {state: "applied"|"unsupported"|"not in use", detail}}};
  // {error} when no source applies them.
  virtual nlohmann::json image_status() const { return {{"error", "no frame source applies image settings"}}; }
};

}  // namespace hc::web
