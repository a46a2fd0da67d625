// make_matcher: the names accepted by `--matcher` and the configuration's input.matcher.
#include <stdexcept>

#include "stereo/census_sgm_matcher.h"
#include "stereo/opencv_sgbm_matcher.h"
#include "stereo/stereo_matcher.h"

namespace hc::stereo {

std::vector<std::string> matcher_names() { return {"census-sgm", "opencv-sgbm"}; }

std::unique_ptr<StereoMatcher> make_matcher(const std::string& name, const MatcherParameters& p) {
  if (name == "census-sgm") return std::make_unique<CensusSgmMatcher>(p);
  if (name == "opencv-sgbm") return std::make_unique<OpencvSgbmMatcher>(p);
  throw std::invalid_argument("matcher: unknown name '" + name +
                              "' (known: census-sgm, opencv-sgbm)");
}

}  // namespace hc::stereo
