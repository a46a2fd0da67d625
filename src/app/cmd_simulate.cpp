// `headcount simulate`: renders a scenario to a recording directory plus truth.json.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "app/commands.h"
#include "sensor/recording_writer.h"
#include "sim/simulated_source.h"
#include "sim/spacing.h"
#include "sim/truth.h"

namespace hc::app {
namespace {

struct SimulateOptions {
  std::string scenario;
  uint64_t seed = 1;
  std::string out;
  int64_t frames = 0;
  double seconds = 0.0;
  bool no_frame_truth = false;
  bool truth_only = false;
  bool depth = false;
};

int run_simulate(const SimulateOptions& o) {
  sim::Scenario s = sim::Scenario::load(o.scenario, sim::find_scenario_dir());
  if (o.seconds > 0) s.duration_s = o.seconds;
  if (o.frames > 0) s.duration_s = static_cast<double>(o.frames) / s.fps;
  const int64_t frames = o.frames > 0 ? o.frames : s.frame_count();
  sim::SimulatedSource src(s, o.seed, false);
  if (o.depth) {
    // A depth camera's view of the same scene: the left view's exact depth in millimetres.
    core::CameraModel cam = src.camera();
    cam.baseline_m = 0.0;
    auto writer = sensor::RecordingWriter::depth(o.out, cam);
    cv::Mat metres;
    for (int64_t k = 0; k < frames; ++k) {
      sensor::Frame f = src.render(k, &metres);
      metres.convertTo(f.depth_mm, CV_16UC1, 1000.0);
      f.left.release();
      f.right.release();
      writer.write(f);
    }
  } else if (!o.truth_only) {
    auto writer = sensor::RecordingWriter::stereo(o.out, src.camera());
    for (int64_t k = 0; k < frames; ++k) writer.write(src.render(k));
  } else {
    std::filesystem::create_directories(o.out);
  }
  sim::TruthOptions topt;
  topt.per_frame = !o.no_frame_truth;
  const auto truth = sim::build_truth(s, o.seed, src.agents(), frames, topt);
  const std::string tpath = (std::filesystem::path(o.out) / "truth.json").string();
  std::ofstream tf(tpath, std::ios::trunc);
  tf << truth.dump() << '\n';
  if (!tf) throw std::runtime_error(tpath + ": write failed");
  int in = 0, out = 0;
  for (const auto& l : truth["totals"]["lines"]) {
    in += l["in"].get<int>();
    out += l["out"].get<int>();
  }
  std::cout << "simulate: scenario '" << s.name << "' seed " << o.seed << ": " << frames << " frames at "
            << s.fps << " fps, " << src.agents().size() << " people, true crossings in " << in << " out "
            << out << " -> " << o.out << "\n"
            << "simulate: " << spacing_summary(src.agents()) << "\n";
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& app) {
  auto opts = std::make_shared<SimulateOptions>();
  auto* cmd = app.add_subcommand("simulate", "Render a simulated entrance scenario to a recording directory with ground truth");
  cmd->add_option("--scenario", opts->scenario, "scenario name (config/scenarios/NAME.json) or file")->required();
  cmd->add_option("--seed", opts->seed, "random seed (people, noise)");
  cmd->add_option("--out", opts->out, "output recording directory")->required();
  cmd->add_option("--frames", opts->frames, "number of frames (overrides the scenario's duration)");
  cmd->add_option("--seconds", opts->seconds, "seconds of scene time (overrides the scenario's duration)");
  cmd->add_flag("--no-frame-truth", opts->no_frame_truth, "leave the per-frame array out of truth.json");
  cmd->add_flag("--depth", opts->depth, "write a depth recording (16-bit mm, intrinsics.yml) instead of stereo");
  cmd->add_flag("--truth-only", opts->truth_only, "write truth.json only, no images (fast, for long runs)");
  cmd->callback([opts] {
    try {
      run_simulate(*opts);
    } catch (const std::exception& e) {
      std::cerr << "simulate: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace hc::app
