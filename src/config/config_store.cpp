// The live configuration: copy-on-write snapshots behind a mutex; writers validate, persist, then
// publish, so readers never observe a document that is not on disk.
#include "config/config.h"

#include <stdexcept>

namespace hc::config {

ConfigStore::ConfigStore(std::filesystem::path path, nlohmann::json document)
    : path_(std::move(path)), current_(std::make_shared<const nlohmann::json>(std::move(document))) {}

ValidationResult ConfigStore::open(const std::filesystem::path& path, std::unique_ptr<ConfigStore>& out) {
  ValidationResult result;
  if (std::filesystem::exists(path)) {
    result = load_file(path);
    for (auto& e : result.errors) {
      if (e.path.empty() && e.message.rfind(path.string(), 0) != 0) e.message = path.string() + ": " + e.message;
    }
    if (!result.ok()) return result;
  } else {
    result = validate(defaults());
  }
  try {
    // Writing back also persists any UUIDs created for rules that had none.
    save_atomic(path, result.document);
  } catch (const std::exception& e) {
    result.errors.push_back({"", e.what()});
    return result;
  }
  out.reset(new ConfigStore(path, result.document));
  return result;
}

ConfigStore::Snapshot ConfigStore::get() const {
  std::lock_guard lock(mutex_);
  return current_;
}

ValidationResult ConfigStore::replace(const nlohmann::json& document) {
  ValidationResult result = validate(document);
  if (!result.ok()) return result;
  std::vector<Listener> listeners;
  Snapshot snapshot;
  {
    std::lock_guard lock(mutex_);
    try {
      save_atomic(path_, result.document);
    } catch (const std::exception& e) {
      result.errors.push_back({"", e.what()});
      return result;
    }
    snapshot = std::make_shared<const nlohmann::json>(result.document);
    current_ = snapshot;
    listeners = listeners_;
  }
  // Listeners run outside the lock so they may call get().
  for (const auto& listener : listeners) listener(snapshot);
  return result;
}

ValidationResult ConfigStore::replace_section(const std::string& section, const nlohmann::json& value) {
  nlohmann::json document = *get();
  if (!document.contains(section)) {
    ValidationResult result;
    result.errors.push_back({section, "unknown section"});
    return result;
  }
  document[section] = value;
  return replace(document);
}

void ConfigStore::subscribe(Listener listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

}  // namespace hc::config
