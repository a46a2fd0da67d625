// The running counter behind `headcount run`: one frame thread reads the configured source at its
// own rate, runs the pipeline (pipeline::Counter) and hands every frame's events to on_output; the
// web threads read the latest immutable snapshot through web::LiveState. A configuration change of
// the sensor or rules sections rebuilds the counter on the frame thread (the counts start again,
// as on the device when its rules are edited).
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "config/config.h"
#include "pipeline/counter.h"
#include "sensor/frame_source.h"
#include "sensor/image_settings.h"
#include "system/service_clock.h"
#include "web/live_state.h"

namespace hc::app {

struct LiveCounterOptions {
  std::string matcher;  // non-empty: overrides sensor.matcher (`headcount run --matcher`)
  int matcher_threads = 1;
  // true: frames are processed at the source's rate and dropped when the CPU falls behind (live);
  // false: every frame is processed as fast as possible (tests, benchmarks).
  bool realtime = true;
  // The service clock (host clock + the offset set by the System time settings and NTP). The
  // counter runs on the host clock (frame pacing, dwell and tracking need a clock nobody sets) and
  // every time it hands out (events, resets, snapshots) is moved onto the service clock as it
  // leaves. Null: the host clock. Not owned; must outlive the counter.
  const system::ServiceClock* clock = nullptr;
};

// Frame-rate and drop accounting of the frame thread, over a sliding second.
struct FrameRate {
  double fps = 0;
  int64_t frames = 0, drops = 0;
};

class LiveCounter : public web::LiveState {
 public:
  using OutputHandler = std::function<void(const pipeline::CounterOutput&, const pipeline::Snapshot&)>;

  LiveCounter(config::ConfigStore& config, LiveCounterOptions options);
  ~LiveCounter() override;
  LiveCounter(const LiveCounter&) = delete;
  LiveCounter& operator=(const LiveCounter&) = delete;

  // Set before start(); called on the frame thread after every frame.
  void set_output_handler(OutputHandler handler) { on_output_ = std::move(handler); }
  void start();
  void stop();
  // The last error of the source or pipeline ("" when running); the thread retries after it.
  std::string error() const;
  std::shared_ptr<const pipeline::Snapshot> snapshot() const;

  nlohmann::json counts() const override;
  nlohmann::json stats() const override;
  void reset_counts() override;
  nlohmann::json floor_detection() const override;
  void request_floor_detection() override;
  nlohmann::json overlay() const override;
  web::PreviewFrame preview() const override;
  nlohmann::json image_status() const override;

 private:
  void run();
  void build(const nlohmann::json& document);
  void process_one(sensor::FrameSource& source);
  void set_error(const std::string& message);
  bool sleep_for(double seconds);
  // Hands the image settings to the source when they (or the configuration) changed, and every
  // minute under a night schedule; records the source's per-setting status. Frame thread.
  void apply_image_settings(sensor::FrameSource& source);
  // The device's local wall clock (seconds since 1970 local) at the counter's time t_s (host
  // clock): the service clock in the configured zone and DST. The scheduled reset runs on it.
  double device_local_s(double t_s) const;
  // Service clock minus host clock now (0 without a service clock).
  double service_offset_s() const { return options_.clock ? options_.clock->offset_s() : 0.0; }

  config::ConfigStore& config_;
  LiveCounterOptions options_;
  OutputHandler on_output_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> rebuild_{true};
  mutable std::mutex wake_mutex_;
  std::condition_variable wake_;

  // Frame thread only.
  std::unique_ptr<sensor::FrameSource> source_;
  nlohmann::json source_config_;
  double clock_offset_s_ = 0;  // wall time = frame time + offset (set at the first frame)
  bool clock_set_ = false;
  std::atomic<bool> image_dirty_{true};  // the configuration changed since the last apply
  int image_minute_ = -1;                // the local minute the night decision was made for
  // The image and system.time sections as of the last change, read once per change rather than
  // on every frame (the scheduled reset asks for the local time twice a frame).
  nlohmann::json image_config_;
  nlohmann::json time_config_;
  sensor::ImageSettings image_settings_;

  mutable std::mutex state_mutex_;  // guards the members below
  std::shared_ptr<pipeline::Counter> counter_;
  std::shared_ptr<const nlohmann::json> rules_config_;  // the rules section the counter runs
  int64_t generation_ = 0;         // counters built so far
  int64_t detection_generation_ = 0;  // the counter a Detect request waits for
  std::shared_ptr<pipeline::PipelineOptions> pending_options_;  // for the next counter
  FrameRate rate_;
  double rate_window_start_ = 0;
  int64_t rate_window_frames_ = 0;
  std::string error_;
  std::string source_name_;
  nlohmann::json image_status_;  // image_status(): null before the first apply
};

}  // namespace hc::app
