#include "config_test_util.h"

#include <cmath>
#include <numbers>

namespace hc::config::test {

std::vector<std::string> errors_of(const nlohmann::json& document) {
  std::vector<std::string> out;
  for (const auto& e : validate(document).errors) out.push_back(e.to_string());
  return out;
}

nlohmann::json zigzag(int segments) {
  nlohmann::json points = nlohmann::json::array();
  for (int i = 0; i <= segments; ++i) points.push_back({10 + 40 * i, i % 2 == 0 ? 10 : 50});
  return points;
}

nlohmann::json convex_polygon(int vertices) {
  nlohmann::json points = nlohmann::json::array();
  for (int i = 0; i < vertices; ++i) {
    const double a = 2.0 * std::numbers::pi * i / vertices;
    points.push_back({std::round(320 + 100 * std::cos(a)), std::round(200 + 100 * std::sin(a))});
  }
  return points;
}

nlohmann::json with_line(nlohmann::json line) {
  return {{"rules", {{"lines", nlohmann::json::array({std::move(line)})}}}};
}

nlohmann::json with_region(nlohmann::json region) {
  return {{"rules", {{"regions", nlohmann::json::array({std::move(region)})}}}};
}

nlohmann::json http_recipient(const std::string& name) {
  return {{"name", name}, {"protocol", "http"}, {"http", {{"url", "http://127.0.0.1:9000/push"}}}};
}

}  // namespace hc::config::test
