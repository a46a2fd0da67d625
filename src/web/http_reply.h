// JSON answers and request bodies shared by the route files: one error shape ({"error": ...}) for
// every route, so the GUI shows any failure the same way.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace hc::web {

inline void send(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

inline void error(httplib::Response& res, int status, const std::string& message) {
  send(res, status, {{"error", message}});
}

// The request body as a JSON object; throws std::invalid_argument (answered 400) otherwise.
inline nlohmann::json body(const httplib::Request& req) {
  nlohmann::json j = nlohmann::json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw std::invalid_argument("request body: expected a JSON object");
  return j;
}

}  // namespace hc::web
