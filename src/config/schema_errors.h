// Schema validation with valijson, its results turned into readable ConfigErrors.
#pragma once

#include "config/config.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace hc::config {

// Validates `document` against `schema_root`; every failure becomes {path, message} such as
// {"rules.lines[2].points", "6 points (5 segments), at most 4 segments"}. Sorted by path, no duplicates.
std::vector<ConfigError> schema_errors(const nlohmann::json& schema_root, const nlohmann::json& document);

}  // namespace hc::config
