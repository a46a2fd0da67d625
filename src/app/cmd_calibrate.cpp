#include "app/commands.h"

namespace hc::app {

void add_calibrate_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("calibrate", "Compute a stereo calibration from chessboard image pairs");
  cmd->allow_extras();
  cmd->callback([] { fail_not_built("calibrate", "the sensor module has not landed"); });
}

}  // namespace hc::app
