#include "app/live_counter.h"

#include <chrono>
#include <cmath>
#include <cstdio>

#include "app/frame_pacing.h"
#include "app/image_control.h"
#include "app/run_source.h"
#include "rules/rules_config.h"
#include "system/dst_rule.h"

namespace hc::app {
namespace {

double wall_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A frame more than this many frame periods behind the wall clock is dropped unprocessed, so a
// slow CPU stays live instead of falling further behind (the drops show in /stats).
constexpr double kMaxLagPeriods = 2.0;

// Moves every time of a frame's output by `offset_s` (from the host clock to the service clock).
void shift_times(pipeline::CounterOutput& out, double offset_s) {
  for (auto& r : out.resets) r.t_s += offset_s;
  for (auto& w : out.warnings) w.t_s += offset_s;
  for (auto& e : out.events) {
    e.t_s += offset_s;
    if (auto* d = std::get_if<rules::DwellEpisode>(&e.what)) d->start_s += offset_s, d->end_s += offset_s;
  }
}

}  // namespace

LiveCounter::LiveCounter(config::ConfigStore& config, LiveCounterOptions options)
    : config_(config), options_(std::move(options)) {
  config_.subscribe([this](const config::ConfigStore::Snapshot& doc) {
    std::shared_ptr<const nlohmann::json> running;
    {
      std::lock_guard lock(state_mutex_);
      running = rules_config_;
    }
    // The image settings are re-applied on any change (the night schedule follows system.time too).
    image_dirty_ = true;
    // Only the sections the counter is built from cause a rebuild.
    if (!running || (*doc)["rules"] != (*running)["rules"] || (*doc)["sensor"] != (*running)["sensor"]) {
      rebuild_ = true;
      wake_.notify_all();
    }
  });
}

LiveCounter::~LiveCounter() { stop(); }

void LiveCounter::start() {
  stop_ = false;
  rate_window_start_ = wall_now();
  thread_ = std::thread([this] { run(); });
}

void LiveCounter::stop() {
  stop_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool LiveCounter::sleep_for(double seconds) {
  std::unique_lock lock(wake_mutex_);
  wake_.wait_for(lock, std::chrono::duration<double>(seconds), [this] { return stop_.load(); });
  return !stop_;
}

void LiveCounter::run() {
  while (!stop_) {
    try {
      if (rebuild_.exchange(false)) build(*config_.get());
      apply_image_settings(*source_);
      process_one(*source_);
      set_error("");
    } catch (const std::exception& e) {
      // A source or pipeline failure (a camera unplugged, a corrupt file): report it, reopen.
      set_error(e.what());
      source_.reset();
      rebuild_ = true;
      sleep_for(2.0);
    }
  }
}

void LiveCounter::build(const nlohmann::json& document) {
  nlohmann::json sensor = document.value("sensor", nlohmann::json::object());
  if (!options_.matcher.empty()) sensor["matcher"] = options_.matcher;
  if (!source_ || sensor != source_config_) {
    source_.reset();
    source_ = open_sensor_source(sensor);
    source_config_ = sensor;
    clock_set_ = false;
    image_dirty_ = true;  // a new source starts from its own defaults
  }
  pipeline::PipelineOptions po;
  po.depth.matcher = sensor.value("matcher", "census-sgm");
  po.depth.matcher_parameters.threads = options_.matcher_threads;
  po.depth.floor_fit_waits = false;  // live: a floor fit in the background never holds up a frame
  po.rules = rules::parse_rules(document.value("rules", nlohmann::json::object()));
  po.rules.local_wall_s = [this](double t_s) { return device_local_s(t_s); };
  // The counter is created at the next frame, when the frame clock's offset is known.
  auto pending = std::make_shared<pipeline::PipelineOptions>(std::move(po));
  std::lock_guard lock(state_mutex_);
  pending_options_ = std::move(pending);
  rules_config_ = std::make_shared<const nlohmann::json>(document);
  source_name_ = source_->describe();
  counter_.reset();
  ++generation_;
}

void LiveCounter::process_one(sensor::FrameSource& source) {
  const double asked = wall_now();
  auto frame = source.next();
  if (!frame) throw std::runtime_error(source.describe() + ": no more frames");
  const double fps = source.fps();
  const bool paced = options_.realtime && fps > 0 && source_config_.value("source", "") != "camera";
  const double now = wall_now();
  if (!clock_set_) {
    clock_offset_s_ = now - frame->t_seconds;
    clock_set_ = true;
  }
  if (paced) {
    const FramePacing pacing = pace_frame(frame->t_seconds + clock_offset_s_, asked, now, fps, kMaxLagPeriods);
    if (pacing.drop) {
      const int64_t skipped = source.skip(pacing.skip);
      std::lock_guard lock(state_mutex_);
      rate_.drops += 1 + skipped;
      return;
    }
    if (pacing.wait_s > 0 && !sleep_for(pacing.wait_s)) return;
  }
  std::shared_ptr<pipeline::Counter> counter;
  {
    std::lock_guard lock(state_mutex_);
    if (!counter_ && pending_options_) {
      pending_options_->unix_offset_s = clock_offset_s_;
      counter_ = std::make_shared<pipeline::Counter>(*pending_options_);
    }
    counter = counter_;
  }
  auto output = counter->process(*frame);
  // The depth stage's warnings (a refused floor fit, a moved sensor) go to the service log too.
  for (const auto& w : output.warnings) std::fprintf(stderr, "headcount: depth warning: %s\n", w.message.c_str());
  const auto snap = counter->snapshot();
  if (on_output_ && snap) {
    shift_times(output, service_offset_s());
    on_output_(output, *snap);
  }
  std::lock_guard lock(state_mutex_);
  rate_.frames++;
  const double dt = wall_now() - rate_window_start_;
  if (dt >= 1.0) {
    rate_.fps = static_cast<double>(rate_.frames - rate_window_frames_) / dt;
    rate_window_start_ += dt;
    rate_window_frames_ = rate_.frames;
  }
}

double LiveCounter::device_local_s(double t_s) const {
  const double service = t_s + service_offset_s();
  return service + system::utc_offset_at(time_config_, static_cast<int64_t>(std::floor(service)));
}

void LiveCounter::apply_image_settings(sensor::FrameSource& source) {
  const bool dirty = image_dirty_.exchange(false);
  if (dirty) {
    try {
      const auto doc = config_.get();
      nlohmann::json image = doc->value("image", nlohmann::json::object());
      nlohmann::json time = doc->contains("system") ? (*doc)["system"].value("time", nlohmann::json::object())
                                                    : nlohmann::json::object();
      image_settings_ = parse_image_settings(image);
      image_config_ = std::move(image);
      time_config_ = std::move(time);
    } catch (...) {
      image_dirty_ = true;  // try again at the next frame; the run loop reports the error
      throw;
    }
  }
  if (!dirty && image_settings_.day_night != sensor::DayNightMode::kSchedule) return;
  const double now = options_.clock ? options_.clock->now_s() : system::ServiceClock::host_s();
  const int minute = local_minute_of_day(time_config_, now);
  if (!dirty && minute == image_minute_) return;
  image_minute_ = minute;
  const bool night = sensor::night_mode(image_settings_, minute);
  nlohmann::json status = image_status_json(source.apply_image_settings(image_settings_, night), night,
                                            source.describe(), image_config_, now);
  std::lock_guard lock(state_mutex_);
  image_status_ = std::move(status);
}

nlohmann::json LiveCounter::image_status() const {
  std::lock_guard lock(state_mutex_);
  return image_status_.is_null() ? nlohmann::json{{"error", "no frame source open yet"}} : image_status_;
}

void LiveCounter::set_error(const std::string& message) {
  std::lock_guard lock(state_mutex_);
  error_ = message;
}

std::string LiveCounter::error() const {
  std::lock_guard lock(state_mutex_);
  return error_;
}

std::shared_ptr<const pipeline::Snapshot> LiveCounter::snapshot() const {
  std::shared_ptr<pipeline::Counter> counter;
  {
    std::lock_guard lock(state_mutex_);
    counter = counter_;
  }
  return counter ? counter->snapshot() : nullptr;
}

void LiveCounter::reset_counts() {
  std::lock_guard lock(state_mutex_);
  if (counter_) counter_->request_reset();
}

void LiveCounter::request_floor_detection() {
  {
    std::lock_guard lock(state_mutex_);
    detection_generation_ = generation_ + 1;
  }
  rebuild_ = true;
  wake_.notify_all();
}

}  // namespace hc::app
