// Scenario parsing and the camera model from the guide's field-of-view table; O(size of JSON).
#include "sim/scenario.h"

#include <cmath>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <numbers>
#include <stdexcept>

namespace hc::sim {
namespace {

template <typename T>
void get(const nlohmann::json& j, const char* key, T& out, const std::string& where) {
  if (!j.contains(key)) return;
  try {
    out = j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::runtime_error(where + "." + key + ": wrong type");
  }
}

Box parse_box(const nlohmann::json& j, const std::string& where) {
  Box b;
  get(j, "x", b.x, where);
  get(j, "y", b.y, where);
  get(j, "half_w", b.half_w, where);
  get(j, "half_d", b.half_d, where);
  get(j, "height", b.height, where);
  get(j, "yaw_deg", b.yaw_deg, where);
  get(j, "round", b.round, where);
  if (b.half_w <= 0 || b.half_d <= 0 || b.height <= 0)
    throw std::runtime_error(where + ": sizes must be positive");
  return b;
}

}  // namespace

std::string find_scenario_dir() {
  namespace fs = std::filesystem;
  if (fs::is_directory("config/scenarios")) return "config/scenarios";
  std::error_code ec;
  fs::path p = fs::read_symlink("/proc/self/exe", ec);
  for (; !ec && p.has_parent_path() && p != p.parent_path(); p = p.parent_path()) {
    if (fs::is_directory(p / "config/scenarios")) return (p / "config/scenarios").string();
    if (fs::is_directory(p / "share/headcount/scenarios")) return (p / "share/headcount/scenarios").string();
  }
  return "config/scenarios";
}

double horizontal_fov_deg(double h) {
  if (h <= 3.0) return 103.0;
  if (h <= 4.0) return 94.0;
  if (h <= 5.0) return 89.0;
  return 62.0;
}

core::CameraModel Scenario::camera() const {
  core::CameraModel c;
  c.width = width > 0 ? width : (height_m > 4.0 ? 1280 : 640);
  c.height = height > 0 ? height : (height_m > 4.0 ? 800 : 400);
  // Square pixels: the guide's vertical angles follow from the horizontal ones at 16:10.
  c.fx = c.fy = 0.5 * c.width / std::tan(horizontal_fov_deg(height_m) * std::numbers::pi / 360.0);
  c.cx = 0.5 * c.width;
  c.cy = 0.5 * c.height;
  c.baseline_m = baseline_m;
  return c;
}

Scenario Scenario::from_json(const nlohmann::json& j, const std::string& origin) {
  if (!j.is_object()) throw std::runtime_error(origin + ": a scenario must be a JSON object");
  Scenario s;
  get(j, "name", s.name, origin);
  get(j, "description", s.description, origin);
  get(j, "fps", s.fps, origin);
  get(j, "duration_s", s.duration_s, origin);
  if (j.contains("camera")) {
    const auto& c = j["camera"];
    const std::string w = origin + ".camera";
    get(c, "height_m", s.height_m, w);
    get(c, "tilt_deg", s.tilt_deg, w);
    get(c, "baseline_m", s.baseline_m, w);
    get(c, "width", s.width, w);
    get(c, "height", s.height, w);
  }
  if (s.height_m < 2.2 || s.height_m > 6.0)
    throw std::runtime_error(origin + ".camera.height_m: must be 2.2-6 m");
  if (s.tilt_deg < 0 || s.tilt_deg > 10)
    throw std::runtime_error(origin + ".camera.tilt_deg: must be 0-10 degrees");
  if (s.baseline_m < 0.05 || s.baseline_m > 0.12)
    throw std::runtime_error(origin + ".camera.baseline_m: must be 0.05-0.12 m");
  if (s.fps <= 0 || s.fps > 60) throw std::runtime_error(origin + ".fps: must be in (0, 60]");
  if (s.duration_s <= 0) throw std::runtime_error(origin + ".duration_s: must be positive");
  if (j.contains("floor")) {
    const auto& f = j["floor"];
    get(f, "texture", s.floor_texture, origin + ".floor");
    if (s.floor_texture != "tiles" && s.floor_texture != "carpet")
      throw std::runtime_error(origin + ".floor.texture: tiles or carpet");
    if (f.contains("textureless"))
      for (size_t i = 0; i < f["textureless"].size(); ++i)
        s.textureless.push_back(parse_box(f["textureless"][i], origin + ".floor.textureless[" + std::to_string(i) + "]"));
  }
  if (j.contains("clutter"))
    for (size_t i = 0; i < j["clutter"].size(); ++i)
      s.clutter.push_back(parse_box(j["clutter"][i], origin + ".clutter[" + std::to_string(i) + "]"));
  if (j.contains("imaging")) {
    const auto& m = j["imaging"];
    const std::string w = origin + ".imaging";
    get(m, "dot_pattern", s.dot_pattern, w);
    get(m, "read_noise", s.read_noise, w);
    get(m, "shot_noise", s.shot_noise, w);
    get(m, "gain_mismatch", s.gain_mismatch, w);
  }
  s.rules = j.contains("rules") ? j["rules"] : nlohmann::json::object();
  if (!s.rules.is_object()) throw std::runtime_error(origin + ".rules: must be an object");
  if (j.contains("behaviours")) {
    for (size_t i = 0; i < j["behaviours"].size(); ++i) {
      const auto& b = j["behaviours"][i];
      const std::string w = origin + ".behaviours[" + std::to_string(i) + "]";
      Behaviour x;
      get(b, "type", x.type, w);
      static const char* kTypes[] = {"crossing", "uturn", "loiter", "group", "counterflow", "queue", "busy"};
      if (std::find(std::begin(kTypes), std::end(kTypes), x.type) == std::end(kTypes))
        throw std::runtime_error(w + ".type: unknown behaviour '" + x.type + "'");
      get(b, "count", x.count, w);
      get(b, "direction", x.direction, w);
      if (x.direction != "in" && x.direction != "out" && x.direction != "both")
        throw std::runtime_error(w + ".direction: in, out or both");
      get(b, "start_s", x.start_s, w);
      get(b, "interval_s", x.interval_s, w);
      get(b, "angle_deg", x.angle_deg, w);
      get(b, "speed_mps", x.speed_mps, w);
      get(b, "where", x.where, w);
      get(b, "x", x.x, w);
      get(b, "y", x.y, w);
      get(b, "duration_s", x.duration_s, w);
      get(b, "size", x.size, w);
      get(b, "per_minute", x.per_minute, w);
      get(b, "child_fraction", x.child_fraction, w);
      get(b, "hat_fraction", x.hat_fraction, w);
      get(b, "backpack_fraction", x.backpack_fraction, w);
      get(b, "cart_fraction", x.cart_fraction, w);
      get(b, "stroller_fraction", x.stroller_fraction, w);
      if (x.count < 0 || x.size < 1) throw std::runtime_error(w + ": count/size out of range");
      s.behaviours.push_back(x);
    }
  }
  return s;
}

Scenario Scenario::load(const std::string& name_or_file, const std::string& scenario_dir) {
  namespace fs = std::filesystem;
  fs::path p(name_or_file);
  if (!fs::exists(p)) p = fs::path(scenario_dir) / (name_or_file + ".json");
  std::ifstream in(p);
  if (!in) throw std::runtime_error(name_or_file + ": no such scenario file or name (looked in " + scenario_dir + ")");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw std::runtime_error(p.string() + ": invalid JSON: " + e.what());
  }
  Scenario s = from_json(j, p.string());
  if (s.name.empty()) s.name = p.stem().string();
  return s;
}

}  // namespace hc::sim
