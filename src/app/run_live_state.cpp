#include "app/run_live_state.h"

#include <chrono>

namespace hc::app {

using json = nlohmann::json;

json RunLiveState::counts() const {
  auto doc = config_.get();
  auto rules = doc->value("rules", json::object());
  json lines = json::array(), regions = json::array();
  std::lock_guard lk(mutex_);
  for (auto& l : rules.value("lines", json::array())) {
    std::string id = l.value("uuid", "");
    auto it = line_counts_.find(id);
    long in = it == line_counts_.end() ? 0 : it->second.first, out = it == line_counts_.end() ? 0 : it->second.second;
    lines.push_back({{"uuid", id}, {"name", l.value("name", "")}, {"in", in}, {"out", out}, {"capacity", in - out}});
  }
  for (auto& r : rules.value("regions", json::array()))
    regions.push_back({{"uuid", r.value("uuid", "")}, {"name", r.value("name", "")}, {"count", 0}});
  double t = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  return {{"lines", lines}, {"regions", regions}, {"t_s", t}};
}

json RunLiveState::stats() const {
  return {{"stages", json::array()}, {"pipeline", "not wired into this build of headcount run"}};
}

void RunLiveState::reset_counts() {
  std::lock_guard lk(mutex_);
  line_counts_.clear();
}

}  // namespace hc::app
