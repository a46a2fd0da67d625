#include "app/commands.h"

namespace hc::app {

void add_eval_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("eval", "Compare a replay's reports with the simulator's ground truth");
  cmd->allow_extras();
  cmd->callback([] { fail_not_built("eval", "the evaluation module has not landed"); });
}

}  // namespace hc::app
