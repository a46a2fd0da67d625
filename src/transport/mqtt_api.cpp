// MQTT API dispatcher; see mqtt_api.h. Errors are answered, never thrown to the caller:
// code 0 ok, 400 malformed, 404 unknown command or result, 413 oversized, 422 invalid arguments.
#include "transport/mqtt_api.h"

#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "report/payloads.h"
#include "store/store.h"

namespace hc::transport {

using nlohmann::json;

namespace {

struct ApiError : std::runtime_error {
  ApiError(int c, const std::string& m) : std::runtime_error(m), code(c) {}
  int code;
};

// "YYYY-MM-DDTHH:MM:SS(.mmm)" in local time -> Unix seconds.
double parse_local(const json& data, const char* key, int off) {
  if (!data.contains(key) || !data.at(key).is_string()) throw ApiError(422, std::string("requestData.") + key + ": required string");
  std::tm tm{};
  int ms = 0;
  const std::string s = data.at(key).get<std::string>();
  const int n = std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                            &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms);
  if (n < 6) throw ApiError(422, std::string("requestData.") + key + ": expected YYYY-MM-DDTHH:MM:SS.mmm");
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<double>(timegm(&tm) - off) + ms / 1000.0;
}

std::string section_of(const json& data) {
  if (!data.contains("section") || !data.at("section").is_string()) throw ApiError(422, "requestData.section: required string");
  return data.at("section").get<std::string>();
}

}  // namespace

MqttApi::MqttApi(std::string serial, store::Store& store, DeviceControl& control, int utc_offset_s)
    : serial_(std::move(serial)), store_(store), control_(control), utc_offset_s_(utc_offset_s) {}

