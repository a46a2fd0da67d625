#include "app/commands.h"

namespace hc::app {

void add_run_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Run the counter with its web GUI (simulated entrance when no camera is configured)");
  cmd->allow_extras();
  cmd->callback([] { fail_not_built("run", "the web server and pipeline modules have not landed"); });
}

}  // namespace hc::app
