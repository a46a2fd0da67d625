// `headcount replay`: runs the pipeline on a recording on the frame clock, as fast as the CPU
// allows, writing every trigger report (guide 7.2-7.4) as JSON lines and one periodic report (7.1)
// covering the whole run.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/commands.h"
#include "pipeline/frame_source.h"
#include "pipeline/pipeline.h"
#include "pipeline/report_payloads.h"
#include "rules/rules_config.h"

namespace hc::app {
namespace {

struct ReplayArgs {
  std::string recording, left, right, calib, depth, intrinsics, rules_file, matcher = "census-sgm";
  std::string start_time, events, summary, tracks;
  double fps = 0, installation_height = 0;
};

rules::RulesConfig load_rules(const std::string& file) {
  if (file.empty()) return {};
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read rules file " + file);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(file + ": " + e.what());
  }
  // Either the rules section itself or a whole configuration document.
  try {
    return rules::parse_rules(j.contains("rules") ? j["rules"] : j);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(file + ": " + e.what());
  }
}

void progress(int64_t done, int64_t total, double fps) {
  if (total > 0) {
    const int width = 40, filled = static_cast<int>(width * done / total);
    std::fprintf(stderr, "\r[%s%s] %lld/%lld %.1f fps", std::string(filled, '#').c_str(),
                 std::string(width - filled, ' ').c_str(), static_cast<long long>(done),
                 static_cast<long long>(total), fps);
  } else {
    std::fprintf(stderr, "\r%lld frames %.1f fps", static_cast<long long>(done), fps);
  }
}

void run_replay(const ReplayArgs& a) {
  std::unique_ptr<pipeline::ReplaySource> source;
  const std::optional<double> fps = a.fps > 0 ? std::optional<double>(a.fps) : std::nullopt;
  if (!a.recording.empty()) source = pipeline::open_recording(a.recording);
  else if (!a.left.empty()) source = pipeline::open_video_pair(a.left, a.right, a.calib, fps);
  else source = pipeline::open_depth_sequence(a.depth, a.intrinsics, fps);

  pipeline::PipelineOptions po;
  po.depth.matcher = a.matcher;
  if (a.installation_height > 0)
    po.depth.fixed_floor = core::FloorPlane::from_height_and_tilt(a.installation_height, 0.0);
  po.rules = load_rules(a.rules_file);
  std::optional<double> start;
  if (!a.start_time.empty()) start = pipeline::parse_iso8601(a.start_time);

  std::ofstream events;
  if (!a.events.empty()) {
    events.open(a.events);
    if (!events) throw std::runtime_error("cannot write " + a.events);
  }
  std::ofstream tracks;
  if (!a.tracks.empty()) {
    tracks.open(a.tracks);
    if (!tracks) throw std::runtime_error("cannot write " + a.tracks);
  }
  const bool tty = isatty(STDERR_FILENO);
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };

