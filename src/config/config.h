// The configuration document: one JSON object holding every setting of the guide's pages, described
// by config/schema.json (the single source of validation, defaults and the GUI's forms).
//
// validate() is the only way a document becomes "the configuration": it fills defaults, creates
// missing rule/recipient UUIDs, checks the schema and the geometry (segments, self-intersection,
// vertices inside the image) and returns every error with its JSON path, never throwing on bad input.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace hc::config {

struct ConfigError {
  std::string path;     // e.g. "rules.lines[2].points"; empty for the whole document or file
  std::string message;  // e.g. "5 segments, at most 4"
  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};

struct ValidationResult {
  nlohmann::json document;  // with defaults filled; meaningful only when ok()
  std::vector<ConfigError> errors;
  bool ok() const { return errors.empty(); }
};

// The schema config/schema.json, embedded into the library at build time and parsed once.
const nlohmann::json& schema();
// The full document with every default filled in (no lines, regions or recipients).
nlohmann::json defaults();
ValidationResult validate(const nlohmann::json& document);
// Parses and validates a file; a parse error names the file, line and column.
ValidationResult load_file(const std::filesystem::path& path);
// Writes to a temporary file beside `path`, fsyncs it and renames it over `path`, so a crash leaves
// either the old or the new document. Throws std::runtime_error naming the file on failure.
void save_atomic(const std::filesystem::path& path, const nlohmann::json& document);
// A copy with secrets (passwords, private keys) replaced by empty strings, for exports and logs.
nlohmann::json without_secrets(const nlohmann::json& document);

// The live configuration of a running counter: a validated document, replaced whole and persisted
// atomically; readers get immutable snapshots, stages subscribe to changes.
class ConfigStore {
 public:
  using Snapshot = std::shared_ptr<const nlohmann::json>;
  using Listener = std::function<void(const Snapshot&)>;

  // Loads `path` if it exists (an invalid file is an error naming it), else starts from defaults
  // and writes them.
  static ValidationResult open(const std::filesystem::path& path, std::unique_ptr<ConfigStore>& out);

  Snapshot get() const;
  // Validates the whole new document; on success stores it atomically and notifies listeners. On
  // failure nothing changes.
  ValidationResult replace(const nlohmann::json& document);
  // Replaces one top-level section ("rules", "communication", ...) and validates the result whole.
  ValidationResult replace_section(const std::string& section, const nlohmann::json& value);
  void subscribe(Listener listener);

 private:
  explicit ConfigStore(std::filesystem::path path, nlohmann::json document);
  std::filesystem::path path_;
  mutable std::mutex mutex_;
  Snapshot current_;
  std::vector<Listener> listeners_;
};

}  // namespace hc::config
