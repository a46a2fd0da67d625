// Orientation-based predicates (Cormen et al., "Introduction to Algorithms", 33.1); O(n) per
// polyline query and O(n^2) for the self-intersection checks, with n at most 10 for user rules.
#include "core/geometry.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hc::core {

double dot(Point2 a, Point2 b) { return a.x * b.x + a.y * b.y; }
double cross(Point2 a, Point2 b) { return a.x * b.y - a.y * b.x; }
double distance(Point2 a, Point2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

int orientation(Point2 a, Point2 b, Point2 p) {
  const double c = cross(b - a, p - a);
  const double scale = std::max({1.0, std::abs(b.x - a.x) + std::abs(b.y - a.y),
                                 std::abs(p.x - a.x) + std::abs(p.y - a.y)});
  if (std::abs(c) <= kGeometryEpsilon * scale * scale) return 0;
  return c > 0 ? 1 : -1;
}

bool on_segment(const Segment& s, Point2 p) {
  if (orientation(s.a, s.b, p) != 0) return false;
  return p.x >= std::min(s.a.x, s.b.x) - kGeometryEpsilon &&
         p.x <= std::max(s.a.x, s.b.x) + kGeometryEpsilon &&
         p.y >= std::min(s.a.y, s.b.y) - kGeometryEpsilon &&
         p.y <= std::max(s.a.y, s.b.y) + kGeometryEpsilon;
}

bool segments_intersect(const Segment& s, const Segment& t) {
  const int o1 = orientation(s.a, s.b, t.a);
  const int o2 = orientation(s.a, s.b, t.b);
  const int o3 = orientation(t.a, t.b, s.a);
  const int o4 = orientation(t.a, t.b, s.b);
  if (o1 != o2 && o3 != o4) return true;
  // Collinear or touching: an endpoint of one lies on the other.
  return on_segment(s, t.a) || on_segment(s, t.b) || on_segment(t, s.a) || on_segment(t, s.b);
}

std::optional<Point2> segment_intersection(const Segment& s, const Segment& t) {
  const Point2 r = s.b - s.a;
  const Point2 q = t.b - t.a;
  const double denom = cross(r, q);
  if (std::abs(denom) <= kGeometryEpsilon) return std::nullopt;
  const double u = cross(t.a - s.a, q) / denom;
  const double v = cross(t.a - s.a, r) / denom;
  if (u < -kGeometryEpsilon || u > 1 + kGeometryEpsilon || v < -kGeometryEpsilon ||
      v > 1 + kGeometryEpsilon) {
    return std::nullopt;
  }
  return s.a + r * u;
}

double distance_to_segment(Point2 p, const Segment& s) {
  const Point2 d = s.b - s.a;
  const double len2 = dot(d, d);
  if (len2 <= 0.0) return distance(p, s.a);
  const double t = std::clamp(dot(p - s.a, d) / len2, 0.0, 1.0);
  return distance(p, s.a + d * t);
}

double signed_distance_to_polyline(Point2 p, const Polyline& line) {
  double best = std::numeric_limits<double>::infinity();
  int side = 0;
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    const Segment s{line[i], line[i + 1]};
    const double d = distance_to_segment(p, s);
    if (d < best) {
      best = d;
      side = orientation(s.a, s.b, p);
    }
  }
  if (!std::isfinite(best)) return best;
  return side * best;
}

bool path_crosses_polyline(Point2 from, Point2 to, const Polyline& line) {
  const Segment path{from, to};
  for (size_t i = 0; i + 1 < line.size(); ++i) {
    if (segments_intersect(path, {line[i], line[i + 1]})) return true;
  }
  return false;
}

double polygon_signed_area(const Polygon& polygon) {
  double twice = 0.0;
  for (size_t i = 0; i < polygon.size(); ++i) {
    twice += cross(polygon[i], polygon[(i + 1) % polygon.size()]);
  }
  return twice / 2.0;
}

bool point_in_polygon(Point2 p, const Polygon& polygon) {
  const size_t n = polygon.size();
  if (n < 3) return false;
  bool inside = false;
  for (size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point2 a = polygon[i];
    const Point2 b = polygon[j];
    if (on_segment({a, b}, p)) return true;
    // Crossing number: count edges that straddle the horizontal ray to the right of p.
    if ((a.y > p.y) != (b.y > p.y)) {
      const double x_at = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
      if (p.x < x_at) inside = !inside;
    }
  }
  return inside;
}

namespace {
bool segments_touch_except_adjacent(const std::vector<Point2>& pts, bool closed) {
  const size_t n = pts.size();
  const size_t edges = closed ? n : (n == 0 ? 0 : n - 1);
  for (size_t i = 0; i < edges; ++i) {
    const Segment si{pts[i], pts[(i + 1) % n]};
    for (size_t j = i + 1; j < edges; ++j) {
      const bool adjacent = (j == i + 1) || (closed && i == 0 && j == edges - 1);
      const Segment sj{pts[j], pts[(j + 1) % n]};
      if (adjacent) {
        // Adjacent edges share a vertex; they intersect badly only when they fold back on
        // each other (collinear overlap beyond the shared vertex).
        const Point2 shared = (j == i + 1) ? si.b : si.a;
        const Point2 other_i = (j == i + 1) ? si.a : si.b;
        const Point2 other_j = (j == i + 1) ? sj.b : sj.a;
        if (orientation(other_i, shared, other_j) == 0 &&
            dot(other_i - shared, other_j - shared) > 0) {
          return true;
        }
        continue;
      }
      if (segments_intersect(si, sj)) return true;
    }
  }
  return false;
}
}  // namespace

bool polygon_self_intersects(const Polygon& polygon) {
  return segments_touch_except_adjacent(polygon, /*closed=*/true);
}

bool polyline_self_intersects(const Polyline& line) {
  return segments_touch_except_adjacent(line, /*closed=*/false);
}

}  // namespace hc::core
