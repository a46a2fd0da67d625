// The LiveState `headcount run` gives the web server until the pipeline is composed in: the
// configured lines and regions with the counts accumulated in this process (none arrive while no
// pipeline is wired; /api/v1/stats says so rather than inventing rates).
#pragma once

#include "config/config.h"
#include "web/live_state.h"

#include <map>
#include <mutex>
#include <string>

namespace hc::app {

class RunLiveState : public web::LiveState {
 public:
  explicit RunLiveState(config::ConfigStore& config) : config_(config) {}
  nlohmann::json counts() const override;
  nlohmann::json stats() const override;
  void reset_counts() override;
  nlohmann::json floor_detection() const override { return {{"state", "refused"}, {"reason", "no pipeline in this build"}}; }
  void request_floor_detection() override {}
  nlohmann::json overlay() const override { return {{"frame_index", -1}, {"tracks", nlohmann::json::array()}, {"detections", nlohmann::json::array()}}; }
  web::PreviewFrame preview() const override { return {}; }

 private:
  config::ConfigStore& config_;
  mutable std::mutex mutex_;
  std::map<std::string, std::pair<long, long>> line_counts_;  // uuid -> (in, out)
};

}  // namespace hc::app
