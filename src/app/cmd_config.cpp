#include "app/commands.h"

namespace hc::app {

void add_config_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("config", "Validate configuration documents");
  cmd->allow_extras();
  cmd->callback([] { fail_not_built("config", "the configuration module has not landed"); });
}

}  // namespace hc::app
