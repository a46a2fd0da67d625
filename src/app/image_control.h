// The image section of the configuration (guide 5.5) for the frame source: parsed into
// sensor::ImageSettings, night decided on the device's local clock, and the source's per-setting
// status as the JSON of GET /api/v1/image/status (docs/live-view.md "Image settings").
#pragma once

#include <nlohmann/json.hpp>

#include "sensor/image_settings.h"

namespace hc::app {

// The `image` object (validated by the schema; missing fields take their defaults). Throws
// std::invalid_argument naming image.<field> for a value the schema would refuse.
sensor::ImageSettings parse_image_settings(const nlohmann::json& image);

// Minute of the device's local day (0..1439) at unix_s, in the zone and DST of `system.time`.
int local_minute_of_day(const nlohmann::json& time_config, double unix_s);

// {source, night, applied_s, settings: <the image section applied>,
//  status: {<setting>: {state: "applied"|"unsupported"|"not in use", detail}}}
nlohmann::json image_status_json(const sensor::ImageStatus& status, bool night, const std::string& source,
                                 const nlohmann::json& settings, double applied_s);

}  // namespace hc::app
