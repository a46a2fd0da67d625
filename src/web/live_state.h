// What the web server needs from the running counter, as small interfaces so the server is tested
// with in-process implementations and wired to the real pipeline by `headcount run`.
#pragma once

#include <nlohmann/json.hpp>

namespace hc::web {

class LiveState {
 public:
  virtual ~LiveState() = default;
  // {lines: [{uuid, name, in, out, capacity}], regions: [{uuid, name, count}], t_s}
  virtual nlohmann::json counts() const = 0;
  // {stages: [{name, fps, latency_ms, drops, queue}]}
  virtual nlohmann::json stats() const = 0;
  // Clears the cumulative counts.
  virtual void reset_counts() = 0;
};

}  // namespace hc::web
