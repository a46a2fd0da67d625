// What the reporting service reads from the configuration document: the site (device name, custom
// ids, time zone, DST switch, rule names) and each recipient's report settings. Parsing is separate
// from the service so a bad value throws before anything changes.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/payloads.h"
#include "report/schedule.h"

namespace hc::transport {

struct NamedRule {
  std::string name, uuid;
};

struct SiteConfig {
  std::string device_name, cus_device_id, cus_site_id;
  std::string time_zone = "UTC+00:00";  // config.system.time.time_zone, shown in time_info
  int base_offset_s = 0;                // its offset without DST
  bool dst_enabled = false;
  std::vector<NamedRule> lines, regions;  // index i = line/region i+1
};

struct RecipientConfig {
  std::string uuid, name, protocol;
  bool enabled = true;
  bool trigger = true;
  bool periodic = false;
  int period_min = 60;
  report::PeriodicScheme scheme = report::PeriodicScheme::kOnTheDot;
  bool retransmission = true;
  report::ReportOptions options;
  nlohmann::json raw;         // the recipients[] object (for make_sender)
  nlohmann::json connection;  // protocol, http/mqtt and retransmission: a change needs a new connection
};

// "UTC+08:00" / "UTC-03:30" -> seconds; throws std::invalid_argument naming system.time.time_zone.
int parse_utc_offset(const std::string& time_zone);
// fallback_device_name: used when system.device_name is absent or empty.
SiteConfig parse_site(const nlohmann::json& doc, const std::string& fallback_device_name);
// communication.recipients; throws std::invalid_argument naming the field
// (communication.recipients[i].report.periodic.period_min, ...).
std::vector<RecipientConfig> parse_recipients(const nlohmann::json& doc);

}  // namespace hc::transport
