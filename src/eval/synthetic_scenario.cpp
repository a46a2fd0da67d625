#include "eval/synthetic_scenario.h"

#include <algorithm>
#include <cmath>

namespace hc::eval {
namespace {
// Lanes 0.5 m apart: people side by side in adjacent lanes touch at the shoulders.
constexpr double kLanes[] = {-0.5, 0.0, 0.5};
constexpr int kLaneCount = 3;
}  // namespace

SyntheticScenario::SyntheticScenario(const ScenarioOptions& options)
    : opt_(options), rng_(options.seed), lane_busy_(kLaneCount, 0) {
  // Start where the torso is wholly outside the view at floor level.
  y0_ = opt_.camera.cy / opt_.camera.fy * opt_.install_height_m + 0.4;
}

double SyntheticScenario::y_of(const Walker& a, double t, bool& done) const {
  const double s = (t - a.t0) * a.speed;  // distance walked
  if (!a.uturn) {
    done = s > 2 * y0_;
    return a.dir * (-y0_ + s);
  }
  const double to_turn = y0_ + a.dir * a.y_turn;  // distance to the turning point
  done = s > 2 * to_turn;
  const double along = s <= to_turn ? s : 2 * to_turn - s;
  return a.dir * (-y0_ + along);
}

// The line runs across the whole image through its centre row, so a head crosses it where the
// head's top projects into the image; beyond the image's side it passes beyond the line's end
// (at a 2.2 m mount a 1.9 m adult in an outer lane, 0.5 m off the axis). The head point is the
// top, as the rules test it in heads mode.
bool SyntheticScenario::over_the_line(const Walker& a) const {
  const double below_lens = opt_.install_height_m - a.stature;
  if (below_lens <= 0) return false;
  const double u = opt_.camera.cx + opt_.camera.fx * a.x / below_lens;
  return u >= 0 && u <= opt_.camera.width - 1;
}

void SyntheticScenario::spawn(double t) {
  std::uniform_real_distribution<double> u(0, 1);
  for (int lane = 0; lane < kLaneCount; ++lane) {
    if (lane_busy_[lane] || static_cast<int>(truth_.size()) >= opt_.target_crossings) continue;
    if (u(rng_) > opt_.lane_rate_hz / opt_.fps) continue;
    Walker a;
    a.lane = lane;
    a.dir = u(rng_) < 0.5 ? 1 : -1;
    a.speed = 0.9 + 0.7 * u(rng_);
    a.t0 = t;
    int members = 1;
    const double kind = u(rng_);
    if (kind < opt_.p_group) {
      members = (u(rng_) < 0.5 && lane + 2 < kLaneCount) ? 3 : 2;
      if (lane + members > kLaneCount) members = kLaneCount - lane;
      for (int m = 1; m < members; ++m)
        if (lane_busy_[lane + m]) members = m;
    } else if (kind < opt_.p_group + opt_.p_uturn) {
      a.uturn = true;
      // Turning points near the line but clearly on one side (|y| 0.25..0.5 m).
      a.y_turn = (u(rng_) < 0.5 ? -1 : 1) * (0.25 + 0.25 * u(rng_));
    } else if (kind < opt_.p_group + opt_.p_uturn + opt_.p_child) {
      a.child = true;
    } else if (kind < opt_.p_group + opt_.p_uturn + opt_.p_child + opt_.p_cart) {
      a.cart = true;
    }
    for (int m = 0; m < members; ++m) {
      Walker g = a;
      g.id = static_cast<int>(walkers_.size());
      g.lane = lane + m;
      g.x = kLanes[g.lane] + 0.04 * (u(rng_) - 0.5);
      g.stature = g.child ? 1.0 + 0.15 * u(rng_)
                          : opt_.adult_min_m + (opt_.adult_max_m - opt_.adult_min_m) * u(rng_);
      g.hat = !g.child && u(rng_) < opt_.p_hat;
      lane_busy_[g.lane] = 1;
      const rules::Direction d = g.dir > 0 ? rules::Direction::kIn : rules::Direction::kOut;
      const rules::Direction back = g.dir > 0 ? rules::Direction::kOut : rules::Direction::kIn;
      const double t_cross = g.t0 + y0_ / g.speed;
      g.over_line = over_the_line(g);
      if (!g.over_line) {
        // Passes beyond the line's end: no crossing to count.
      } else if (!g.uturn) {
        truth_.push_back({t_cross, 1, d, g.child});
      } else if (g.dir * g.y_turn > 0) {  // turned beyond the line: crossed and came back
        const double t_turn = g.t0 + (y0_ + g.dir * g.y_turn) / g.speed;
        truth_.push_back({t_cross, 1, d, g.child});
        truth_.push_back({2 * t_turn - t_cross, 1, back, g.child});
      }
      walking_.push_back(walkers_.size());
      walkers_.push_back(g);
    }
  }
}

double SyntheticScenario::y_at(const Walker& w, double t) const {
  bool done = false;
  return y_of(w, t, done);
}

bool SyntheticScenario::next(sensor::Frame& frame) {
  const double t = static_cast<double>(frame_) / opt_.fps;
  spawn(t);
  std::vector<ScenePerson> people;
  std::vector<SceneBox> boxes;
  std::erase_if(walking_, [&](size_t i) {
    const Walker& a = walkers_[i];
    bool done = false;
    const double y = y_of(a, t, done);
    if (done) {
      lane_busy_[a.lane] = 0;
      return true;
    }
    people.push_back({a.x, y, a.stature, a.hat});
    if (a.cart) {
      const double c = y + a.dir * 0.75;  // cart centre ahead of the person
      boxes.push_back({a.x - 0.25, c - 0.35, a.x + 0.25, c + 0.35, 1.0});
    }
    return false;
  });
  if (walking_.empty() && static_cast<int>(truth_.size()) >= opt_.target_crossings) return false;
  frame = sensor::Frame{};
  frame.index = frame_;
  frame.t_seconds = t;
  frame.camera = opt_.camera;
  frame.depth_mm = render_depth(opt_.camera, opt_.install_height_m, people, boxes);
  ++frame_;
  return true;
}

}  // namespace hc::eval
