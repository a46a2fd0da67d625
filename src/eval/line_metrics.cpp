#include "eval/line_metrics.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace hc::eval {

namespace {

// Indices [first, last) of the events of `sorted` (by time) within match_s of t.
std::pair<size_t, size_t> within(const std::vector<Crossing>& sorted, double t, double match_s) {
  auto lo = std::lower_bound(sorted.begin(), sorted.end(), t - match_s,
                             [](const Crossing& c, double v) { return c.t_s < v; });
  auto hi = std::upper_bound(lo, sorted.end(), t + match_s,
                             [](double v, const Crossing& c) { return v < c.t_s; });
  return {static_cast<size_t>(lo - sorted.begin()), static_cast<size_t>(hi - sorted.begin())};
}

// Re-pairs within the tolerance where that makes more child flags agree, keeping the number of
// matches: a mismatched pair takes an unmatched event of the other side that agrees, or two
// mismatched pairs of opposite flags trade partners. Each step adds an agreement, so it ends.
void align_child_flags(const std::vector<Crossing>& truth, const std::vector<Crossing>& counted,
                       double match_s, std::vector<int>& partner) {
  std::vector<int> owner(counted.size(), -1);  // counted -> truth
  for (size_t i = 0; i < truth.size(); ++i)
    if (partner[i] >= 0) owner[partner[i]] = static_cast<int>(i);
  auto agrees = [&](size_t i) { return partner[i] < 0 || counted[partner[i]].child == truth[i].child; };
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 0; i < truth.size(); ++i) {
      if (agrees(i)) continue;
      const int j = partner[i];
      const auto [c0, c1] = within(counted, truth[i].t_s, match_s);
      for (size_t k = c0; k < c1 && !agrees(i); ++k) {
        if (counted[k].child != truth[i].child) continue;
        const int other = owner[k];
        if (other < 0) {  // an unmatched count that agrees
          owner[j] = -1;
        } else if (!agrees(other) && std::abs(truth[other].t_s - counted[j].t_s) <= match_s) {
          partner[other] = j;  // two mismatched pairs trade
          owner[j] = other;
        } else {
          continue;
        }
        partner[i] = static_cast<int>(k);
        owner[k] = static_cast<int>(i);
        changed = true;
      }
      if (agrees(i)) continue;
      const auto [t0, t1] = within(truth, counted[j].t_s, match_s);
      for (size_t l = t0; l < t1; ++l)
        if (partner[l] < 0 && truth[l].child == counted[j].child) {  // an unmatched truth that agrees
          partner[l] = j;
          owner[j] = static_cast<int>(l);
          partner[i] = -1;
          changed = true;
          break;
        }
    }
  }
}

}  // namespace

// The most matches one to one within the tolerance (greedy in time order: each truth event
// takes the earliest unmatched count in reach, optimal for a 1-D tolerance), then, among
// those, child flags paired to agree where the tolerance allows (align_child_flags): reports
// carry whole seconds, so a child and an adult crossing in the same second cannot be told
// apart by time, and pairing them crosswise would score two flags wrong that are right.
std::vector<int> match_crossings(const std::vector<Crossing>& truth, const std::vector<Crossing>& counted,
                                 double match_s) {
  std::vector<int> partner(truth.size(), -1);
  std::vector<char> used(counted.size(), 0);
  size_t j = 0;
  for (size_t i = 0; i < truth.size(); ++i) {
    const double t = truth[i].t_s;
    while (j < counted.size() && counted[j].t_s < t - match_s) ++j;
    for (size_t k = j; k < counted.size() && counted[k].t_s <= t + match_s; ++k) {
      if (used[k]) continue;
      used[k] = 1;
      partner[i] = static_cast<int>(k);
      break;
    }
  }
  align_child_flags(truth, counted, match_s, partner);
  return partner;
}

LineScore score_line(const std::vector<Crossing>& truth_all, const std::vector<Crossing>& counted_all,
                     int line, rules::Direction direction, double bin_s, double match_s) {
  LineScore s;
  s.line = line;
  s.direction = direction;
  std::vector<Crossing> truth, counted;
  for (const auto& c : truth_all)
    if (c.line == line && c.direction == direction) truth.push_back(c);
  for (const auto& c : counted_all)
    if (c.line == line && c.direction == direction) counted.push_back(c);
  auto by_t = [](const Crossing& a, const Crossing& b) { return a.t_s < b.t_s; };
  std::sort(truth.begin(), truth.end(), by_t);
  std::sort(counted.begin(), counted.end(), by_t);
  s.true_total = static_cast<int64_t>(truth.size());
  s.counted_total = static_cast<int64_t>(counted.size());
  if (s.true_total > 0)
    s.net_accuracy = 1.0 - std::abs(static_cast<double>(s.counted_total - s.true_total)) / s.true_total;
  else
    s.net_accuracy = s.counted_total == 0 ? 1.0 : 0.0;

  std::map<int64_t, int64_t> bins;
  for (const auto& c : truth) bins[static_cast<int64_t>(std::floor(c.t_s / bin_s))]++;
  for (const auto& c : counted) bins[static_cast<int64_t>(std::floor(c.t_s / bin_s))]--;
  int64_t diff = 0;
  for (auto [b, d] : bins) diff += std::abs(d);
  s.unbalanced_error = s.true_total > 0 ? static_cast<double>(diff) / s.true_total
                                        : (s.counted_total ? 1.0 : 0.0);

  const auto partner = match_crossings(truth, counted, match_s);
  for (size_t i = 0; i < truth.size(); ++i) {
    if (partner[i] < 0) continue;
    ++s.matched;
    if (counted[partner[i]].child == truth[i].child) ++s.child_agree;
  }
  s.precision = s.counted_total ? static_cast<double>(s.matched) / s.counted_total : 1.0;
  s.recall = s.true_total ? static_cast<double>(s.matched) / s.true_total : 1.0;
  s.f1 = (s.precision + s.recall) > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  s.child_accuracy = s.matched ? static_cast<double>(s.child_agree) / s.matched : 1.0;
  return s;
}

}  // namespace hc::eval
