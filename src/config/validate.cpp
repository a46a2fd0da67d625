// validate(): defaults, rule UUIDs, schema (valijson) and then the semantic checks, which assume a
// schema-valid document and so run only when the schema passes.
#include "config/config.h"

#include "config/schema_errors.h"
#include "config/schema_text.h"
#include "config/schema_walk.h"
#include "config/semantic_checks.h"
#include "core/uuid.h"

namespace hc::config {
namespace {

// Every rule and recipient gets a stable UUID when first seen; an existing one is never changed.
void assign_uuids(nlohmann::json& list) {
  if (!list.is_array()) return;
  for (auto& item : list) {
    if (item.is_object() && !item.contains("uuid")) item["uuid"] = core::new_uuid();
  }
}

}  // namespace

const nlohmann::json& schema() {
  static const nlohmann::json parsed = nlohmann::json::parse(schema_text());
  return parsed;
}

nlohmann::json defaults() {
  nlohmann::json document = nlohmann::json::object();
  fill_defaults(schema(), document);
  return document;
}

ValidationResult validate(const nlohmann::json& document) {
  ValidationResult result;
  if (!document.is_object()) {
    result.errors.push_back({"", "the configuration must be a JSON object"});
    return result;
  }
  result.document = document;
  fill_defaults(schema(), result.document);
  auto& doc = result.document;
  if (doc["rules"].is_object()) {
    assign_uuids(doc["rules"]["lines"]);
    assign_uuids(doc["rules"]["regions"]);
  }
  if (doc["communication"].is_object()) assign_uuids(doc["communication"]["recipients"]);
  result.errors = schema_errors(schema(), doc);
  if (result.errors.empty()) result.errors = semantic_errors(doc);
  return result;
}

}  // namespace hc::config
