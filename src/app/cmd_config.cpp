// `headcount config validate FILE [--print]` and `headcount config defaults`.
#include "app/commands.h"

#include "config/config.h"

#include <iostream>
#include <memory>

namespace hc::app {
namespace {

struct ConfigOptions {
  std::string file;
  bool print = false;
};

int run_validate(const ConfigOptions& options) {
  const auto result = config::load_file(options.file);
  if (!result.ok()) {
    for (const auto& error : result.errors) {
      // File-level errors (cannot open, invalid JSON) already start with the file name.
      if (error.path.empty() && error.message.rfind(options.file, 0) == 0) {
        std::cerr << error.message << "\n";
      } else {
        std::cerr << options.file << ": " << error.to_string() << "\n";
      }
    }
    return 1;
  }
  if (options.print) {
    std::cout << result.document.dump(2) << "\n";
    std::cerr << options.file << ": valid\n";
  } else {
    std::cout << options.file << ": valid\n";
  }
  return 0;
}

}  // namespace

void add_config_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("config", "Validate configuration documents and print the defaults");
  cmd->require_subcommand(1);

  auto options = std::make_shared<ConfigOptions>();
  auto* validate = cmd->add_subcommand("validate", "Check a configuration file against the schema and the guide's limits");
  validate->add_option("FILE", options->file, "Configuration file (JSON)")->required();
  validate->add_flag("--print", options->print, "Write the completed document (defaults filled, UUIDs created) to stdout");
  validate->callback([options] {
    const int code = run_validate(*options);
    if (code != 0) throw CLI::RuntimeError(code);
  });

  auto* defaults = cmd->add_subcommand("defaults", "Print the default configuration document");
  defaults->callback([] { std::cout << config::defaults().dump(2) << "\n"; });
}

}  // namespace hc::app
