// The preview image as the privacy settings allow it to leave the device (guide 4 privacy step,
// config `privacy`): monochrome or pseudo-colour, and at "low" resolution downscaled and blurred so
// that people cannot be recognised. Whether an image may be sent at all (scene_preview) is decided
// by the routes (routes_live.cpp); this file only renders and encodes.
#pragma once

#include "web/live_state.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace hc::web {

struct PreviewSettings {
  bool pseudo_color = false;  // privacy.image_type == "pseudo_color"
  bool low = true;            // privacy.resolution == "low"
};
// From the `privacy` configuration object (schema defaults for missing fields).
PreviewSettings preview_settings(const nlohmann::json& privacy);

// "low": the image is downscaled by this factor, then blurred with this sigma (in the small image's
// pixels): a person's head of ~60 px at full resolution becomes a blob of ~15 px without features.
constexpr int kLowResolutionFactor = 4;
constexpr double kLowResolutionBlurSigma = 2.0;
// Heights mapped onto the colour scale: 0 (floor / unknown) .. this many millimetres.
constexpr int kPseudoColorMaxHeightMm = 2500;
constexpr int kJpegQuality = 80;

// The JPEG of `frame` under `settings`: gray (or, for depth sensors, height as gray) when
// monochrome; a colour map of height_mm (or of gray when there is no height) when pseudo-colour.
// Output size: width x height, or ceil(width / 4) x ceil(height / 4) when low. Returns an empty
// vector when the frame has no pixels; throws std::invalid_argument naming the field when the
// pixel arrays do not match width x height.
std::vector<uint8_t> encode_preview_jpeg(const PreviewFrame& frame, const PreviewSettings& settings);

}  // namespace hc::web
