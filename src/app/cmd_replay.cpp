#include "app/commands.h"

namespace hc::app {

void add_replay_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("replay", "Process a recording on the frame clock and write trigger reports and a summary");
  cmd->allow_extras();
  cmd->callback([] { fail_not_built("replay", "the detection, tracking and rules modules have not landed"); });
}

}  // namespace hc::app
