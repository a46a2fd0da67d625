// Scripted behaviours -> keyframed trajectories; O(people * keyframes). State lookup is a binary
// search over keyframes. Walking axis: floor y (the default line lies along floor x at y = 0;
// walking towards +y crosses it "in").
#include "sim/crowd.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "sim/spacing.h"

namespace hc::sim {
namespace {

constexpr double kStride = 1.4;  // metres per gait cycle
// Between loiterers' spots: two shoulder widths, less their shuffles' reach.
constexpr double kLoiterSpacing = 0.7;

struct Gen {
  std::mt19937_64 rng;
  double uni(double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); }
  bool chance(double p) { return uni(0.0, 1.0) < p; }
};

Agent make_person(Gen& g, const Behaviour& b, int id) {
  Agent a;
  a.id = id;
  a.child = g.chance(b.child_fraction);
  a.gender = g.chance(0.5) ? "male" : "female";
  if (a.child)
    a.stature_m = g.uni(0.9, 1.4);
  else
    a.stature_m = a.gender == "male" ? g.uni(1.62, 1.95) : g.uni(1.5, 1.8);
  a.hat = g.chance(b.hat_fraction);
  a.backpack = g.chance(b.backpack_fraction);
  if (!a.child) {
    if (g.chance(b.cart_fraction)) a.pushed = Pushed::kCart;
    else if (g.chance(b.stroller_fraction)) a.pushed = Pushed::kStroller;
  }
  a.shirt_albedo = g.uni(0.2, 0.85);
  a.hair_albedo = g.uni(0.12, 0.45);
  a.texture_seed = g.uni(0.0, 100.0);
  return a;
}

double speed(Gen& g, const Behaviour& b) { return b.speed_mps > 0 ? b.speed_mps : g.uni(1.0, 1.5); }

// Straight walk from a to b starting at t0 at speed v.
void walk(Agent& a, double t0, core::Point2 from, core::Point2 to, double v) {
  if (a.path.empty()) a.path.push_back({t0, from});
  const double d = core::distance(from, to);
  a.path.push_back({a.path.back().t_s + d / v, to});
}
void wait(Agent& a, double seconds) { a.path.push_back({a.path.back().t_s + seconds, a.path.back().p}); }

bool is_in(Gen& g, const std::string& dir, int i) {
  if (dir == "in") return true;
  if (dir == "out") return false;
  (void)g;
  return i % 2 == 0;
}

}  // namespace

double walk_half_length(const Scenario& s) {
  // Floor half-width seen along image v (the short side), plus margin so people enter from outside.
  const auto cam = s.camera();
  const double half_beta = std::atan(0.5 * cam.height / cam.fy);
  return s.height_m * std::tan(half_beta) + s.height_m * std::tan(s.tilt_deg * std::numbers::pi / 180) + 1.0;
}

