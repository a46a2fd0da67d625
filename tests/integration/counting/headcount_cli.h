// Runs `headcount simulate` and `headcount replay` in-process, as a user types them, for the
// counting tests that go through the command line.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
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

}  // namespace hc::eval
