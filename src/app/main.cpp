// Composition root of the `headcount` executable: registers the subcommands and runs one.
#include <iostream>

#include "app/commands.h"

namespace hc::app {

[[noreturn]] void fail_not_built(const std::string& command, const std::string& what_is_missing) {
  std::cerr << "headcount " << command << ": not built yet (" << what_is_missing << ")\n";
  throw CLI::RuntimeError(2);
}

}  // namespace hc::app

int main(int argc, char** argv) {
  CLI::App app{"Headcount: a people counter for ceiling-mounted stereo and depth cameras"};
  app.require_subcommand(1);
  hc::app::add_run_command(app);
  hc::app::add_replay_command(app);
  hc::app::add_simulate_command(app);
  hc::app::add_calibrate_command(app);
  hc::app::add_config_command(app);
  hc::app::add_eval_command(app);
  hc::app::add_version_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "headcount: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