std::vector<Agent> build_agents(const Scenario& s, uint64_t seed) {
  std::vector<Agent> out;
  const double L = walk_half_length(s);
  int next_id = 1, next_party = 1;
  for (size_t bi = 0; bi < s.behaviours.size(); ++bi) {
    const Behaviour& b = s.behaviours[bi];
    Gen g{std::mt19937_64(seed * 1000003ULL + bi * 7919ULL + 17)};
    const double tan_a = std::tan(b.angle_deg * std::numbers::pi / 180.0);
    auto crossing = [&](double t0, double x, bool in, double v) {
      Agent a = make_person(g, b, next_id++);
      const double sgn = in ? 1.0 : -1.0;
      walk(a, t0, {x - sgn * L * tan_a, -sgn * L}, {x + sgn * L * tan_a, sgn * L}, v);
      out.push_back(a);
    };
    if (b.type == "crossing") {
      for (int i = 0; i < b.count; ++i)
        crossing(b.start_s + i * b.interval_s, g.uni(-0.6, 0.6), is_in(g, b.direction, i), speed(g, b));
    } else if (b.type == "counterflow") {
      for (int i = 0; i < b.count; ++i) {
        const double t0 = b.start_s + i * b.interval_s;
        crossing(t0, g.uni(-0.7, -0.3), true, speed(g, b));
        crossing(t0 + g.uni(0.0, 0.4), g.uni(0.3, 0.7), false, speed(g, b));
      }
    } else if (b.type == "group") {
      for (int i = 0; i < b.count; ++i) {
        const bool in = is_in(g, b.direction, i);
        const double v = speed(g, b), t0 = b.start_s + i * b.interval_s;
        const int party = next_party++;
        for (int k = 0; k < b.size; ++k) {
          crossing(t0 + g.uni(0.0, 0.15), (k - 0.5 * (b.size - 1)) * 0.55 + g.uni(-0.05, 0.05), in, v);
          out.back().party = party;
        }
      }
    } else if (b.type == "uturn") {
      for (int i = 0; i < b.count; ++i) {
        Agent a = make_person(g, b, next_id++);
        const bool in = is_in(g, b.direction, i);
        const double sgn = in ? 1.0 : -1.0, x = g.uni(-0.5, 0.5), v = speed(g, b);
        const double turn_y = sgn * (b.where == "after" ? g.uni(0.35, 0.6) : -g.uni(0.3, 0.6));
        walk(a, b.start_s + i * b.interval_s, {x, -sgn * L}, {x, turn_y}, v);
        wait(a, 0.4);
        walk(a, 0, {x, turn_y}, {x + 0.3, -sgn * L}, v);
        out.push_back(a);
      }
    } else if (b.type == "loiter") {
      for (int i = 0; i < b.count; ++i) {
        Agent a = make_person(g, b, next_id++);
        const double v = speed(g, b);
        // Each loiterer has a spot of their own, 0.8 m along x from the next, so that two who stay
        // at once stand side by side rather than in one place.
        const double lane = (i - 0.5 * (b.count - 1)) * kLoiterSpacing;
        core::Point2 spot{b.x + lane + g.uni(-0.05, 0.05), b.y + g.uni(-0.2, 0.2)};
        walk(a, b.start_s + i * b.interval_s, {spot.x, -L}, spot, v);
        // Shuffle about the spot: small slow steps, mostly to and fro.
        const double end = a.path.back().t_s + b.duration_s;
        while (a.path.back().t_s < end) {
          wait(a, g.uni(1.0, 3.0));
          walk(a, 0, a.path.back().p, {spot.x + g.uni(-0.1, 0.1), spot.y + g.uni(-0.25, 0.25)}, 0.4);
        }
        walk(a, 0, a.path.back().p, {spot.x, g.chance(0.5) ? L : -L}, v);
        out.push_back(a);
      }
    } else if (b.type == "queue") {
      // A slow queue moving in: stop-and-go at 0.7 m spacing.
      const double v = 0.35;
      for (int i = 0; i < b.count; ++i) {
        Agent a = make_person(g, b, next_id++);
        const double x = g.uni(-0.1, 0.1);
        const double y0 = -L - i * 0.7;
        a.path.push_back({b.start_s, {x, y0}});
        double y = y0;
        while (y < L) {
          const double step = std::min(0.7, L - y);
          walk(a, 0, {x, y}, {x, y + step}, v);
          y += step;
          wait(a, 1.2);
        }
        out.push_back(a);
      }
    } else if (b.type == "busy") {
      // Poisson arrivals; a mix of straight and diagonal crossings in both directions.
      double t = b.start_s;
      std::exponential_distribution<double> gap(b.per_minute / 60.0);
      while (true) {
        t += gap(g.rng);
        if (t > std::min(b.start_s + b.duration_s, s.duration_s)) break;  // only who can appear
        Behaviour bb = b;
        const double ang = g.chance(0.3) ? g.uni(-35.0, 35.0) : g.uni(-8.0, 8.0);
        const double ta = std::tan(ang * std::numbers::pi / 180.0);
        Agent a = make_person(g, bb, next_id++);
        const bool in = b.direction == "both" ? g.chance(0.5) : b.direction == "in";
        const double sgn = in ? 1.0 : -1.0, x = g.uni(-0.9, 0.9), v = speed(g, b);
        walk(a, t, {x - sgn * L * ta, -sgn * L}, {x + sgn * L * ta, sgn * L}, v);
        out.push_back(a);
      }
    }
  }
  keep_apart(out);
  return out;
}

AgentState agent_state(const Agent& a, double t) {
  AgentState s;
  if (a.path.size() < 2 || t < a.path.front().t_s || t > a.path.back().t_s) return s;
  auto it = std::upper_bound(a.path.begin(), a.path.end(), t,
                             [](double v, const Keyframe& k) { return v < k.t_s; });
  if (it == a.path.end()) --it;
  const Keyframe& k1 = *it;
  const Keyframe& k0 = *(it - 1);
  const double span = k1.t_s - k0.t_s;
  const double f = span > 0 ? (t - k0.t_s) / span : 1.0;
  core::Point2 p = k0.p + (k1.p - k0.p) * f;
  // Distance walked so far drives the gait phase; heading is that of the current (or last moving) leg.
  double walked = 0.0;
  core::Point2 dir{0.0, 1.0};
  for (auto k = a.path.begin() + 1; k != it; ++k) {
    walked += core::distance((k - 1)->p, k->p);
    if (core::distance((k - 1)->p, k->p) > 1e-6) dir = k->p - (k - 1)->p;
  }
  walked += core::distance(k0.p, p);
  if (core::distance(k0.p, k1.p) > 1e-6) dir = k1.p - k0.p;
  s.present = true;
  s.heading_rad = std::atan2(dir.y, dir.x);
  s.gait_phase = 2.0 * std::numbers::pi * walked / kStride + a.texture_seed;
  // Lateral sway (one cycle per stride) and a head bob (two per stride) of a walking person.
  const double sway = 0.025 * std::sin(s.gait_phase);
  s.p = {p.x - std::sin(s.heading_rad) * sway, p.y + std::cos(s.heading_rad) * sway};
  s.head_height_m = a.stature_m - 0.012 * (1.0 - std::cos(2.0 * s.gait_phase));
  return s;
}

}  // namespace hc::sim
