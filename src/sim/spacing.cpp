// O(parties^2 * overlap time / step); only pairs whose walks overlap in time are sampled, so a
// two-minute busy scenario is placed in well under a second (an hour of one in about 4 s).
#include "sim/spacing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hc::sim {
namespace {

constexpr double kWaitStep_s = 0.1;
constexpr double kSidestepStep_m = 0.1;
constexpr double kMaxSidestep_m = 0.3;
constexpr double kSidestepCost_s_per_m = 2.0;
constexpr double kReferenceStature_m = 1.75;  // the renderer's body proportions are for 1.75 m

double start_of(const Agent& a) { return a.path.empty() ? 0.0 : a.path.front().t_s; }
double end_of(const Agent& a) { return a.path.empty() ? -1.0 : a.path.back().t_s; }

// Farthest a footprint reaches from the head point: the cart's front disc.
constexpr double kMaxReach_m = 1.3;

// One way to make room: walk the same path later, or beside it (along floor x, across the walking
// axis), or both.
struct Sidestep {
  double delay_s, offset_m;
};

// Every sidestep up to kMaxWait_s and kMaxSidestep_m, cheapest first: people step aside rather than
// stop (0.1 m aside costs as much as waiting 0.2 s); among equals, less aside, then to the right.
std::vector<Sidestep> sidesteps_by_cost() {
  std::vector<Sidestep> out;
  for (int d = 0; d * kWaitStep_s <= kMaxWait_s + 1e-9; ++d)
    for (int o = 0; o * kSidestepStep_m <= kMaxSidestep_m + 1e-9; ++o)
      for (int sign : {1, -1}) {
        if (o == 0 && sign < 0) continue;
        out.push_back({d * kWaitStep_s, sign * o * kSidestepStep_m});
      }
  auto cost = [](const Sidestep& s) { return s.delay_s + kSidestepCost_s_per_m * std::abs(s.offset_m); };
  std::stable_sort(out.begin(), out.end(), [&](const Sidestep& a, const Sidestep& b) {
    if (cost(a) != cost(b)) return cost(a) < cost(b);
    return std::abs(a.offset_m) < std::abs(b.offset_m);
  });
  return out;
}

void shift(Agent& a, const Sidestep& s) {
  for (Keyframe& k : a.path) {
    k.t_s += s.delay_s;
    k.p.x += s.offset_m;
  }
  a.waited_s += s.delay_s;
  a.stepped_aside_m += s.offset_m;
}

bool overlaps_any(const std::vector<Agent>& party, const std::vector<const Agent*>& placed) {
  for (const Agent& a : party)
    for (const Agent* b : placed)
      if (first_overlap(a, *b)) return true;
  return false;
}

// The parties, each as its members' indices, in the order they arrive (earliest start first;
// creation order among equal starts), so whoever comes first keeps their walk.
std::vector<std::vector<size_t>> parties_by_arrival(const std::vector<Agent>& agents) {
  std::vector<std::vector<size_t>> parties;
  for (size_t i = 0; i < agents.size(); ++i) {
    if (i > 0 && agents[i].party != 0 && agents[i].party == agents[i - 1].party)
      parties.back().push_back(i);
    else
      parties.push_back({i});
  }
  auto arrival = [&](const std::vector<size_t>& p) {
    double t = start_of(agents[p.front()]);
    for (size_t i : p) t = std::min(t, start_of(agents[i]));
    return t;
  };
  std::stable_sort(parties.begin(), parties.end(),
                   [&](const auto& a, const auto& b) { return arrival(a) < arrival(b); });
  return parties;
}

}  // namespace

std::vector<FootprintDisc> footprint(const Agent& a, const AgentState& s) {
  const double ks = a.stature_m / kReferenceStature_m;
  const double ch = std::cos(s.heading_rad), sh = std::sin(s.heading_rad);
  auto at = [&](double fwd, double side) {
    return core::Point2{s.p.x + ch * fwd - sh * side, s.p.y + sh * fwd + ch * side};
  };
  // Torso (0.12 m deep) and shoulders (0.21 m to each side) with the arms hanging beside them.
  std::vector<FootprintDisc> discs{{at(0, 0), 0.13 * ks}, {at(0, 0.12 * ks), 0.12 * ks}, {at(0, -0.12 * ks), 0.12 * ks}};
  if (a.backpack) discs.push_back({at(-0.19 * ks, 0), 0.07 * ks});
  if (a.pushed == Pushed::kCart) {  // 0.8 m long, 0.54 m wide, 0.4-1.2 m ahead
    discs.push_back({at(0.6, 0), 0.27});
    discs.push_back({at(1.0, 0), 0.27});
  } else if (a.pushed == Pushed::kStroller) {  // 0.35-0.95 m ahead, 0.44 m wide
    discs.push_back({at(0.5, 0), 0.22});
    discs.push_back({at(0.8, 0), 0.22});
  }
  return discs;
}

bool bodies_overlap(const Agent& a, const Agent& b, double t_s) {
  const AgentState sa = agent_state(a, t_s), sb = agent_state(b, t_s);
  if (!sa.present || !sb.present || core::distance(sa.p, sb.p) > 2 * kMaxReach_m) return false;
  for (const FootprintDisc& da : footprint(a, sa))
    for (const FootprintDisc& db : footprint(b, sb))
      if (core::distance(da.centre, db.centre) < da.radius_m + db.radius_m) return true;
  return false;
}

std::optional<double> first_overlap(const Agent& a, const Agent& b) {
  const double t0 = std::max(start_of(a), start_of(b)), t1 = std::min(end_of(a), end_of(b));
  for (double t = t0; t <= t1; t += kSpacingCheckStep_s)
    if (bodies_overlap(a, b, t)) return t;
  return std::nullopt;
}

int keep_apart(std::vector<Agent>& agents) {
  std::vector<const Agent*> placed;
  int moved = 0;
  const std::vector<Sidestep> choices = sidesteps_by_cost();
  for (const auto& members : parties_by_arrival(agents)) {
    std::vector<Agent> original;
    for (size_t i : members) original.push_back(agents[i]);
    for (const Sidestep& c : choices) {
      std::vector<Agent> party = original;
      for (Agent& a : party) shift(a, c);
      if (!overlaps_any(party, placed) || &c == &choices.back()) {
        for (size_t k = 0; k < members.size(); ++k) agents[members[k]] = party[k];
        if (c.delay_s > 0 || c.offset_m != 0) ++moved;
        break;
      }
    }
    for (size_t i : members) placed.push_back(&agents[i]);
  }
  return moved;
}

std::string spacing_summary(const std::vector<Agent>& agents) {
  int waited = 0, aside = 0;
  double wait_sum = 0.0, wait_max = 0.0, aside_max = 0.0;
  for (const Agent& a : agents) {
    if (a.waited_s > 0) ++waited;
    if (a.stepped_aside_m != 0) ++aside;
    wait_sum += a.waited_s;
    wait_max = std::max(wait_max, a.waited_s);
    aside_max = std::max(aside_max, std::abs(a.stepped_aside_m));
  }
  char text[160];
  std::snprintf(text, sizeof text,
                "to keep apart, of %zu people %d waited (%.1f s in all, at most %.1f s) and %d stepped aside "
                "(at most %.1f m)",
                agents.size(), waited, wait_sum, wait_max, aside, aside_max);
  return text;
}

}  // namespace hc::sim
