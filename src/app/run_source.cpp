#include "app/run_source.h"

#include <stdexcept>

#include "sensor/depth_sequence_source.h"
#include "sensor/recording_source.h"
#include "sensor/video_source.h"
#include "sim/scenario.h"
#include "sim/simulated_source.h"

namespace hc::app {
namespace {

std::string required(const nlohmann::json& sensor, const char* field) {
  std::string value = sensor.value(field, "");
  if (value.empty())
    throw std::runtime_error(std::string("sensor.") + field + ": required for sensor.source \"" +
                             sensor.value("source", "") + "\"");
  return value;
}

std::unique_ptr<sensor::FrameSource> open_video(const nlohmann::json& sensor) {
  sensor::VideoSourceOptions o;
  o.stereo = sensor.value("stereo", "");
  if (o.stereo.empty()) {
    o.left = required(sensor, "left");
    o.right = required(sensor, "right");
  }
  o.calibration = required(sensor, "calibration");
  o.fps = sensor.value("fps", 0.0);
  return std::make_unique<sensor::VideoSource>(o);
}

std::unique_ptr<sensor::FrameSource> open_finite(const nlohmann::json& sensor) {
  const std::string source = sensor.value("source", "simulator");
  if (source == "recording") return std::make_unique<sensor::RecordingSource>(required(sensor, "recording_dir"));
  if (source == "video") return open_video(sensor);
  if (source == "depth")
    return std::make_unique<sensor::DepthSequenceSource>(required(sensor, "depth"), required(sensor, "calibration"),
                                                         sensor.value("fps", 0.0) > 0 ? sensor.value("fps", 0.0) : 15.0);
  throw std::runtime_error("sensor.source: unknown source \"" + source + "\"");
}

}  // namespace

std::unique_ptr<sensor::FrameSource> open_sensor_source(const nlohmann::json& sensor) {
  const std::string source = sensor.value("source", "simulator");
  try {
    if (source == "simulator") {
      const auto scenario = sim::Scenario::load(sensor.value("scenario", "busy-hour"), sim::find_scenario_dir());
      return std::make_unique<sim::SimulatedSource>(scenario, sensor.value("seed", uint64_t{1}), /*loop=*/true);
    }
    if (source == "camera") return open_video(sensor);  // live: never ends, no loop needed
    return std::make_unique<LoopingSource>(sensor);
  } catch (const std::runtime_error&) {
    throw;
  } catch (const std::exception& e) {
    throw std::runtime_error("sensor (" + source + "): " + e.what());
  }
}

LoopingSource::LoopingSource(nlohmann::json sensor) : sensor_(std::move(sensor)), inner_(open_finite(sensor_)) {
  const double fps = inner_->fps();
  period_s_ = fps > 0 ? 1.0 / fps : 0.1;
}

std::optional<sensor::Frame> LoopingSource::next() {
  auto frame = inner_->next();
  if (!frame) {
    if (last_index_ < 0) return std::nullopt;  // an empty source: nothing to loop
    inner_ = open_finite(sensor_);
    time_offset_s_ = last_t_s_ + period_s_;
    index_offset_ = last_index_ + 1;
    frame = inner_->next();
    if (!frame) return std::nullopt;
    time_offset_s_ -= frame->t_seconds;
  }
  frame->t_seconds += time_offset_s_;
  frame->index += index_offset_;
  last_t_s_ = frame->t_seconds;
  last_index_ = frame->index;
  return frame;
}

}  // namespace hc::app
