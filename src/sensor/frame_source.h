// The one interface every source of frames implements: recordings, video files, image sequences,
// depth sequences, live cameras and the simulator. The stereo stage consumes it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/camera_model.h"
#include "sensor/frame.h"
#include "sensor/image_settings.h"
#include "sensor/source_error.h"

namespace hc::sensor {

class FrameSource {
 public:
  virtual ~FrameSource() = default;

  // The next frame, rectified; nullopt at the end of a finite stream. Throws SourceError naming the
  // file and frame for bad input (missing or unreadable file, size mismatch, time going backwards).
  virtual std::optional<Frame> next() = 0;
  // Moves past the next `count` frames without handing them out (a live counter that fell behind
  // drops them); returns how many it skipped, fewer at the end of a finite stream. This default
  // reads and discards them; a source that can skip a frame without producing it overrides it.
  virtual int64_t skip(int64_t count) {
    int64_t skipped = 0;
    while (skipped < count && next()) ++skipped;
    return skipped;
  }
  // The rectified left camera (or the depth camera) valid for every frame of the stream.
  virtual core::CameraModel camera() const = 0;
  // Frames in the stream; -1 when unknown or endless (live cameras, the looping simulator).
  virtual int64_t frame_count() const { return -1; }
  // Nominal frames per second (0 when unknown).
  virtual double fps() const { return 0.0; }
  // A short human-readable description for logs ("recording /data/rec1", "v4l2 /dev/video0").
  virtual std::string describe() const = 0;
  // Applies the image settings (night: whether night mode is in force now) as far as this source
  // can, and says per setting what it did. Recorded frames cannot be changed: all unsupported.
  virtual ImageStatus apply_image_settings(const ImageSettings& /*settings*/, bool /*night*/) {
    return unsupported_image_settings("recorded frames cannot be adjusted (" + describe() + ")");
  }
};

}  // namespace hc::sensor
