// The count store of `headcount run` as the configuration describes it: the retentions of raw
// events and per-minute bins come from system.storage (docs/storage.md).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>

#include "store/store.h"

namespace hc::app {

// Options for the store at `db` with the retentions of a validated `document` (StoreOptions'
// defaults where the document has no system.storage).
store::StoreOptions run_store_options(const std::filesystem::path& db, const nlohmann::json& document);

// Puts the retentions of a validated `document` in force on a running store (from its next batch).
void apply_store_retention(store::Store& store, const nlohmann::json& document);

}  // namespace hc::app
