// Small reply helpers shared by the route files of the live view and system pages.
#pragma once

#include "config/config.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace hc::web {

inline void reply_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

inline void reply_error(httplib::Response& res, int status, const std::string& message) {
  reply_json(res, status, {{"error", message}});
}

// The request body as a JSON object; std::invalid_argument (a 400 from the guard) otherwise.
inline nlohmann::json json_object_body(const httplib::Request& req) {
  nlohmann::json j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::invalid_argument("request body: expected a JSON object");
  return j;
}

// A failed validation as a 400 answer: {error, errors: [{path, message}]}.
inline void reply_invalid(httplib::Response& res, const std::string& what, const std::vector<config::ConfigError>& errors) {
  auto list = nlohmann::json::array();
  for (const auto& e : errors) list.push_back({{"path", e.path}, {"message", e.message}});
  reply_json(res, 400, {{"error", what + ": invalid; nothing changed"}, {"errors", list}});
}

}  // namespace hc::web
