#include "app/frame_pacing.h"

#include <cmath>

namespace hc::app {

FramePacing pace_frame(double due_s, double asked_s, double now_s, double fps, double max_lag_periods) {
  FramePacing p;
  if (fps <= 0) return p;
  if (due_s > now_s) p.wait_s = due_s - now_s;
  if (asked_s - due_s > max_lag_periods / fps) {
    p.drop = true;
    p.wait_s = 0;
    // Frames k+1 .. k+skip fall due at due_s + i / fps <= now_s: all overdue already.
    p.skip = static_cast<int64_t>(std::floor((now_s - due_s) * fps));
  }
  return p;
}

}  // namespace hc::app
