// Minimum-cost assignment (Hungarian / Kuhn-Munkres with potentials, O(n^2 m)).
// Reference: Jonker-Volgenant style shortest augmenting paths; see e.g. Burkard, Dell'Amico,
// Martello, "Assignment Problems" (2009), ch. 4.
#pragma once

#include <vector>

namespace hc::track {

// cost[r][c] for rows x cols (any shape); entries >= forbidden are never assigned.
// Returns, per row, the assigned column or -1.
std::vector<int> solve_assignment(const std::vector<std::vector<double>>& cost, double forbidden);

}  // namespace hc::track
