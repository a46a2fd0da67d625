// system.storage -> StoreOptions / Store::set_retention.
#include "app/run_store.h"

namespace hc::app {

store::StoreOptions run_store_options(const std::filesystem::path& db, const nlohmann::json& document) {
  store::StoreOptions o{db};
  const nlohmann::json system = document.value("system", nlohmann::json::object());
  const nlohmann::json storage = system.value("storage", nlohmann::json::object());
  o.max_records = storage.value("max_raw_events", o.max_records);
  o.bin_retention_days = storage.value("bin_retention_days", o.bin_retention_days);
  return o;
}

void apply_store_retention(store::Store& store, const nlohmann::json& document) {
  const store::StoreOptions o = run_store_options({}, document);
  store.set_retention(o.max_records, o.bin_retention_days);
}

}  // namespace hc::app
