// How `headcount run` paces a source that has no clock of its own (a recording, the simulator)
// against the wall clock: each frame is due at its time stamp plus a fixed offset; one that is
// early is waited for, one that is late is dropped together with the frames that fell due while
// the CPU was busy, so the counter stays live instead of falling further behind.
#pragma once

#include <cstdint>

namespace hc::app {

struct FramePacing {
  double wait_s = 0;     // sleep this long before processing (the frame is early)
  bool drop = false;     // do not process this frame
  int64_t skip = 0;      // when dropping: also skip this many following frames, already overdue
};

// due_s: when the frame should be processed (wall clock); asked_s: when the counter asked the
// source for it; now_s: when the source handed it over. Lateness is judged from asked_s: the time
// a source spends producing a frame (the simulator rendering it, a recording decoding it) stands
// for a camera's exposure and transfer, which costs a real counter nothing. Judging from now_s
// instead, a source slower than its own frame rate would leave every frame late and the counter
// would drop all of them, for ever. A frame more than max_lag_periods frame periods late is
// dropped, and so are the frames due before now_s, so the next one asked for is on time.
FramePacing pace_frame(double due_s, double asked_s, double now_s, double fps, double max_lag_periods);

}  // namespace hc::app
