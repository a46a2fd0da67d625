// Expansion of printf-style image sequence patterns ("dir/left%02d.jpg") into existing files.
#pragma once

#include <string>
#include <vector>

namespace hc::sensor {

// Files matching the pattern in increasing number from 0, gaps allowed (scanning stops after 20
// missing numbers in a row); a pattern without '%' is a single file (or a cv::glob wildcard with '*').
std::vector<std::string> expand_image_pattern(const std::string& pattern);

}  // namespace hc::sensor
