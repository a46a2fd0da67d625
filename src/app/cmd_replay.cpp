// `headcount replay`: runs the pipeline on a recording on the frame clock, as fast as the CPU
// allows, writing every trigger report (guide 7.2-7.4) as JSON lines and one periodic report (7.1)
// covering the whole run. Frames come from the sensor module's sources, the rules are validated
// as the configuration document is (hc::config), and the payloads are the report module's.
#include <unistd.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/commands.h"
#include "config/config.h"
#include "eval/iso8601.h"
#include "pipeline/pipeline.h"
#include "report/payloads.h"
#include "rules/rules_config.h"
#include "sensor/depth_sequence_source.h"
#include "sensor/recording_source.h"
#include "sensor/video_source.h"
#include "system/dst_rule.h"

namespace hc::app {
namespace {

struct ReplayArgs {
  std::string recording, left, right, calib, depth, intrinsics, rules_file, matcher = "census-sgm";
  std::string start_time, events, summary, tracks, candidates;
  double fps = 0, installation_height = 0, depth_unit_m = 0.001;
};

constexpr double kDefaultDepthFps = 30.0;

std::unique_ptr<sensor::FrameSource> open_source(const ReplayArgs& a) {
  if (!a.recording.empty()) return std::make_unique<sensor::RecordingSource>(a.recording);
  if (!a.left.empty()) {
    sensor::VideoSourceOptions o;
    o.left = a.left;
    o.right = a.right;
    o.calibration = a.calib;
    o.fps = a.fps;
    return std::make_unique<sensor::VideoSource>(o);
  }
  return std::make_unique<sensor::DepthSequenceSource>(a.depth, a.intrinsics,
                                                       a.fps > 0 ? a.fps : kDefaultDepthFps);
}

// The scheduled reset's clock, as `headcount run` has it: engine time (Unix seconds here) in the
// document's system.time zone and DST, never the process's own time zone.
std::function<double(double)> device_local_clock(const nlohmann::json& document) {
  const nlohmann::json system = document.value("system", nlohmann::json::object());
  const nlohmann::json time = system.value("time", nlohmann::json::object());
  system::utc_offset_at(time, 0);  // a malformed zone fails here, at start-up, not at the first frame
  return [time](double t_s) { return t_s + system::utc_offset_at(time, static_cast<int64_t>(std::floor(t_s))); };
}

// `file` holds a whole configuration document or only its rules section. Either is validated as
// the configuration is (hc::config::validate: schema, geometry, every error with its JSON path), so
// replay and run reject the same input with the same messages. A rules section alone is checked
// against the input's image size.
rules::RulesConfig load_rules(const std::string& file, const core::CameraModel& camera) {
  if (file.empty()) return {};
  std::ifstream in(file);
  if (!in) throw std::runtime_error("cannot read rules file " + file);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(file + ": " + e.what());
  }
  if (!j.is_object()) throw std::runtime_error(file + ": expected a JSON object (a configuration document or its rules section)");
  nlohmann::json doc = j.contains("rules") ? j : nlohmann::json{{"rules", j}};
  if (!doc.contains("sensor")) doc["sensor"] = nlohmann::json::object();
  if (doc["sensor"].is_object()) {
    if (!doc["sensor"].contains("image_width")) doc["sensor"]["image_width"] = camera.width;
    if (!doc["sensor"].contains("image_height")) doc["sensor"]["image_height"] = camera.height;
  }
  const auto v = config::validate(doc);
  if (!v.ok()) {
    std::string msg = file + ": invalid configuration";
    for (const auto& e : v.errors) msg += "\n  " + e.to_string();
    throw std::runtime_error(msg);
  }
  rules::RulesConfig rules = rules::parse_rules(v.document.at("rules"));
  rules.local_wall_s = device_local_clock(v.document);
  return rules;
}

report::ReportContext report_context(double running_time_s) {
  report::ReportContext ctx;
  ctx.device.device_name = "Headcount";
  ctx.device.running_time_s = static_cast<int64_t>(running_time_s);
  return ctx;  // time zone UTC+0:00, offset 0: replay reports in UTC
}

// The same eight counters under the report module's two naming schemes (7.1 line_periodic_data
// and line_total_data), filled from the engine's LineCounts in one place.
template <class Item>
Item line_item(size_t i, const rules::LineRule& rule, const rules::LineCounts& c,
               const std::array<int64_t Item::*, 8>& fields) {
  Item item;
  item.line = static_cast<int>(i) + 1;
  item.line_name = rule.name;
  item.line_uuid = rule.uuid;
  const std::array<int64_t, 8> values{c.in, c.out, c.male_in, c.male_out, c.female_in,
                                      c.female_out, c.children_in, c.children_out};
  for (size_t k = 0; k < fields.size(); ++k) item.*fields[k] = values[k];
  return item;
}

// One 7.1 periodic report covering [start_s, end_s]: per-line counts of the run and cumulative
// totals, and each region's current counts and dwell statistics.
nlohmann::json summary_report(double start_s, double end_s, const rules::RulesConfig& rules,
                              const std::vector<rules::LineCounts>& period,
                              const std::vector<rules::LineCounts>& total,
                              const std::vector<rules::RegionState>& regions) {
  using RL = report::LineCounts;
  using RT = report::LineTotals;
  report::PeriodicData d;
  d.start_s = start_s;
  d.end_s = end_s;
  for (size_t i = 0; i < rules.lines.size(); ++i) {
    d.line_periodic.push_back(line_item<RL>(i, rules.lines[i], period.at(i),
        {&RL::in, &RL::out, &RL::male_in, &RL::male_out, &RL::female_in, &RL::female_out,
         &RL::children_in, &RL::children_out}));
    d.line_total.push_back(line_item<RT>(i, rules.lines[i], total.at(i),
        {&RT::in_counted, &RT::out_counted, &RT::male_in_counted, &RT::male_out_counted,
         &RT::female_in_counted, &RT::female_out_counted, &RT::children_in_counted,
         &RT::children_out_counted}));
  }
  for (size_t i = 0; i < rules.regions.size(); ++i) {
    const auto& r = regions.at(i);
    const auto& rule = rules.regions[i];
    const int idx = static_cast<int>(i) + 1;
    d.region_count.push_back({idx, rule.name, rule.uuid, r.current_total, r.current_male,
                              r.current_female, r.current_children});
    d.region_dwell.push_back({idx, rule.name, rule.uuid, r.all.avg_ms(), r.all.max_ms,
                              r.male.avg_ms(), r.male.max_ms, r.female.avg_ms(), r.female.max_ms,
                              r.children.avg_ms(), r.children.max_ms});
  }
  return report::build_periodic(report_context(end_s - start_s), d, report::ReportOptions{});
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

// One line of --candidates: the frame's candidate peaks with the detector's numbers and verdict.
nlohmann::json candidates_json(const pipeline::FrameResult& r) {
  nlohmann::json j{{"t_s", r.t_s}, {"candidates", nlohmann::json::array()}};
  for (const auto& c : r.candidates) {
    nlohmann::json k{{"x", c.floor_m.x}, {"y", c.floor_m.y}, {"peak_m", c.peak_m}, {"verdict", c.verdict}};
    if (c.top_m > 0) {  // judged: its profile (a peak beside an accepted head is not)
      k["top_m"] = c.top_m;
      k["cap"] = {c.cap_in, c.cap_total};
      k["ring"] = {{"seen", c.ring_seen}, {"all", c.ring_all}, {"drop", c.ring_drop},
                   {"level", c.ring_level}, {"hidden", c.ring_hidden}};
      k["wide"] = {c.wide_in, c.wide_seen};
      k["wide_centred"] = {c.wide_centred_in, c.wide_centred_seen};
    }
    j["candidates"].push_back(std::move(k));
  }
  return j;
}

void run_replay(const ReplayArgs& a) {
  if (!(a.depth_unit_m > 0)) throw std::runtime_error("--depth-unit-m must be positive");
  const auto source = open_source(a);

  pipeline::PipelineOptions po;
  po.depth.matcher = a.matcher;
  if (a.installation_height > 0)
    po.depth.fixed_floor = core::FloorPlane::from_height_and_tilt(a.installation_height, 0.0);
  po.rules = load_rules(a.rules_file, source->camera());
  std::optional<double> start;
  if (!a.start_time.empty()) {
    try {
      start = eval::parse_iso8601(a.start_time);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(std::string("--start-time ") + e.what());
    }
  }

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
  std::ofstream candidates;
  if (!a.candidates.empty()) {
    candidates.open(a.candidates);
    if (!candidates) throw std::runtime_error("cannot write " + a.candidates);
    po.log_candidates = true;
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
  const bool rescale_depth = std::abs(a.depth_unit_m - 0.001) > 1e-12;
  while (auto next = source->next()) {
    sensor::Frame& frame = *next;
    if (rescale_depth && frame.is_depth()) frame.depth_mm.convertTo(frame.depth_mm, CV_16U, a.depth_unit_m / 0.001);
    if (!pipe) {
      // Unix time = frame time + offset; without --start-time frame times are taken as UTC.
      po.unix_offset_s = start ? *start - frame.t_seconds : 0.0;
      pipe = std::make_unique<pipeline::Pipeline>(po);
    }
    const auto r = pipe->process(frame);
    for (const std::string& w : pipe->take_depth_warnings())
      std::printf("warning: frame %lld: %s\n", static_cast<long long>(frame.index), w.c_str());
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
      if (events)
        events << report::build_trigger(report_context(r.t_s - first_t), e, report::ReportOptions{}).dump()
               << '\n';
    }
    if (tracks) {
      nlohmann::json j{{"t_s", r.t_s}, {"tracks", nlohmann::json::array()}};
      for (const auto& p : r.people)
        j["tracks"].push_back({{"id", p.id}, {"x", p.floor_m.x}, {"y", p.floor_m.y},
                               {"stature_m", p.stature_m}, {"child", p.child}});
      tracks << j.dump() << '\n';
    }
    if (candidates) candidates << candidates_json(r).dump() << '\n';
    if (tty && frames % 10 == 0) progress(frames, source->frame_count(), frames / elapsed());
  }
  if (tty) {
    progress(frames, source->frame_count(), frames / std::max(elapsed(), 1e-9));
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
    out << summary_report(first_t, last_t, po.rules, period, total, regions).dump(2) << '\n';
  }
  const auto& t = pipe->timings();
  const double secs = elapsed();
  std::printf("replay: %lld frames in %.2f s: %.1f fps\n", static_cast<long long>(frames), secs,
              frames / std::max(secs, 1e-9));
  std::printf("stage means (ms): depth %.2f, detect %.2f, track %.2f, rules %.2f, total %.2f\n",
              t.depth.mean_ms(), t.detect.mean_ms(), t.track.mean_ms(), t.rules.mean_ms(),
              t.total.mean_ms());
  const stereo::FloorEstimate& floor = pipe->depth_stage().floor();
  if (!floor.ok)
    std::printf("warning: the floor was never calibrated: %s\n", floor.refusal.c_str());
  else
    std::printf("floor: installation height %.3f m, tilt %.2f deg, confidence %.2f\n",
                floor.installation_height_m, floor.tilt_deg, floor.confidence);
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
  cmd->add_option("--intrinsics", a->intrinsics, "intrinsics YAML (image_width, image_height, K; docs/recording-format.md)")->needs(depth);
  cmd->add_option("--depth-unit-m", a->depth_unit_m, "metres per depth PNG unit (default 0.001: millimetres)");
  cmd->add_option("--rules", a->rules_file, "configuration document or its rules section (JSON), validated as by run");
  cmd->add_option("--matcher", a->matcher, "stereo matcher (census-sgm, opencv-sgbm)");
  cmd->add_option("--installation-height", a->installation_height,
                  "known installation height in metres, camera looking straight down (skips floor calibration)");
  cmd->add_option("--start-time", a->start_time, "Unix time of the first frame, ISO 8601 (default: frame times are UTC)");
  cmd->add_option("--events", a->events, "write trigger reports (7.2-7.4) as JSON lines");
  cmd->add_option("--summary", a->summary, "write one periodic report (7.1) for the whole run");
  cmd->add_option("--tracks", a->tracks, "write confirmed tracks per frame as JSON lines (floor metres)");
  cmd->add_option("--candidates", a->candidates,
                  "write every candidate head peak per frame with the detector's tests and verdict as JSON lines (diagnosis)");
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
