#include "system/time_zone.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace hc::system {

namespace {
struct Named { int offset_min; const char* name; };
// Names follow the guide's style: the zone's common name with its abbreviations.
constexpr Named kZones[] = {
    {-720, "International Date Line West (IDLW)"},
    {-660, "Samoa Standard Time (SST)"},
    {-600, "Hawaii-Aleutian Standard Time (HST)"},
    {-570, "Marquesas Islands Time (MART)"},
    {-540, "Alaska Standard Time (AKST)"},
    {-480, "Pacific Standard Time (PT/PST)"},
    {-420, "Mountain Standard Time (MT/MST)"},
    {-360, "Central Standard Time (CT/CST)"},
    {-300, "Eastern Standard Time (ET/EST)"},
    {-240, "Atlantic Standard Time (AST)"},
    {-210, "Newfoundland Standard Time (NST)"},
    {-180, "Brasilia Time (BRT), Argentina Time (ART)"},
    {-120, "South Georgia Time (GST)"},
    {-60, "Azores Standard Time (AZOT), Cape Verde Time (CVT)"},
    {0, "Western European Time (WET), Greenwich Mean Time (GMT)"},
    {60, "Central European Time (CET), West Africa Time (WAT)"},
    {120, "Eastern European Time (EET), Central Africa Time (CAT)"},
    {180, "Moscow Standard Time (MSK), Arabia Standard Time (AST)"},
    {210, "Iran Standard Time (IRST)"},
    {240, "Gulf Standard Time (GST)"},
    {270, "Afghanistan Time (AFT)"},
    {300, "Pakistan Standard Time (PKT)"},
    {330, "India Standard Time (IST)"},
    {345, "Nepal Time (NPT)"},
    {360, "Bangladesh Standard Time (BST)"},
    {390, "Myanmar Time (MMT)"},
    {420, "Indochina Time (ICT)"},
    {480, "China Standard Time (CT/CST)"},
    {525, "Australian Central Western Standard Time (ACWST)"},
    {540, "Japan Standard Time (JST), Korea Standard Time (KST)"},
    {570, "Australian Central Standard Time (ACST)"},
    {600, "Australian Eastern Standard Time (AEST)"},
    {630, "Lord Howe Standard Time (LHST)"},
    {660, "Solomon Islands Time (SBT)"},
    {720, "New Zealand Standard Time (NZST)"},
    {765, "Chatham Standard Time (CHAST)"},
    {780, "Tonga Time (TOT)"},
    {840, "Line Islands Time (LINT)"},
};

std::string id_of(int offset_min) {
  int a = offset_min < 0 ? -offset_min : offset_min;
  char buf[16];
  std::snprintf(buf, sizeof buf, "UTC%c%02d:%02d", offset_min < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}
}  // namespace

const std::vector<TimeZone>& time_zones() {
  static const std::vector<TimeZone> list = [] {
    std::vector<TimeZone> out;
    for (const auto& z : kZones) out.push_back({id_of(z.offset_min), z.offset_min, id_of(z.offset_min) + " " + z.name});
    return out;
  }();
  return list;
}

std::optional<int> parse_utc_offset(std::string_view id) {
  // Exactly "UTC" sign HH ":" MM, as the schema's pattern.
  if (id.size() != 9 || id.substr(0, 3) != "UTC" || (id[3] != '+' && id[3] != '-') || id[6] != ':') return std::nullopt;
  auto digit = [&](size_t i) { return id[i] >= '0' && id[i] <= '9'; };
  if (!digit(4) || !digit(5) || !digit(7) || !digit(8)) return std::nullopt;
  int h = (id[4] - '0') * 10 + (id[5] - '0'), m = (id[7] - '0') * 10 + (id[8] - '0');
  if (h > 14 || (m != 0 && m != 30 && m != 45)) return std::nullopt;
  int total = h * 60 + m;
  return id[3] == '-' ? -total : total;
}

std::string time_zone_display_name(std::string_view id) {
  if (!parse_utc_offset(id)) throw std::invalid_argument("system.time.time_zone: expected UTC+HH:MM, got '" + std::string(id) + "'");
  const auto& list = time_zones();
  // "UTC-00:00" is the same zone as "UTC+00:00", so zero matches by offset.
  int offset = *parse_utc_offset(id);
  auto it = std::find_if(list.begin(), list.end(), [&](const TimeZone& z) { return z.id == id || (offset == 0 && z.offset_min == 0); });
  return it == list.end() ? std::string(id) : it->display_name;
}

}  // namespace hc::system
