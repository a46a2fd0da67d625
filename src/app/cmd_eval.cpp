// `headcount eval`: scores a replay's reports against the simulator's ground truth
// (eval/replay_eval.h for the truth format and the metrics).
#include <iostream>
#include <memory>
#include <optional>

#include "app/commands.h"
#include "eval/replay_eval.h"

namespace hc::app {

void add_eval_command(CLI::App& app) {
  auto* cmd =
      app.add_subcommand("eval", "Compare a replay's reports with the simulator's ground truth");
  struct Args {
    std::string truth, events, summary, tracks;
    bool json = false;
  };
  auto a = std::make_shared<Args>();
  cmd->add_option("--truth", a->truth, "ground truth (truth.json)")->required();
  cmd->add_option("--events", a->events, "trigger reports written by replay --events")->required();
  cmd->add_option("--summary", a->summary, "summary written by replay --summary");
  cmd->add_option("--tracks", a->tracks, "tracks written by replay --tracks (MOTA, IDF1 at 0.5 m)");
  cmd->add_flag("--json", a->json, "print JSON for machines");
  cmd->callback([a] {
    try {
      std::optional<std::filesystem::path> summary;
      if (!a->summary.empty()) summary = a->summary;
      std::optional<std::filesystem::path> tracks;
      if (!a->tracks.empty()) tracks = a->tracks;
      const auto report = eval::evaluate(a->truth, a->events, summary, tracks);
      if (a->json) std::cout << report.to_json().dump(2) << "\n";
      else std::cout << report.to_table();
    } catch (const std::exception& e) {
      std::cerr << "eval: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace hc::app
