// Section-7 payload builders. Each block is built field by field in the guide's order and names;
// ReportOptions filters blocks and fields; the nested format regroups counters into total/group.
// O(lines + regions) per payload.
#include "report/payloads.h"

#include <cmath>
#include <cstdio>
#include <ctime>
#include <stdexcept>

namespace hc::report {

using nlohmann::json;

PayloadFormat parse_payload_format(const std::string& name) {
  if (name == "flat") return PayloadFormat::kFlat;
  if (name == "nested") return PayloadFormat::kNested;
  throw std::invalid_argument("payload_format: expected \"flat\" or \"nested\", got \"" + name + "\"");
}

std::string format_iso8601(double unix_s, int utc_offset_s) {
  const auto local = static_cast<time_t>(std::floor(unix_s)) + utc_offset_s;
  std::tm tm{};
  gmtime_r(&local, &tm);
  const int off = std::abs(utc_offset_s);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                utc_offset_s < 0 ? '-' : '+', off / 3600, (off % 3600) / 60);
  return buf;
}

int64_t capacity_counted(const LineTotals& t) {
  return t.in_counted > t.out_counted ? t.in_counted - t.out_counted : t.out_counted - t.in_counted;
}

ReportOptions::ReportOptions(PayloadFormat format, json content)
    : format_(format), content_(content.is_object() ? std::move(content) : json::object()) {}

ReportOptions ReportOptions::from_recipient_report(const json& report) {
  if (!report.is_object()) return {};
  PayloadFormat f = PayloadFormat::kFlat;
  if (auto it = report.find("payload_format"); it != report.end()) {
    if (!it->is_string()) throw std::invalid_argument("report.payload_format: expected a string");
    f = parse_payload_format(it->get<std::string>());
  }
  json content = json::object();
  if (auto it = report.find("content"); it != report.end() && it->is_object()) content = *it;
  return ReportOptions(f, content);
}

static bool flag(const json& obj, const char* key) {
  if (!obj.is_object()) return true;
  auto it = obj.find(key);
  return it == obj.end() || !it->is_boolean() || it->get<bool>();
}

bool ReportOptions::block(const char* name) const {
  auto it = content_.find(name);
  return it == content_.end() || flag(*it, "enabled");
}
bool ReportOptions::field(const char* b, const char* name) const {
  if (!block(b)) return false;
  auto it = content_.find(b);
  return it == content_.end() || flag(*it, name);
}
bool ReportOptions::names() const { return flag(content_, "line_region_name"); }
bool ReportOptions::uuids() const { return flag(content_, "line_region_uuid"); }

