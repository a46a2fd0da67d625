// Runs `headcount simulate` and `headcount replay` in-process, as a user types them, for the
// counting tests that go through the command line.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "app/commands.h"

namespace hc::eval {

// Returns the exit status the command would have.
inline int headcount(std::vector<std::string> args) {
  CLI::App app{"headcount"};
  app::add_simulate_command(app);
  app::add_replay_command(app);
  std::reverse(args.begin(), args.end());  // CLI11's vector form takes the arguments back to front
  try {
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    return e.get_exit_code();
  }
  return 0;
}

// The rules of a simulated recording's truth with the overrides scripts/accuracy-sweep.sh gives
// (children on at 1.4 m, min target height 0.8 m, max 2.2 m or 0.1 m below the mount), whose
// figures docs/accuracy.md reports.
inline nlohmann::json sweep_rules(const std::filesystem::path& truth) {
  std::ifstream in(truth);
  nlohmann::json rules = nlohmann::json::parse(in).at("rules");
  const double mount = rules.value("installation_height_m", 3.0);
  rules.update({{"children_adult_differentiation", true}, {"child_filter_height_m", 1.4},
                {"min_target_height_m", 0.8}, {"max_target_height_m", std::min(2.2, mount - 0.1)}});
  return rules;
}

}  // namespace hc::eval
