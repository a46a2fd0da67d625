#include <iostream>

#include "app/commands.h"
#include "app/version.h"

namespace hc::app {

void add_version_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("version", "Print the version");
  cmd->callback([] { std::cout << "headcount " << kVersion << "\n"; });
}

}  // namespace hc::app
