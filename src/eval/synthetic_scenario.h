// A synthetic entrance for the accuracy suite: people walk in lanes across a horizontal line
// through the image centre (both directions), alone or in touching groups, children, hats, people
// pushing carts, and U-turns near the line; each frame is an overhead depth image (depth_scene.h)
// and the ground-truth crossings of the head point over the line are known exactly.
// Deterministic for a seed. Cost per frame: the rendering of the people in view.
#pragma once

#include <random>
#include <vector>

#include "eval/depth_scene.h"
#include "eval/line_metrics.h"
#include "sensor/frame.h"

namespace hc::eval {

struct ScenarioOptions {
  double install_height_m = 3.0;
  // A wide lens (106 x 80 degrees) as overhead counters use: at 3 m a 1.95 m person is in view
  // for 1.75 m of walk. Processing at 320x200 keeps the suite cheap.
  core::CameraModel camera{320, 200, 120.0, 120.0, 160.0, 100.0, 0.0};
  double fps = 10.0;
  int target_crossings = 2000;   // the scenario ends once this many truth crossings were spawned
  unsigned seed = 1;
  double p_group = 0.2, p_uturn = 0.1, p_child = 0.1, p_cart = 0.1, p_hat = 0.2;
  double lane_rate_hz = 0.8;     // spawn rate per free lane
  double adult_min_m = 1.55, adult_max_m = 1.95;  // adults' statures, uniform (children 1.00-1.15)
};

class SyntheticScenario {
 public:
  // One person the scenario spawned: their lane (0-2, 0.5 m apart, the middle one under the
  // lens), place across the walk (x, metres), walk (dir +1: towards +y, "in"; speed, start time
  // t0), stature, what they are, and whether their head's top passes over the line inside the
  // image (over_line: the truth counts their crossing).
  struct Walker {
    int id = 0, lane = 0;
    double x = 0, dir = 1, speed = 1.2, t0 = 0, stature = 1.75, y_turn = 0;
    bool child = false, hat = false, cart = false, uturn = false, over_line = false;
  };

  explicit SyntheticScenario(const ScenarioOptions& options);
  // Renders the next frame; false once every spawned person has left.
  bool next(sensor::Frame& frame);
  const std::vector<Crossing>& truth() const { return truth_; }
  const ScenarioOptions& options() const { return opt_; }
  // Everyone spawned so far, in spawn order (for diagnosis: who a miss was, and where).
  const std::vector<Walker>& walkers() const { return walkers_; }
  // Where walker w's head is along the walk (floor y, metres) at scene time t.
  double y_at(const Walker& w, double t) const;

 private:
  double y_of(const Walker& a, double t, bool& done) const;
  void spawn(double t);
  bool over_the_line(const Walker& a) const;

  ScenarioOptions opt_;
  std::mt19937 rng_;
  std::vector<Walker> walkers_;  // everyone spawned
  std::vector<size_t> walking_;  // of them, those still walking (indices)
  std::vector<char> lane_busy_;
  std::vector<Crossing> truth_;
  int64_t frame_ = 0;
  double y0_ = 2.0;  // start and end distance from the line, metres
};

}  // namespace hc::eval
