// Counting accuracy per line and direction against ground truth (issue 5's definitions):
//   net accuracy      1 - |counted - true| / true
//   unbalanced error  sum over fixed bins (default 60 s) of |counted - true|, divided by true
//   event F1          crossings matched one to one within a time tolerance (default 1 s)
//   child accuracy    matched pairs whose child flag agrees / matched pairs
// Matching (match_crossings) is greedy in time order, which gives the most matches for a 1-D
// tolerance, then re-pairs within the tolerance so that child flags agree where they can.
// O(n log n) plus the re-pairing's windows.
#pragma once

#include <cstdint>
#include <vector>

#include "rules/count_event.h"

namespace hc::eval {

struct Crossing {
  double t_s = 0;
  int line = 1;  // 1-based
  rules::Direction direction = rules::Direction::kIn;
  bool child = false;
};

struct LineScore {
  int line = 1;
  rules::Direction direction = rules::Direction::kIn;
  int64_t true_total = 0, counted_total = 0, matched = 0, child_agree = 0;
  double net_accuracy = 1, unbalanced_error = 0, precision = 1, recall = 1, f1 = 1;
  double child_accuracy = 1;
};

// Per truth crossing (both lists sorted by time), the index of its counted crossing or -1.
std::vector<int> match_crossings(const std::vector<Crossing>& truth, const std::vector<Crossing>& counted,
                                 double match_s);

LineScore score_line(const std::vector<Crossing>& truth, const std::vector<Crossing>& counted,
                     int line, rules::Direction direction, double bin_s = 60.0,
                     double match_s = 1.0);

}  // namespace hc::eval