namespace {

json device_block(const DeviceInfo& d, const ReportOptions& o) {
  json j = json::object();
  auto put = [&](const char* k, const json& v) {
    if (o.field("device_info", k)) j[k] = v;
  };
  put("cus_device_id", d.cus_device_id);
  put("cus_site_id", d.cus_site_id);
  put("device_mac", d.device_mac);
  put("device_name", d.device_name);
  put("device_sn", d.device_sn);
  put("firmware_version", d.firmware_version);
  put("hardware_version", d.hardware_version);
  put("ip_address", d.ip_address);
  put("running_time", d.running_time_s);
  if (o.format() == PayloadFormat::kNested && !d.wlan_mac.empty()) j["wlan_mac"] = d.wlan_mac;
  return j;
}

json network_block(const NetworkInfo& n, const ReportOptions& o) {
  json j = json::object();
  auto put = [&](const char* k, const json& v) {
    if (o.field("network_info", k)) j[k] = v;
  };
  // The guide shows network_status as the string "true"/"false".
  put("network_status", n.network_status ? "true" : "false");
  put("iccid", n.iccid);
  put("imei", n.imei);
  put("cell_id", n.cell_id);
  put("lac", n.lac);
  return j;
}

// Periodic reports carry start/end, triggers carry time.
json time_block(const TimeInfo& t, const ReportOptions& o, double at_s, double start_s, double end_s,
                bool periodic) {
  json j = json::object();
  auto on = [&](const char* k) { return o.field("time_info", k); };
  if (on("dst_status")) j["dst_status"] = t.dst_status;
  if (on("dst_enable")) j["enable_dst"] = t.dst_enable;
  if (periodic) {
    if (on("end_time")) j["end_time"] = format_iso8601(end_s, t.utc_offset_s);
    if (on("start_time")) j["start_time"] = format_iso8601(start_s, t.start_utc_offset_s.value_or(t.utc_offset_s));
  } else if (on("time")) {
    j["time"] = format_iso8601(at_s, t.utc_offset_s);
  }
  if (on("time_zone")) j["time_zone"] = t.time_zone;
  return j;
}

void put_identity(json& j, const char* kind, int index, const std::string& name,
                  const std::string& uuid, const ReportOptions& o) {
  j[kind] = index;
  if (o.names()) j[std::string(kind) + "_name"] = name;
  if (o.uuids()) j[std::string(kind) + "_uuid"] = uuid;
}

json line_counts_item(const LineCounts& c, const ReportOptions& o) {
  json j = json::object();
  if (o.format() == PayloadFormat::kNested) {
    put_identity(j, "line", c.line, c.line_name, c.line_uuid, o);
    j["total"] = {{"in", c.in}, {"out", c.out}};
    // "group": crossings by groups of people; Headcount counts individuals, so groups are zero.
    j["group"] = {{"in", 0}, {"out", 0}};
    return j;
  }
  j["children_in"] = c.children_in;
  j["children_out"] = c.children_out;
  j["female_in"] = c.female_in;
  j["female_out"] = c.female_out;
  j["in"] = c.in;
  put_identity(j, "line", c.line, c.line_name, c.line_uuid, o);
  j["male_in"] = c.male_in;
  j["male_out"] = c.male_out;
  j["out"] = c.out;
  return j;
}

json line_total_item(const LineTotals& c, const ReportOptions& o) {
  json j = json::object();
  const bool counts = o.field("line_total_data", "line_count_data");
  const bool cap = o.field("line_total_data", "capacity_counted");
  if (o.format() == PayloadFormat::kNested) {
    put_identity(j, "line", c.line, c.line_name, c.line_uuid, o);
    json total = json::object();
    if (counts) {
      total["in_counted"] = c.in_counted;
      total["out_counted"] = c.out_counted;
    }
    if (cap) total["capacity_counted"] = capacity_counted(c);
    j["total"] = total;
    if (counts) j["group"] = {{"in_counted", 0}, {"out_counted", 0}};
    return j;
  }
  if (cap) j["capacity_counted"] = capacity_counted(c);
  if (counts) {
    j["children_in_counted"] = c.children_in_counted;
    j["children_out_counted"] = c.children_out_counted;
    j["female_in_counted"] = c.female_in_counted;
    j["female_out_counted"] = c.female_out_counted;
    j["in_counted"] = c.in_counted;
  }
  put_identity(j, "line", c.line, c.line_name, c.line_uuid, o);
  if (counts) {
    j["male_in_counted"] = c.male_in_counted;
    j["male_out_counted"] = c.male_out_counted;
    j["out_counted"] = c.out_counted;
  }
  return j;
}

json region_count_item(const RegionCounts& c, const ReportOptions& o) {
  json j = json::object();
  if (o.format() == PayloadFormat::kNested) {
    put_identity(j, "region", c.region, c.region_name, c.region_uuid, o);
    j["total"] = {{"current_total", c.current_total}};
    return j;
  }
  j["current_children"] = c.current_children;
  j["current_female"] = c.current_female;
  j["current_male"] = c.current_male;
  j["current_total"] = c.current_total;
  put_identity(j, "region", c.region, c.region_name, c.region_uuid, o);
  return j;
}

json region_dwell_item(const RegionDwell& c, const ReportOptions& o) {
  json j = json::object();
  j["avg_dwell_time"] = c.avg_dwell_time;
  j["children_avg_dwell_time"] = c.children_avg_dwell_time;
  j["children_max_dwell_time"] = c.children_max_dwell_time;
  j["female_avg_dwell_time"] = c.female_avg_dwell_time;
  j["female_max_dwell_time"] = c.female_max_dwell_time;
  j["male_avg_dwell_time"] = c.male_avg_dwell_time;
  j["male_max_dwell_time"] = c.male_max_dwell_time;
  j["max_dwell_time"] = c.max_dwell_time;
  put_identity(j, "region", c.region, c.region_name, c.region_uuid, o);
  return j;
}

const char* sex_name(rules::Gender g) {
  switch (g) {
    case rules::Gender::kMale: return "male";
    case rules::Gender::kFemale: return "female";
    default: return "unknown";
  }
}

json dwell_episode_item(const rules::DwellEpisode& e, const TimeInfo& t, const ReportOptions& o) {
  json j = json::object();
  j["children"] = e.child;
  j["duration"] = e.duration_ms;
  j["dwell_end_time"] = format_iso8601(e.end_s, t.utc_offset_s);
  if (o.field("region_trigger_data", "dwell_start_time"))
    j["dwell_start_time"] = format_iso8601(e.start_s, t.utc_offset_s);
  j["people_id"] = e.track_id;
  put_identity(j, "region", e.region_index, e.region_name, e.region_uuid, o);
  j["sex"] = sex_name(e.gender);
  return j;
}

json header(const ReportContext& ctx, const ReportOptions& o) {
  json j = json::object();
  if (o.block("device_info")) j["device_info"] = device_block(ctx.device, o);
  if (ctx.network && o.block("network_info")) j["network_info"] = network_block(*ctx.network, o);
  return j;
}

template <class T, class F>
json array_of(const std::vector<T>& v, F f) {
  json a = json::array();
  for (const auto& x : v) a.push_back(f(x));
  return a;
}

}  // namespace