json MqttApi::dispatch(const std::string& command, const json& data) {
  if (command == "/api/v1/system/searchReport") {
    if (!data.contains("uuid") || !data.at("uuid").is_string()) throw ApiError(422, "requestData.uuid: required string");
    if (!data.contains("event") || !data.at("event").is_number_integer()) throw ApiError(422, "requestData.event: required integer");
    const int event = data.at("event").get<int>();
    if (event < 0 || event > 2) throw ApiError(422, "requestData.event: only 0, 1 and 2 are supported");
    store::Query q;
    q.event = static_cast<store::EventType>(event);
    q.start_s = parse_local(data, "startTime", utc_offset_s_);
    q.end_s = parse_local(data, "endTime", utc_offset_s_);
    q.utc_offset_s = utc_offset_s_;
    q.unit = store::TimeUnit::kHour;
    json rows = json::array();
    auto t = [&](int64_t b) { return report::format_iso8601(static_cast<double>(b), utc_offset_s_); };
    // Each event's parameter object: lineParam {lineId, timeUnit}, regionCount {regionId, timeUnit},
    // dwellDetect {regionId, timeUnit, timeMin, timeBinWidth, numOfBins} (seconds).
    static const char* kParam[] = {"lineParam", "regionCount", "dwellDetect"};
    static const char* kId[] = {"lineId", "regionId", "regionId"};
    const std::string pname = kParam[event];
    const json param = data.contains(pname) && data.at(pname).is_object() ? data.at(pname) : json::object();
    if (param.contains(kId[event])) {
      if (!param.at(kId[event]).is_number_integer())
        throw ApiError(422, "requestData." + pname + "." + kId[event] + ": expected an integer");
      q.index = param.at(kId[event]).get<int>();
    }
    if (param.contains("timeUnit") && param.at("timeUnit").is_string()) {
      try { q.unit = store::parse_time_unit(param.at("timeUnit").get<std::string>()); }
      catch (const std::invalid_argument& e) { throw ApiError(422, "requestData." + pname + "." + e.what()); }
    }
    if (q.event == store::EventType::kLineCrossing) {
      for (const auto& b : store_.query_lines(q))
        rows.push_back({{"time", t(b.bucket_start_s)}, {"line", b.line}, {"in", b.in}, {"out", b.out}});
    } else if (q.event == store::EventType::kRegionCounting) {
      for (const auto& b : store_.query_regions(q))
        rows.push_back({{"time", t(b.bucket_start_s)}, {"region", b.region}, {"max", b.max_total}, {"avg", b.avg_total}});
    } else if (param.contains("numOfBins")) {
      auto num = [&](const char* k, double fallback) {
        if (!param.contains(k)) return fallback;
        if (!param.at(k).is_number()) throw ApiError(422, "requestData.dwellDetect." + std::string(k) + ": expected a number");
        return param.at(k).get<double>();
      };
      try {
        for (const auto& h : store_.dwell_histogram(q, num("timeMin", 0), num("timeBinWidth", 60),
                                                    static_cast<int>(num("numOfBins", 10))))
          rows.push_back({{"region", h.region}, {"bins", h.counts}});
      } catch (const std::invalid_argument& e) {
        throw ApiError(422, std::string("requestData.dwellDetect: ") + e.what());
      }
    } else {
      for (const auto& b : store_.query_dwell(q))
        rows.push_back({{"time", t(b.bucket_start_s)}, {"region", b.region}, {"episodes", b.episodes},
                        {"avg_dwell_time", b.avg_ms}, {"max_dwell_time", b.max_ms}});
    }
    std::lock_guard lk(mu_);
    results_[data.at("uuid").get<std::string>()] = {{"event", event}, {"data", rows}};
    return {{"uuid", data.at("uuid")}};
  }
  if (command == "/api/v1/system/getReportResult") {
    if (!data.contains("uuid") || !data.at("uuid").is_string()) throw ApiError(422, "requestData.uuid: required string");
    std::lock_guard lk(mu_);
    auto it = results_.find(data.at("uuid").get<std::string>());
    if (it == results_.end()) throw ApiError(404, "no search with this uuid");
    return it->second;
  }
  if (command == "/api/v1/config/get") return control_.get_config_section(section_of(data));
  if (command == "/api/v1/config/set") {
    if (!data.contains("value")) throw ApiError(422, "requestData.value: required");
    const std::string err = control_.set_config_section(section_of(data), data.at("value"));
    if (!err.empty()) throw ApiError(422, err);
    return json::object();
  }
  if (command == "/api/v1/counts/live") return control_.live_counts();
  if (command == "/api/v1/counts/reset") {
    control_.reset_counts();
    return json::object();
  }
  throw ApiError(404, "unknown command \"" + command + "\"");
}

std::optional<std::string> MqttApi::handle(const std::string& request, double now_s) {
  json resp = {{"type", 1}, {"src", serial_}, {"transmitTime", report::format_iso8601(now_s, utc_offset_s_)}};
  try {
    if (request.size() > kMaxRequestBytes) throw ApiError(413, "request larger than 65536 bytes");
    json req = json::parse(request, nullptr, false);
    if (req.is_discarded() || !req.is_object()) throw ApiError(400, "request is not a JSON object");
    if (req.contains("type") && req.at("type") != 0) return std::nullopt;  // a response, not for us
    const json dst = req.contains("dst") ? req.at("dst") : json("all");
    if (!dst.is_string() || (dst != "all" && dst != serial_)) return std::nullopt;
    if (req.contains("msgId")) resp["msgId"] = req.at("msgId");
    if (!req.contains("command") || !req.at("command").is_string()) throw ApiError(400, "command: required string");
    resp["command"] = req.at("command");
    const json data = req.contains("requestData") ? req.at("requestData") : json::object();
    if (!data.is_object()) throw ApiError(400, "requestData: expected an object");
    resp["data"] = dispatch(req.at("command").get<std::string>(), data);
    resp["code"] = 0;
    resp["message"] = "ok";
  } catch (const ApiError& e) {
    resp["code"] = e.code;
    resp["message"] = e.what();
  } catch (const std::exception& e) {
    resp["code"] = 500;
    resp["message"] = e.what();
  }
  return resp.dump();
}

}  // namespace hc::transport
