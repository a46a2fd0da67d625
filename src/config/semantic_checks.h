// Checks the schema cannot express: geometry of lines and polygons, cross-field constraints,
// protocol-specific required fields and unique names. Runs on a schema-valid document.
#pragma once

#include "config/config.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace hc::config {

std::vector<ConfigError> semantic_errors(const nlohmann::json& document);

}  // namespace hc::config
