// Schema walking for defaults: a recursive descent over "properties" and "items" (draft-07 subset
// used by config/schema.json); linear in the size of the document plus the schema.
#include "config/schema_walk.h"

#include <algorithm>

namespace hc::config {

std::string format_path(const JsonPath& path) {
  std::string out;
  for (const auto& step : path) {
    if (step.is_index()) {
      out.append("[").append(std::to_string(step.index)).append("]");
    } else {
      if (!out.empty()) out += ".";
      out += step.key;
    }
  }
  return out;
}

void fill_defaults(const nlohmann::json& node, nlohmann::json& value) {
  if (!node.is_object()) return;
  if (value.is_object()) {
    auto props = node.find("properties");
    if (props == node.end()) return;
    const auto required = node.find("required");
    for (const auto& [key, child] : props->items()) {
      // A required key must come from the document; its "default" only seeds new items in the GUI.
      const bool is_required =
          required != node.end() && std::find(required->begin(), required->end(), key) != required->end();
      if (!value.contains(key) && is_required) continue;
      if (!value.contains(key)) {
        auto def = child.find("default");
        if (def == child.end()) continue;
        value[key] = *def;
      }
      fill_defaults(child, value[key]);
    }
  } else if (value.is_array()) {
    auto items = node.find("items");
    if (items == node.end() || !items->is_object()) return;
    for (auto& element : value) fill_defaults(*items, element);
  }
}

const nlohmann::json* schema_node_at(const nlohmann::json& root, const JsonPath& path) {
  const nlohmann::json* node = &root;
  for (const auto& step : path) {
    if (step.is_index()) {
      auto items = node->find("items");
      if (items == node->end() || !items->is_object()) return nullptr;
      node = &*items;
    } else {
      auto props = node->find("properties");
      if (props == node->end()) return nullptr;
      auto child = props->find(step.key);
      if (child == props->end()) return nullptr;
      node = &*child;
    }
  }
  return node;
}

const nlohmann::json* value_at(const nlohmann::json& document, const JsonPath& path) {
  const nlohmann::json* value = &document;
  for (const auto& step : path) {
    if (step.is_index()) {
      if (!value->is_array() || step.index >= value->size()) return nullptr;
      value = &(*value)[step.index];
    } else {
      if (!value->is_object()) return nullptr;
      auto child = value->find(step.key);
      if (child == value->end()) return nullptr;
      value = &*child;
    }
  }
  return value;
}

}  // namespace hc::config
