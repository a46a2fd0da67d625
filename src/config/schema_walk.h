// Walking the JSON Schema beside a document: default filling and locating the schema node of a path.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace hc::config {

// One step of a document path: an object key or an array index.
struct PathStep {
  std::string key;  // empty for an index
  std::size_t index = 0;
  bool is_index() const { return key.empty(); }
};
using JsonPath = std::vector<PathStep>;

// "rules.lines[2].points"
std::string format_path(const JsonPath& path);
// Inserts every "default" of `node`'s properties that `value` lacks (except "required" ones), recursively (also inside array
// items). Values of the wrong type are left alone for the validator to report.
void fill_defaults(const nlohmann::json& node, nlohmann::json& value);
// The schema node describing `path`, or nullptr when the path leaves the schema.
const nlohmann::json* schema_node_at(const nlohmann::json& root, const JsonPath& path);
// The document value at `path`, or nullptr.
const nlohmann::json* value_at(const nlohmann::json& document, const JsonPath& path);

}  // namespace hc::config
