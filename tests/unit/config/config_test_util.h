// Helpers for the config tests: small valid rules and the error list as "path: message" strings.
#pragma once

#include "config/config.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hc::config::test {

// "path: message" for each error, in validate()'s order.
std::vector<std::string> errors_of(const nlohmann::json& document);
// A zig-zag polyline of `segments` segments inside a 640x400 image, never crossing itself.
nlohmann::json zigzag(int segments);
// A convex polygon of `vertices` vertices around (320, 200), radius 100.
nlohmann::json convex_polygon(int vertices);
// A document with one valid line / region / recipient added.
nlohmann::json with_line(nlohmann::json line);
nlohmann::json with_region(nlohmann::json region);
nlohmann::json http_recipient(const std::string& name);

}  // namespace hc::config::test
