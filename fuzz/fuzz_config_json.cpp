// Feeds arbitrary bytes through what the API does with a request body: JSON parse without
// exceptions, config::validate on the whole document and on each section swapped into the
// defaults, without_secrets, and the password rule check. Any crash or sanitizer report is a bug.
#include "config/config.h"
#include "web/password.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  (void)hc::web::password_rule_violation(text);
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded()) return 0;
  (void)hc::config::validate(j);
  (void)hc::config::without_secrets(j);
  static const nlohmann::json kDefaults = hc::config::defaults();
  for (const char* section : {"rules", "privacy", "system", "communication"}) {
    auto doc = kDefaults;
    doc[section] = j;
    (void)hc::config::validate(doc);
  }
  return 0;
}
