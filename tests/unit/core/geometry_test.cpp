#include "core/geometry.h"

#include <gtest/gtest.h>

namespace hc::core {
namespace {

TEST(Orientation, LeftRightAndCollinear) {
  EXPECT_EQ(orientation({0, 0}, {1, 0}, {0.5, 1}), 1);
  EXPECT_EQ(orientation({0, 0}, {1, 0}, {0.5, -1}), -1);
  EXPECT_EQ(orientation({0, 0}, {1, 0}, {5, 0}), 0);
  EXPECT_EQ(orientation({0, 0}, {1, 0}, {-5, 0}), 0);
}

TEST(SegmentsIntersect, ProperCrossing) {
  EXPECT_TRUE(segments_intersect({{0, 0}, {2, 2}}, {{0, 2}, {2, 0}}));
  const auto p = segment_intersection({{0, 0}, {2, 2}}, {{0, 2}, {2, 0}});
  ASSERT_TRUE(p.has_value());
  EXPECT_DOUBLE_EQ(p->x, 1.0);
  EXPECT_DOUBLE_EQ(p->y, 1.0);
}

TEST(SegmentsIntersect, DisjointAndParallel) {
  EXPECT_FALSE(segments_intersect({{0, 0}, {1, 0}}, {{0, 1}, {1, 1}}));
  EXPECT_FALSE(segments_intersect({{0, 0}, {1, 1}}, {{2, 0}, {3, -5}}));
  EXPECT_FALSE(segment_intersection({{0, 0}, {1, 0}}, {{0, 1}, {1, 1}}).has_value());
}

TEST(SegmentsIntersect, TouchingAtEndpointCounts) {
  EXPECT_TRUE(segments_intersect({{0, 0}, {1, 0}}, {{1, 0}, {1, 5}}));
  // T junction: an endpoint lies in the middle of the other segment.
  EXPECT_TRUE(segments_intersect({{0, 0}, {2, 0}}, {{1, 0}, {1, 3}}));
}

TEST(SegmentsIntersect, CollinearOverlapAndGap) {
  EXPECT_TRUE(segments_intersect({{0, 0}, {2, 0}}, {{1, 0}, {3, 0}}));
  EXPECT_FALSE(segments_intersect({{0, 0}, {1, 0}}, {{2, 0}, {3, 0}}));
  EXPECT_TRUE(segments_intersect({{0, 0}, {1, 0}}, {{1, 0}, {3, 0}}));
}

TEST(DistanceToSegment, ClampsToEndpoints) {
  EXPECT_DOUBLE_EQ(distance_to_segment({0.5, 2}, {{0, 0}, {1, 0}}), 2.0);
  EXPECT_DOUBLE_EQ(distance_to_segment({4, 4}, {{0, 0}, {1, 0}}), 5.0);
  EXPECT_DOUBLE_EQ(distance_to_segment({3, 4}, {{0, 0}, {0, 0}}), 5.0);
}

TEST(Polyline, SignedDistanceSidesAndOnLine) {
  const Polyline line{{0, 0}, {10, 0}, {10, 10}};
  EXPECT_DOUBLE_EQ(signed_distance_to_polyline({5, 2}, line), 2.0);
  EXPECT_DOUBLE_EQ(signed_distance_to_polyline({5, -3}, line), -3.0);
  EXPECT_DOUBLE_EQ(signed_distance_to_polyline({5, 0}, line), 0.0);
  // Nearest to the second segment (going up): the left of it is -x.
  EXPECT_DOUBLE_EQ(signed_distance_to_polyline({8, 5}, line), 2.0);
  EXPECT_DOUBLE_EQ(signed_distance_to_polyline({12, 5}, line), -2.0);
}

TEST(Polyline, PathCrossing) {
  const Polyline line{{0, 0}, {10, 0}};
  EXPECT_TRUE(path_crosses_polyline({5, -1}, {5, 1}, line));
  EXPECT_FALSE(path_crosses_polyline({5, 1}, {6, 2}, line));
  EXPECT_TRUE(path_crosses_polyline({5, 1}, {5, 0}, line));    // touching counts
  EXPECT_FALSE(path_crosses_polyline({11, -1}, {11, 1}, line));  // beyond the end
}

TEST(Polygon, PointInsideOutsideAndOnBoundary) {
  const Polygon square{{0, 0}, {4, 0}, {4, 4}, {0, 4}};
  EXPECT_TRUE(point_in_polygon({2, 2}, square));
  EXPECT_FALSE(point_in_polygon({5, 2}, square));
  EXPECT_TRUE(point_in_polygon({4, 2}, square));  // on an edge
  EXPECT_TRUE(point_in_polygon({0, 0}, square));  // on a vertex
  EXPECT_FALSE(point_in_polygon({-1, 0}, square));  // ray through a vertex, outside
  EXPECT_FALSE(point_in_polygon({1, 1}, Polygon{{0, 0}, {1, 1}}));
}

TEST(Polygon, ConcaveShape) {
  const Polygon u{{0, 0}, {6, 0}, {6, 6}, {4, 6}, {4, 2}, {2, 2}, {2, 6}, {0, 6}};
  EXPECT_TRUE(point_in_polygon({1, 5}, u));
  EXPECT_FALSE(point_in_polygon({3, 4}, u));
  EXPECT_TRUE(point_in_polygon({3, 1}, u));
}

TEST(Polygon, SignedArea) {
  EXPECT_DOUBLE_EQ(polygon_signed_area({{0, 0}, {4, 0}, {4, 4}, {0, 4}}), 16.0);
  EXPECT_DOUBLE_EQ(polygon_signed_area({{0, 0}, {0, 4}, {4, 4}, {4, 0}}), -16.0);
}

TEST(Polygon, SelfIntersection) {
  EXPECT_FALSE(polygon_self_intersects({{0, 0}, {4, 0}, {4, 4}, {0, 4}}));
  EXPECT_TRUE(polygon_self_intersects({{0, 0}, {4, 4}, {4, 0}, {0, 4}}));  // bow tie
  // A vertex touching a non-adjacent edge.
  EXPECT_TRUE(polygon_self_intersects({{0, 0}, {4, 0}, {2, 0}, {2, 3}}));
  // Adjacent edges folding back on themselves.
  EXPECT_TRUE(polygon_self_intersects({{0, 0}, {4, 0}, {2, 0}}));
}

TEST(Polyline, SelfIntersection) {
  EXPECT_FALSE(polyline_self_intersects({{0, 0}, {4, 0}, {4, 4}, {0, 4}}));
  EXPECT_TRUE(polyline_self_intersects({{0, 0}, {4, 0}, {4, 4}, {2, -2}}));
  EXPECT_TRUE(polyline_self_intersects({{0, 0}, {4, 0}, {1, 0}}));
}

}  // namespace
}  // namespace hc::core