json build_periodic(const ReportContext& ctx, const PeriodicData& d, const ReportOptions& o) {
  json j = header(ctx, o);
  if (o.block("line_periodic_data"))
    j["line_periodic_data"] =
        array_of(d.line_periodic, [&](const LineCounts& c) { return line_counts_item(c, o); });
  if (o.block("line_total_data"))
    j["line_total_data"] =
        array_of(d.line_total, [&](const LineTotals& c) { return line_total_item(c, o); });
  if (o.block("region_periodic_data")) {
    json r = json::object();
    if (o.field("region_trigger_data", "dwell_time_data"))
      r["dwell_time_data"] =
          array_of(d.region_dwell, [&](const RegionDwell& c) { return region_dwell_item(c, o); });
    if (o.field("region_trigger_data", "region_count_data"))
      r["region_count_data"] =
          array_of(d.region_count, [&](const RegionCounts& c) { return region_count_item(c, o); });
    j["region_data"] = r;
  }
  if (o.block("time_info")) j["time_info"] = time_block(ctx.time, o, d.end_s, d.start_s, d.end_s, true);
  return j;
}

json build_line_trigger(const ReportContext& ctx, double t_s, const std::vector<LineCounts>& lines,
                        const ReportOptions& o) {
  json j = header(ctx, o);
  if (o.block("line_trigger_data"))
    j["line_trigger_data"] =
        array_of(lines, [&](const LineCounts& c) { return line_counts_item(c, o); });
  if (o.block("time_info")) j["time_info"] = time_block(ctx.time, o, t_s, 0, 0, false);
  return j;
}

json build_region_trigger(const ReportContext& ctx, double t_s,
                          const std::vector<RegionCounts>& regions, const ReportOptions& o) {
  json j = header(ctx, o);
  if (o.field("region_trigger_data", "region_count_data"))
    j["region_trigger_data"] = {
        {"region_count_data",
         array_of(regions, [&](const RegionCounts& c) { return region_count_item(c, o); })}};
  if (o.block("time_info")) j["time_info"] = time_block(ctx.time, o, t_s, 0, 0, false);
  return j;
}

json build_dwell_trigger(const ReportContext& ctx, double t_s,
                         const std::vector<rules::DwellEpisode>& episodes, const ReportOptions& o) {
  json j = header(ctx, o);
  if (o.field("region_trigger_data", "dwell_time_data"))
    j["region_trigger_data"] = {
        {"dwell_time_data", array_of(episodes, [&](const rules::DwellEpisode& e) {
           return dwell_episode_item(e, ctx.time, o);
         })}};
  if (o.block("time_info")) j["time_info"] = time_block(ctx.time, o, t_s, 0, 0, false);
  return j;
}

json build_trigger(const ReportContext& ctx, const rules::CountEvent& ev, const ReportOptions& o) {
  if (const auto* c = std::get_if<rules::LineCrossing>(&ev.what)) {
    LineCounts lc;
    lc.line = c->line_index;
    lc.line_name = c->line_name;
    lc.line_uuid = c->line_uuid;
    const bool in = c->direction == rules::Direction::kIn;
    (in ? lc.in : lc.out) = 1;
    if (c->child) (in ? lc.children_in : lc.children_out) = 1;
    if (c->gender == rules::Gender::kMale) (in ? lc.male_in : lc.male_out) = 1;
    if (c->gender == rules::Gender::kFemale) (in ? lc.female_in : lc.female_out) = 1;
    return build_line_trigger(ctx, ev.t_s, {lc}, o);
  }
  if (const auto* r = std::get_if<rules::RegionCountChange>(&ev.what)) {
    RegionCounts rc{r->region_index, r->region_name, r->region_uuid, r->current_total,
                    r->current_male, r->current_female, r->current_children};
    return build_region_trigger(ctx, ev.t_s, {rc}, o);
  }
  const auto& d = std::get<rules::DwellEpisode>(ev.what);
  return build_dwell_trigger(ctx, ev.t_s, {d}, o);
}

}  // namespace hc::report
