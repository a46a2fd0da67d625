// Plane geometry for rules drawn by users: points, segments, polylines and polygons.
// Coordinates are whatever the caller uses consistently (image pixels for drawn rules, metres on
// the floor plane for tracking). Predicates are exact for the collinear and touching cases up to
// kGeometryEpsilon, so a point lying on a line is "on" it, never flickering between sides.
#pragma once

#include <optional>
#include <vector>

namespace hc::core {

inline constexpr double kGeometryEpsilon = 1e-9;

struct Point2 {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Point2&, const Point2&) = default;
};

inline Point2 operator+(Point2 a, Point2 b) { return {a.x + b.x, a.y + b.y}; }
inline Point2 operator-(Point2 a, Point2 b) { return {a.x - b.x, a.y - b.y}; }
inline Point2 operator*(Point2 a, double s) { return {a.x * s, a.y * s}; }

double dot(Point2 a, Point2 b);
// z of the 3-D cross product: > 0 when b is counter-clockwise from a (y up), < 0 clockwise.
double cross(Point2 a, Point2 b);
double distance(Point2 a, Point2 b);

struct Segment {
  Point2 a;
  Point2 b;
};

// -1, 0 or +1: the side of p relative to the directed segment a->b (sign of cross(b-a, p-a)).
int orientation(Point2 a, Point2 b, Point2 p);
bool on_segment(const Segment& s, Point2 p);
// True when the closed segments share at least one point (touching and collinear overlap count).
bool segments_intersect(const Segment& s, const Segment& t);
// The crossing point of two properly crossing segments (not parallel); nullopt otherwise.
std::optional<Point2> segment_intersection(const Segment& s, const Segment& t);
double distance_to_segment(Point2 p, const Segment& s);

using Polyline = std::vector<Point2>;
using Polygon = std::vector<Point2>;  // implicitly closed: last vertex joins the first

// Signed distance from p to the polyline: magnitude is the distance to the nearest segment, sign is
// the side of that segment (+ left of the drawing direction in a y-up frame, which is the right
// side on screen where y grows downwards). 0 on the line.
double signed_distance_to_polyline(Point2 p, const Polyline& line);
// True when the movement from -> to crosses the polyline (any segment, touching included).
bool path_crosses_polyline(Point2 from, Point2 to, const Polyline& line);

double polygon_signed_area(const Polygon& polygon);
// Points on the boundary count as inside.
bool point_in_polygon(Point2 p, const Polygon& polygon);
// True when two non-adjacent edges of the polygon touch or cross.
bool polygon_self_intersects(const Polygon& polygon);
// True when two non-adjacent segments of the open polyline touch or cross.
bool polyline_self_intersects(const Polyline& line);

}  // namespace hc::core
