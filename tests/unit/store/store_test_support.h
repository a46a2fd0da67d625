// Shared by the store's unit tests: a fresh database path per test and event builders.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <sstream>
#include <string>

#include "rules/count_event.h"

namespace hc::store::test_support {

inline constexpr double kT0 = 1717027200.0;  // 2024-05-30T00:00:00Z, a Thursday

// <tmp>/hc_store_<pid>_<name>/hc.db, its folder removed first.
inline std::filesystem::path temp_db(const std::string& name) {
  std::ostringstream n;
  n << "hc_store_" << getpid() << "_" << name;
  std::filesystem::path dir = std::filesystem::temp_directory_path() / n.str();
  std::filesystem::remove_all(dir);
  return dir / "hc.db";
}

inline rules::CountEvent crossing(double t, int line, bool in, rules::Gender g = rules::Gender::kUnknown) {
  rules::LineCrossing c;
  c.line_index = line;
  c.direction = in ? rules::Direction::kIn : rules::Direction::kOut;
  c.gender = g;
  return {t, c};
}

}  // namespace hc::store::test_support