  std::unique_ptr<pipeline::Pipeline> pipe;
  std::vector<rules::LineCounts> period(po.rules.lines.size());
  double first_t = 0, last_t = 0;
  int64_t frames = 0;
  sensor::Frame frame;
  while (source->next(frame)) {
    if (!pipe) {
      // Unix time = frame time + offset; without --start-time frame times are taken as UTC.
      po.unix_offset_s = start ? *start - frame.t_seconds : 0.0;
      pipe = std::make_unique<pipeline::Pipeline>(po);
    }
    const auto r = pipe->process(frame);
    if (frames == 0) first_t = r.t_s;
    last_t = r.t_s;
    ++frames;
    for (const auto& e : r.output.events) {
      if (const auto* c = std::get_if<rules::LineCrossing>(&e.what)) {
        auto& p = period[static_cast<size_t>(c->line_index - 1)];
        const bool in = c->direction == rules::Direction::kIn;
        (in ? p.in : p.out)++;
        if (c->child) (in ? p.children_in : p.children_out)++;
        if (c->gender == rules::Gender::kMale) (in ? p.male_in : p.male_out)++;
        if (c->gender == rules::Gender::kFemale) (in ? p.female_in : p.female_out)++;
      }
      if (events) events << pipeline::trigger_report(e, e.t_s - first_t).dump() << '\n';
    }
    if (tracks) {
      nlohmann::json j{{"t_s", r.t_s}, {"tracks", nlohmann::json::array()}};
      for (const auto& p : r.people)
        j["tracks"].push_back({{"id", p.id}, {"x", p.floor_m.x}, {"y", p.floor_m.y},
                               {"stature_m", p.stature_m}, {"child", p.child}});
      tracks << j.dump() << '\n';
    }
    if (tty && frames % 10 == 0) progress(frames, source->size(), frames / elapsed());
  }
  if (tty) {
    progress(frames, source->size(), frames / std::max(elapsed(), 1e-9));
    std::fprintf(stderr, "\n");
  }
  if (!pipe) throw std::runtime_error("the input holds no frames");
  if (!a.summary.empty()) {
    std::ofstream out(a.summary);
    if (!out) throw std::runtime_error("cannot write " + a.summary);
    const auto* rules = pipe->rules();
    const std::vector<rules::LineCounts> total =
        rules ? rules->line_counts() : std::vector<rules::LineCounts>(po.rules.lines.size());
    const std::vector<rules::RegionState> regions =
        rules ? rules->region_states() : std::vector<rules::RegionState>(po.rules.regions.size());
    out << pipeline::periodic_report(first_t, last_t, po.rules, period, total, regions,
                                     last_t - first_t)
               .dump(2)
        << '\n';
  }
  const auto& t = pipe->timings();
  const double secs = elapsed();
  std::printf("replay: %lld frames in %.2f s: %.1f fps\n", static_cast<long long>(frames), secs,
              frames / std::max(secs, 1e-9));
  std::printf("stage means (ms): depth %.2f, detect %.2f, track %.2f, rules %.2f, total %.2f\n",
              t.depth.mean_ms(), t.detect.mean_ms(), t.track.mean_ms(), t.rules.mean_ms(),
              t.total.mean_ms());
  if (!pipe->depth_stage().floor().ok)
    std::printf("warning: the floor was never calibrated: %s\n",
                pipe->depth_stage().floor().refusal.c_str());
  if (po.rules.gender_recognition && !pipe->gender_status().empty())
    std::printf("gender: %s\n", pipe->gender_status().c_str());
}

}  // namespace

void add_replay_command(CLI::App& app) {
  auto* cmd = app.add_subcommand(
      "replay", "Process a recording on the frame clock and write trigger reports and a summary");
  auto a = std::make_shared<ReplayArgs>();
  auto* rec = cmd->add_option("--recording", a->recording, "recording directory (left/, right/, calibration.yml, timestamps.csv)");
  auto* left = cmd->add_option("--left", a->left, "left video file");
  cmd->add_option("--right", a->right, "right video file")->needs(left);
  cmd->add_option("--calib", a->calib, "calibration.yml for --left/--right")->needs(left);
  cmd->add_option("--fps", a->fps, "frame rate of videos or depth sequences");
  auto* depth = cmd->add_option("--depth", a->depth, "depth images: printf pattern (dir/%06d.png) or directory");
  cmd->add_option("--intrinsics", a->intrinsics, "YAML/JSON with fx fy cx cy [depth_unit_m fps]")->needs(depth);
  cmd->add_option("--rules", a->rules_file, "rules section of the configuration document (JSON)");
  cmd->add_option("--matcher", a->matcher, "stereo matcher (census-sgm, opencv-sgbm)");
  cmd->add_option("--installation-height", a->installation_height,
                  "known installation height in metres, camera looking straight down (skips floor calibration)");
  cmd->add_option("--start-time", a->start_time, "Unix time of the first frame, ISO 8601 (default: frame times are UTC)");
  cmd->add_option("--events", a->events, "write trigger reports (7.2-7.4) as JSON lines");
  cmd->add_option("--summary", a->summary, "write one periodic report (7.1) for the whole run");
  cmd->add_option("--tracks", a->tracks, "write confirmed tracks per frame as JSON lines (floor metres)");
  rec->excludes(left)->excludes(depth);
  left->excludes(depth);
  cmd->callback([a] {
    if (a->recording.empty() && a->left.empty() && a->depth.empty()) {
      std::cerr << "replay: give --recording DIR, --left A --right B --calib C, or --depth PATTERN --intrinsics I\n";
      throw CLI::RuntimeError(2);
    }
    if (!a->left.empty() && (a->right.empty() || a->calib.empty())) {
      std::cerr << "replay: --left needs --right and --calib\n";
      throw CLI::RuntimeError(2);
    }
    if (!a->depth.empty() && a->intrinsics.empty()) {
      std::cerr << "replay: --depth needs --intrinsics\n";
      throw CLI::RuntimeError(2);
    }
    try {
      run_replay(*a);
    } catch (const std::exception& e) {
      std::cerr << "replay: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace hc::app
