#include "app/commands.h"

namespace hc::app {

void add_simulate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("simulate", "Render a simulated entrance scenario to a recording directory with ground truth");
  cmd->allow_extras();
  cmd->callback([] { fail_not_built("simulate", "the simulator module has not landed"); });
}

}  // namespace hc::app
