// The text of config/schema.json, embedded at build time (see src/config/CMakeLists.txt).
#pragma once

#include <string_view>

namespace hc::config {

std::string_view schema_text();

}  // namespace hc::config
