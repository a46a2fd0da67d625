#include "track/hungarian.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

namespace hc::track {
namespace {

TEST(Hungarian, MatchesBruteForceOnRandomSquareMatrices) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0, 10);
  for (int trial = 0; trial < 50; ++trial) {
    const int n = 1 + trial % 6;
    std::vector<std::vector<double>> c(n, std::vector<double>(n));
    for (auto& row : c)
      for (auto& x : row) x = u(rng);
    std::vector<int> perm(n);
    std::iota(perm.begin(), perm.end(), 0);
    double best = 1e18;
    do {
      double s = 0;
      for (int i = 0; i < n; ++i) s += c[i][perm[i]];
      best = std::min(best, s);
    } while (std::next_permutation(perm.begin(), perm.end()));
    auto a = solve_assignment(c, 1e9);
    double s = 0;
    for (int i = 0; i < n; ++i) {
      ASSERT_GE(a[i], 0);
      s += c[i][a[i]];
    }
    EXPECT_NEAR(s, best, 1e-9);
  }
}

TEST(Hungarian, RectangularAndForbidden) {
  std::vector<std::vector<double>> c = {{1, 1e9, 3}, {1e9, 1e9, 1e9}};
  auto a = solve_assignment(c, 1e9);
  EXPECT_EQ(a[0], 0);
  EXPECT_EQ(a[1], -1);
  EXPECT_TRUE(solve_assignment({}, 1e9).empty());
  auto b = solve_assignment({{5}, {1}, {3}}, 1e9);
  EXPECT_EQ(b, (std::vector<int>{-1, 0, -1}));
}

}  // namespace
}  // namespace hc::track
