// The `headcount` subcommands. Each lives in its own cmd_<name>.cpp and registers itself on the
// CLI11 application; a callback that fails throws CLI::RuntimeError(exit_code) after printing why.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace hc::app {

void add_run_command(CLI::App& app);
void add_replay_command(CLI::App& app);
void add_simulate_command(CLI::App& app);
void add_calibrate_command(CLI::App& app);
void add_config_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_version_command(CLI::App& app);

// For a subcommand whose module has not landed yet: says so on stderr and exits with status 2.
[[noreturn]] void fail_not_built(const std::string& command, const std::string& what_is_missing);

}  // namespace hc::app
