// The covered detection area: from the user guide (section 6: field of view per installation
// height and the area formula) and from the real calibration (the floor region seen at target
// height).
#pragma once

#include "core/floor_geometry.h"
#include "core/geometry.h"

namespace hc::stereo {

struct FieldOfView {
  double alpha_deg = 0.0;  // along the image's long axis (length)
  double beta_deg = 0.0;   // along the short axis (width)
};

struct CoverageArea {
  double length_m = 0.0;
  double width_m = 0.0;
  double area_m2 = 0.0;
};

// The guide's field-of-view table (installation height 0..6 m). Heights above 6 m use the last row.
FieldOfView guide_field_of_view(double installation_height_m);
// The guide's area for a target height: x = 2 tan(a/2) (H - h + 0.05), y likewise with b. The
// guide prints "- 0.05" but every row of its example table matches "+ 0.05"; we follow the table
// (docs/coverage.md). Zero when the target is above the camera.
CoverageArea guide_coverage(double installation_height_m, double target_height_m);

// The floor-frame polygon (metres) where a point at target height is seen inside the image,
// `margin_px` inside its border: the projection of the image border onto the plane at that height.
core::Polygon visible_polygon(const core::FloorGeometry& geometry, double target_height_m,
                              double margin_px = 0.0);
// The calibrated coverage: extents of visible_polygon along floor x (length) and y (width) and
// its area.
CoverageArea calibrated_coverage(const core::FloorGeometry& geometry, double target_height_m);

}  // namespace hc::stereo
