#include "track/hungarian.h"

#include <algorithm>
#include <limits>

namespace hc::track {

std::vector<int> solve_assignment(const std::vector<std::vector<double>>& cost, double forbidden) {
  const int rows = static_cast<int>(cost.size());
  if (rows == 0) return {};
  const int cols = static_cast<int>(cost[0].size());
  std::vector<int> result(rows, -1);
  if (cols == 0) return result;
  // Square matrix of size n; forbidden and padding entries get a large finite cost so the
  // algorithm always completes, then such pairs are dropped.
  const int n = std::max(rows, cols);
  const double big = forbidden * 4.0 + 1.0;
  auto at = [&](int r, int c) {
    if (r >= rows || c >= cols) return big;
    return cost[r][c] >= forbidden ? big : cost[r][c];
  };
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> u(n + 1, 0.0), v(n + 1, 0.0);
  std::vector<int> p(n + 1, 0), way(n + 1, 0);
  for (int i = 1; i <= n; ++i) {
    p[0] = i;
    int j0 = 0;
    std::vector<double> minv(n + 1, inf);
    std::vector<char> used(n + 1, 0);
    do {
      used[j0] = 1;
      const int i0 = p[j0];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= n; ++j) {
        if (used[j]) continue;
        const double cur = at(i0 - 1, j - 1) - u[i0] - v[j];
        if (cur < minv[j]) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j] < delta) {
          delta = minv[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= n; ++j) {
        if (used[j]) {
          u[p[j]] += delta;
          v[j] -= delta;
        } else {
          minv[j] -= delta;
        }
      }
      j0 = j1;
    } while (p[j0] != 0);
    do {
      const int j1 = way[j0];
      p[j0] = p[j1];
      j0 = j1;
    } while (j0);
  }
  for (int j = 1; j <= n; ++j) {
    const int r = p[j] - 1, c = j - 1;
    if (r < rows && c < cols && cost[r][c] < forbidden) result[r] = c;
  }
  return result;
}

}  // namespace hc::track
