// valijson (draft-07) is the authority on whether a document matches config/schema.json; its messages
// ("Expected number less than or equal to 4.000000") and contexts ("<root>", "[rules]", "[2]") are
// not fit for users, so each failing path is re-diagnosed here against its own schema node to say
// what is wrong in the guide's terms. Cost: one validation pass plus a local check per failing path.
#include "config/schema_errors.h"

#include "config/schema_walk.h"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

namespace hc::config {
namespace {

std::string type_name(const nlohmann::json& v) {
  if (v.is_number_integer()) return "integer";
  if (v.is_number()) return "number";
  if (v.is_string()) return "string";
  if (v.is_boolean()) return "boolean";
  if (v.is_array()) return "array";
  if (v.is_object()) return "object";
  return "null";
}

bool type_matches(const std::string& type, const nlohmann::json& v) {
  if (type == "integer") return v.is_number_integer();
  if (type == "number") return v.is_number();
  return type == type_name(v);
}

std::size_t utf8_length(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// Human wording of the schema's patterns.
std::string pattern_hint(const std::string& pattern) {
  static const std::map<std::string, std::string> kHints = {
      {"^([01][0-9]|2[0-3]):[0-5][0-9]$", "a time HH:MM from 00:00 to 23:59"},
      {"^([0-9]{4,8})?$", "4 to 8 digits, or empty"},
      {"^UTC[+-](0[0-9]|1[0-4]):(00|30|45)$", "a time zone like UTC+08:00"},
      {"^(auto|[1-9]|1[01])$", "auto or a channel 1..11"},
      {"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", "a lower-case UUID"},
  };
  auto it = kHints.find(pattern);
  return it != kHints.end() ? it->second : "the pattern " + pattern;
}

// What the items of an array are called, so counts read in the guide's terms.
std::string count_message(const JsonPath& path, std::size_t n, std::size_t limit, bool at_most) {
  const std::string key = path.empty() || path.back().is_index() ? "" : path.back().key;
  const bool in_lines = path.size() >= 3 && path[path.size() - 3].key == "lines";
  const std::string bound = at_most ? ", at most " : ", at least ";
  if (key == "points" && in_lines) {
    // A polyline of n points has n - 1 segments.
    if (at_most) return std::to_string(n - 1) + " segments, at most " + std::to_string(limit - 1);
    return std::to_string(n) + " points, a line needs at least " + std::to_string(limit);
  }
  if (key == "points" || key == "uturn_area") {
    // A closed polygon of n vertices has n segments.
    if (at_most) return std::to_string(n) + " segments, at most " + std::to_string(limit);
    return std::to_string(n) + " vertices, a polygon needs at least " + std::to_string(limit);
  }
  if (key.empty()) return std::to_string(n) + " numbers, a point is [x, y]";
  return std::to_string(n) + " " + key + bound + std::to_string(limit);
}

void diagnose(const nlohmann::json& node, const nlohmann::json& v, const JsonPath& path,
              std::vector<ConfigError>& out) {
  const std::string p = format_path(path);
  if (auto t = node.find("type"); t != node.end() && t->is_string() && !type_matches(*t, v)) {
    out.push_back({p, "expected " + t->get<std::string>() + ", got " + type_name(v)});
    return;
  }
  if (auto c = node.find("const"); c != node.end() && *c != v) {
    out.push_back({p, "must be " + c->dump()});
  }
  if (auto e = node.find("enum"); e != node.end() && std::find(e->begin(), e->end(), v) == e->end()) {
    std::string options;
    for (const auto& o : *e) options += (options.empty() ? "" : ", ") + (o.is_string() ? o.get<std::string>() : o.dump());
    out.push_back({p, v.dump() + " is not one of: " + options});
  }
  if (v.is_number()) {
    if (auto m = node.find("minimum"); m != node.end() && v.get<double>() < m->get<double>())
      out.push_back({p, v.dump() + ", at least " + m->dump()});
    if (auto m = node.find("maximum"); m != node.end() && v.get<double>() > m->get<double>())
      out.push_back({p, v.dump() + ", at most " + m->dump()});
  }
  if (v.is_string()) {
    const auto s = v.get<std::string>();
    const auto n = utf8_length(s);
    if (auto m = node.find("maxLength"); m != node.end() && n > m->get<std::size_t>())
      out.push_back({p, std::to_string(n) + " characters, at most " + m->dump()});
    if (auto m = node.find("minLength"); m != node.end() && n < m->get<std::size_t>())
      out.push_back({p, std::to_string(n) + " characters, at least " + m->dump()});
    if (auto m = node.find("pattern"); m != node.end() && !std::regex_search(s, std::regex(m->get<std::string>())))
      out.push_back({p, v.dump() + " is not " + pattern_hint(m->get<std::string>())});
  }
  if (v.is_array()) {
    if (auto m = node.find("maxItems"); m != node.end() && v.size() > m->get<std::size_t>())
      out.push_back({p, count_message(path, v.size(), m->get<std::size_t>(), true)});
    if (auto m = node.find("minItems"); m != node.end() && v.size() < m->get<std::size_t>())
      out.push_back({p, count_message(path, v.size(), m->get<std::size_t>(), false)});
  }
  if (v.is_object()) {
    const auto props = node.find("properties");
    if (auto r = node.find("required"); r != node.end()) {
      for (const auto& key : *r) {
        if (!v.contains(key.get<std::string>())) {
          auto child = path;
          child.push_back({key.get<std::string>(), 0});
          out.push_back({format_path(child), "missing, it is required"});
        }
      }
    }
    if (auto a = node.find("additionalProperties"); a != node.end() && *a == false) {
      for (const auto& [key, unused] : v.items()) {
        if (props == node.end() || !props->contains(key)) {
          auto child = path;
          child.push_back({key, 0});
          out.push_back({format_path(child), "unknown key"});
        }
      }
    }
  }
}

bool is_wrapper(const std::string& description) {
  return description.rfind("Failed to validate item #", 0) == 0 ||
         description.rfind("Failed to validate against schema associated with property name", 0) == 0 ||
         description.rfind("Failed to validate against additional properties schema", 0) == 0;
}

// valijson contexts are "<root>", then "[key]" or "[index]"; which one is decided by the document.
JsonPath to_path(const nlohmann::json& document, const std::vector<std::string>& context) {
  JsonPath path;
  const nlohmann::json* v = &document;
  for (const auto& part : context) {
    if (part.size() < 2 || part.front() != '[' || part.back() != ']') continue;
    const auto inner = part.substr(1, part.size() - 2);
    if (v != nullptr && v->is_array()) {
      const auto index = static_cast<std::size_t>(std::stoul(inner));
      path.push_back({"", index});
      v = index < v->size() ? &(*v)[index] : nullptr;
    } else {
      path.push_back({inner, 0});
      v = (v != nullptr && v->is_object() && v->contains(inner)) ? &(*v)[inner] : nullptr;
    }
  }
  return path;
}

const valijson::Schema& compiled_schema(const nlohmann::json& schema_root) {
  // The schema is fixed for the life of the process: parse it once.
  static const valijson::Schema* compiled = [&] {
    auto* s = new valijson::Schema();
    valijson::SchemaParser parser;
    valijson::adapters::NlohmannJsonAdapter adapter(schema_root);
    parser.populateSchema(adapter, *s);
    return s;
  }();
  return *compiled;
}

}  // namespace

std::vector<ConfigError> schema_errors(const nlohmann::json& schema_root, const nlohmann::json& document) {
  valijson::Validator validator(valijson::Validator::kStrongTypes);
  valijson::ValidationResults results;
  valijson::adapters::NlohmannJsonAdapter target(document);
  if (validator.validate(compiled_schema(schema_root), target, &results)) return {};

  std::map<std::string, std::pair<JsonPath, std::vector<std::string>>> failing;
  valijson::ValidationResults::Error error;
  while (results.popError(error)) {
    if (is_wrapper(error.description)) continue;
    auto path = to_path(document, error.context);
    auto& entry = failing[format_path(path)];
    entry.first = path;
    entry.second.push_back(error.description);
  }
  std::vector<ConfigError> out;
  for (const auto& [key, entry] : failing) {
    const auto* node = schema_node_at(schema_root, entry.first);
    const auto* value = value_at(document, entry.first);
    const auto before = out.size();
    if (node != nullptr && value != nullptr) diagnose(*node, *value, entry.first, out);
    if (out.size() == before) {
      for (const auto& d : entry.second) out.push_back({key, d});
    }
  }
  std::sort(out.begin(), out.end(), [](const ConfigError& a, const ConfigError& b) {
    return a.path != b.path ? a.path < b.path : a.message < b.message;
  });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const ConfigError& a, const ConfigError& b) {
                          return a.path == b.path && a.message == b.message;
                        }),
            out.end());
  return out;
}

}  // namespace hc::config
