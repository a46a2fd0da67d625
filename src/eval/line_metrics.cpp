#include "eval/line_metrics.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace hc::eval {

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

  // Greedy: each truth event takes the earliest unmatched counted event within the tolerance.
  size_t j = 0;
  std::vector<char> used(counted.size(), 0);
  for (const auto& t : truth) {
    while (j < counted.size() && counted[j].t_s < t.t_s - match_s) ++j;
    for (size_t k = j; k < counted.size() && counted[k].t_s <= t.t_s + match_s; ++k) {
      if (used[k]) continue;
      used[k] = 1;
      ++s.matched;
      if (counted[k].child == t.child) ++s.child_agree;
      break;
    }
  }
  s.precision = s.counted_total ? static_cast<double>(s.matched) / s.counted_total : 1.0;
  s.recall = s.true_total ? static_cast<double>(s.matched) / s.true_total : 1.0;
  s.f1 = (s.precision + s.recall) > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  s.child_accuracy = s.matched ? static_cast<double>(s.child_agree) / s.matched : 1.0;
  return s;
}

}  // namespace hc::eval
