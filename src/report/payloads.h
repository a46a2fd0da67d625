// Builders for the four JSON payloads of the user guide's section 7 (7.1 periodic report, 7.2 line
// crossing trigger, 7.3 region people counting trigger, 7.4 dwell time trigger), field for field,
// with per-recipient "Customize Report Content" (config: communication.recipients[].report.content)
// and the payload format flat (the guide's, default) or nested (later firmware; PROTOCOL-NOTES.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "rules/count_event.h"

namespace hc::report {

enum class PayloadFormat { kFlat, kNested };

// "flat" / "nested"; throws std::invalid_argument naming payload_format otherwise.
PayloadFormat parse_payload_format(const std::string& name);

// device_info block.
struct DeviceInfo {
  std::string device_name = "People Counter";
  std::string device_sn;
  std::string device_mac;
  std::string wlan_mac;  // nested format only, when not empty
  std::string ip_address;
  std::string cus_device_id;
  std::string cus_site_id;
  int64_t running_time_s = 0;  // seconds since the service started
  std::string firmware_version;
  std::string hardware_version;
};

// network_info block: present only on devices with a cellular modem.
struct NetworkInfo {
  bool network_status = false;
  std::string iccid, imei, cell_id, lac;
};

// Time zone of config.system.time: the display name and the UTC offset in force (DST included).
struct TimeInfo {
  std::string time_zone = "UTC+0:00";  // display name, e.g. "UTC+8:00 China Standard Time (CT/CST)"
  int utc_offset_s = 0;                // offset in force at the reported moment, DST included
  bool dst_enable = false;             // emitted as "enable_dst" (the guide's name)
  bool dst_status = false;             // DST in force now
  // Periodic reports: the offset in force at the period's start, when DST changed within it
  // (start_time is written in it, so a local-midnight start reads 00:00 on both sides of a change).
  std::optional<int> start_utc_offset_s;
};

// ISO 8601 local time with offset, e.g. 2024-05-30T20:11:32+08:00 (seconds resolution).
std::string format_iso8601(double unix_s, int utc_offset_s);

// Per-line counts: within a period (7.1 line_periodic_data, 7.2 line_trigger_data).
struct LineCounts {
  int line = 1;
  std::string line_name, line_uuid;
  int64_t in = 0, out = 0;
  int64_t male_in = 0, male_out = 0, female_in = 0, female_out = 0, children_in = 0,
          children_out = 0;
};

// Cumulative per-line counts since the last reset (7.1 line_total_data).
struct LineTotals {
  int line = 1;
  std::string line_name, line_uuid;
  int64_t in_counted = 0, out_counted = 0;
  int64_t male_in_counted = 0, male_out_counted = 0, female_in_counted = 0, female_out_counted = 0,
          children_in_counted = 0, children_out_counted = 0;
};
// capacity_counted: |in_counted - out_counted| (the 7.1 example: 29/33 -> 4, 39/44 -> 5).
int64_t capacity_counted(const LineTotals& t);

// People inside a region now (7.1 region_data.region_count_data, 7.3).
struct RegionCounts {
  int region = 1;
  std::string region_name, region_uuid;
  int64_t current_total = 0, current_male = 0, current_female = 0, current_children = 0;
};

// Dwell statistics of a region since the last reset, milliseconds (7.1 region_data.dwell_time_data).
struct RegionDwell {
  int region = 1;
  std::string region_name, region_uuid;
  int64_t avg_dwell_time = 0, max_dwell_time = 0;
  int64_t male_avg_dwell_time = 0, male_max_dwell_time = 0;
  int64_t female_avg_dwell_time = 0, female_max_dwell_time = 0;
  int64_t children_avg_dwell_time = 0, children_max_dwell_time = 0;
};

// What goes in a report, from the recipient's report.content object (missing keys = on) and
// report.payload_format. Blocks: device_info, time_info, network_info, line_trigger_data,
// region_trigger_data, line_periodic_data, line_total_data, region_periodic_data; single fields
// inside; line_region_name / line_region_uuid switch the *_name / *_uuid fields everywhere.
class ReportOptions {
 public:
  ReportOptions() = default;
  // `report` is a recipient's "report" object (content and payload_format read from it).
  static ReportOptions from_recipient_report(const nlohmann::json& report);
  ReportOptions(PayloadFormat format, nlohmann::json content);

  PayloadFormat format() const { return format_; }
  bool block(const char* name) const;                    // <block>.enabled
  bool field(const char* block, const char* name) const; // block on and <block>.<name>
  bool names() const;
  bool uuids() const;

 private:
  PayloadFormat format_ = PayloadFormat::kFlat;
  nlohmann::json content_ = nlohmann::json::object();
};

// Common context of every payload.
struct ReportContext {
  DeviceInfo device;
  std::optional<NetworkInfo> network;  // nullopt: block left out (no modem)
  TimeInfo time;
};

// 7.1: the period [start_s, end_s) (Unix seconds).
struct PeriodicData {
  double start_s = 0, end_s = 0;
  std::vector<LineCounts> line_periodic;
  std::vector<LineTotals> line_total;
  std::vector<RegionDwell> region_dwell;
  std::vector<RegionCounts> region_count;
};
nlohmann::json build_periodic(const ReportContext& ctx, const PeriodicData& data,
                              const ReportOptions& opt);

// 7.2: one item per line that changed at time t_s.
nlohmann::json build_line_trigger(const ReportContext& ctx, double t_s,
                                  const std::vector<LineCounts>& lines, const ReportOptions& opt);
// 7.3.
nlohmann::json build_region_trigger(const ReportContext& ctx, double t_s,
                                    const std::vector<RegionCounts>& regions,
                                    const ReportOptions& opt);
// 7.4: one ended dwell episode per item.
nlohmann::json build_dwell_trigger(const ReportContext& ctx, double t_s,
                                   const std::vector<rules::DwellEpisode>& episodes,
                                   const ReportOptions& opt);

// Convenience: the trigger payload for one CountEvent (7.2, 7.3 or 7.4 by the event's kind).
nlohmann::json build_trigger(const ReportContext& ctx, const rules::CountEvent& event,
                             const ReportOptions& opt);

}  // namespace hc::report
