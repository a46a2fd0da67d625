#include "eval/track_metrics.h"

#include <set>

#include "track/hungarian.h"

namespace hc::eval {

TrackScore score_tracks(const TrackFrames& truth, const TrackFrames& hyp, double radius) {
  TrackScore s;
  const double forbidden = 1e9;
  std::map<int64_t, int64_t> last_match;                 // truth id -> hypothesis id
  std::map<std::pair<int64_t, int64_t>, int64_t> pairs;  // co-occurrence within radius
  std::map<int64_t, int64_t> truth_len, hyp_len;
  std::set<int64_t> keys;
  for (const auto& [k, v] : truth) keys.insert(k);
  for (const auto& [k, v] : hyp) keys.insert(k);
  static const std::vector<TrackPoint> kNone;
  for (int64_t k : keys) {
    const auto& t = truth.count(k) ? truth.at(k) : kNone;
    const auto& h = hyp.count(k) ? hyp.at(k) : kNone;
    for (const auto& p : t) truth_len[p.id]++;
    for (const auto& p : h) hyp_len[p.id]++;
    std::vector<std::vector<double>> cost(t.size(), std::vector<double>(h.size(), forbidden));
    for (size_t i = 0; i < t.size(); ++i)
      for (size_t j = 0; j < h.size(); ++j) {
        const double d = core::distance(t[i].floor_m, h[j].floor_m);
        if (d > radius) continue;
        pairs[{t[i].id, h[j].id}]++;
        // Keeping last frame's correspondence is preferred (CLEAR MOT).
        const auto it = last_match.find(t[i].id);
        cost[i][j] = (it != last_match.end() && it->second == h[j].id) ? d * 1e-3 : d + radius;
      }
    const auto a = track::solve_assignment(cost, forbidden);
    int64_t matched = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] < 0) continue;
      ++matched;
      const int64_t hid = h[static_cast<size_t>(a[i])].id;
      const auto it = last_match.find(t[i].id);
      if (it != last_match.end() && it->second != hid) ++s.id_switches;
      last_match[t[i].id] = hid;
    }
    s.truth_points += static_cast<int64_t>(t.size());
    s.matches += matched;
    s.misses += static_cast<int64_t>(t.size()) - matched;
    s.false_positives += static_cast<int64_t>(h.size()) - matched;
  }
  if (s.truth_points > 0)
    s.mota = 1.0 - static_cast<double>(s.misses + s.false_positives + s.id_switches) /
                       static_cast<double>(s.truth_points);
  // IDF1: one-to-one identity assignment maximising co-occurring frames.
  std::vector<int64_t> tids, hids;
  for (const auto& [id, n] : truth_len) tids.push_back(id);
  for (const auto& [id, n] : hyp_len) hids.push_back(id);
  std::vector<std::vector<double>> cost(tids.size(), std::vector<double>(hids.size(), forbidden));
  for (size_t i = 0; i < tids.size(); ++i)
    for (size_t j = 0; j < hids.size(); ++j) {
      const auto it = pairs.find({tids[i], hids[j]});
      if (it != pairs.end()) cost[i][j] = -static_cast<double>(it->second) + 1e6;
    }
  int64_t idtp = 0;
  const auto a = track::solve_assignment(cost, forbidden);
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] >= 0) idtp += pairs[{tids[i], hids[static_cast<size_t>(a[i])]}];
  int64_t total_t = 0, total_h = 0;
  for (const auto& [id, n] : truth_len) total_t += n;
  for (const auto& [id, n] : hyp_len) total_h += n;
  s.idf1 = (total_t + total_h) > 0 ? 2.0 * static_cast<double>(idtp) / static_cast<double>(total_t + total_h) : 1.0;
  return s;
}

}  // namespace hc::eval
