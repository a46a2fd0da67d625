// Reads the site and recipient settings of the reporting service from the configuration document
// (config/schema.json); missing keys take the schema's defaults.
#include "transport/reporting_config.h"

#include <cstdio>
#include <stdexcept>

namespace hc::transport {

using nlohmann::json;

namespace {

const json& member(const json& obj, const char* key) {
  static const json kNull;
  if (!obj.is_object()) return kNull;
  auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

template <class T>
T value(const json& obj, const char* key, T fallback, const std::string& where) {
  const json& v = member(obj, key);
  if (v.is_null()) return fallback;
  try {
    return v.get<T>();
  } catch (const json::exception&) {
    throw std::invalid_argument(where + "." + key + ": wrong type");
  }
}

std::vector<NamedRule> named_rules(const json& list, const char* default_prefix) {
  std::vector<NamedRule> out;
  if (!list.is_array()) return out;
  for (const json& r : list) {
    NamedRule n;
    n.name = value<std::string>(r, "name", "", default_prefix);
    n.uuid = value<std::string>(r, "uuid", "", default_prefix);
    if (n.name.empty()) n.name = default_prefix + std::to_string(out.size() + 1);
    out.push_back(std::move(n));
  }
  return out;
}

}  // namespace

int parse_utc_offset(const std::string& tz) {
  char sign = 0;
  int h = 0, m = 0, used = 0;
  if (std::sscanf(tz.c_str(), "UTC%c%d:%d%n", &sign, &h, &m, &used) != 3 || (sign != '+' && sign != '-') ||
      h > 14 || m > 59 || used != static_cast<int>(tz.size()))
    throw std::invalid_argument("system.time.time_zone: expected UTC+HH:MM, got \"" + tz + "\"");
  return (sign == '-' ? -1 : 1) * (h * 3600 + m * 60);
}

SiteConfig parse_site(const json& doc, const std::string& fallback_device_name) {
  SiteConfig s;
  const json& sys = member(doc, "system");
  s.device_name = value<std::string>(sys, "device_name", "", "system");
  if (s.device_name.empty()) s.device_name = fallback_device_name;
  s.cus_device_id = value<std::string>(sys, "custom_device_id", "", "system");
  s.cus_site_id = value<std::string>(sys, "custom_site_id", "", "system");
  const json& time = member(sys, "time");
  s.time_zone = value<std::string>(time, "time_zone", "UTC+00:00", "system.time");
  s.base_offset_s = parse_utc_offset(s.time_zone);
  s.dst_enabled = value(member(time, "dst"), "enabled", false, "system.time.dst");
  const json& rules = member(doc, "rules");
  s.lines = named_rules(member(rules, "lines"), "Line");
  s.regions = named_rules(member(rules, "regions"), "Region");
  return s;
}

std::vector<RecipientConfig> parse_recipients(const json& doc) {
  std::vector<RecipientConfig> out;
  const json& list = member(member(doc, "communication"), "recipients");
  if (list.is_null()) return out;
  if (!list.is_array()) throw std::invalid_argument("communication.recipients: expected an array");
  if (list.size() > 8) throw std::invalid_argument("communication.recipients: at most 8 recipients");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const json& r = list[i];
    const std::string where = "communication.recipients[" + std::to_string(i) + "]";
    if (!r.is_object()) throw std::invalid_argument(where + ": expected an object");
    RecipientConfig c;
    c.raw = r;
    c.uuid = value<std::string>(r, "uuid", "", where);
    if (c.uuid.empty()) c.uuid = "recipient-" + std::to_string(i + 1);  // the config store fills uuids in
    for (const RecipientConfig& other : out)
      if (other.uuid == c.uuid)
        throw std::invalid_argument(where + ".uuid: \"" + c.uuid + "\" is used by another recipient");
    c.name = value<std::string>(r, "name", "Recipient", where);
    c.enabled = value(r, "enabled", true, where);
    c.protocol = value<std::string>(r, "protocol", "http", where);
    const json& rep = member(r, "report");
    c.trigger = value(rep, "trigger", true, where + ".report");
    c.retransmission = value(rep, "retransmission", true, where + ".report");
    const json& per = member(rep, "periodic");
    const std::string pw = where + ".report.periodic";
    c.periodic = value(per, "enabled", false, pw);
    c.period_min = value(per, "period_min", 60, pw);
    if (!report::valid_period_min(c.period_min))
      throw std::invalid_argument(pw + ".period_min: " + std::to_string(c.period_min) +
                                  " is not one of the guide's periods");
    try {
      c.scheme = report::parse_periodic_scheme(value<std::string>(per, "scheme", "on_the_dot", pw));
      c.options = report::ReportOptions::from_recipient_report(rep);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(where + "." + e.what());
    }
    c.connection = {{"protocol", c.protocol}, {"http", member(r, "http")}, {"mqtt", member(r, "mqtt")},
                    {"retransmission", c.retransmission}};
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace hc::transport
