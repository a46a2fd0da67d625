// Random (version 4) UUIDs for rules and recipients: stable identifiers created once per rule.
#pragma once

#include <string>

namespace hc::core {

// A new RFC 4122 version 4 UUID, lower-case, e.g. "9a0440de-3188-4f6d-b886-bb20c97bd26b".
std::string new_uuid();
bool is_uuid(const std::string& text);

}  // namespace hc::core
