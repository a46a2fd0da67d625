// The guide's section 7 payloads for replay output: trigger reports 7.2 (line crossing), 7.3
// (region people counting), 7.4 (dwell time) per CountEvent, and one periodic report 7.1 covering
// a whole run (line_periodic_data, line_total_data, region_data). Times are UTC ("+00:00").
// Built by the report module's builders (src/report/payloads.h) with the default content and the
// guide's flat format, so the files are exactly what would be pushed.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "rules/count_event.h"
#include "rules/rule_engine.h"

namespace hc::pipeline {

// ISO 8601 with seconds and the UTC offset, e.g. "2024-05-30T12:11:32+00:00".
std::string iso8601_utc(double unix_s);
// Parses "YYYY-MM-DDTHH:MM:SS" with an optional fraction and "Z" or "+HH:MM"; throws
// std::invalid_argument naming the text otherwise.
double parse_iso8601(const std::string& text);

nlohmann::json device_info(double running_time_s);
nlohmann::json trigger_report(const rules::CountEvent& event, double running_time_s);
nlohmann::json periodic_report(double start_s, double end_s, const rules::RulesConfig& rules,
                               const std::vector<rules::LineCounts>& period,
                               const std::vector<rules::LineCounts>& total,
                               const std::vector<rules::RegionState>& regions,
                               double running_time_s);

}  // namespace hc::pipeline
