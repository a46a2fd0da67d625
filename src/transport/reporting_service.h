// The reporting service: turns the counter's output into stored data (store::Store) and into reports
// for every configured recipient (communication.recipients): a trigger report per count event, and
// periodic reports (on the dot / from now on, the zone's offset and DST in force) built from the
// store a short grace after they are due. Each recipient delivers through its persistent outbox
// (Recipient), so a dead broker or HTTP server never blocks the counter. Thread-safe: every call
// may come from a different thread. docs/reports.md describes the behaviour.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/schedule.h"
#include "rules/count_event.h"
#include "rules/rule_engine.h"

namespace hc::store { class Store; }

namespace hc::transport {

struct ReportingOptions {
  std::string serial_number;                      // device_info.device_sn; the MQTT API's address
  std::string device_name = "People Counter";     // used when config.system.device_name is empty
  // Zone + DST offset in force at a Unix time, seconds. Empty: the fixed offset of
  // config.system.time.time_zone ("UTC+08:00").
  std::function<int(int64_t unix_s)> utc_offset_at;
  std::string device_mac, ip_address, firmware_version, hardware_version;  // device_info
  // A periodic report due at T is built at T + grace_s: line crossings carry the interpolated
  // instant of the crossing, up to ~2 s before the frame that delivers them.
  double grace_s = 2.0;
  int64_t max_queued = 50'000;  // per recipient outbox bound (oldest dropped beyond)
};

class ReportingService {
 public:
  // `store` and `clock` must outlive the service.
  ReportingService(ReportingOptions options, store::Store& store, const report::Clock& clock);
  ~ReportingService();  // stops the recipients; their outboxes stay in the store
  ReportingService(const ReportingService&) = delete;
  ReportingService& operator=(const ReportingService&) = delete;

  // (Re)builds the recipients from the whole configuration document: communication.recipients
  // (keyed by uuid; a recipient whose connection settings are unchanged keeps its connection; the
  // outbox is kept by uuid in any case), system (device name, custom ids, time zone, DST) and the
  // rules' line/region names and uuids. Throws std::invalid_argument naming the field for values
  // that cannot be scheduled (period_min, scheme, payload_format); a recipient that cannot connect
  // as configured (e.g. an empty URL) is listed in status() as an error instead.
  void apply_config(const nlohmann::json& config_document);

  // Stores every reset and event (resets first: they happened before the frame's events) and
  // queues a trigger report per event for each enabled recipient with report.trigger on.
  void on_output(const std::vector<rules::CountEvent>& events, const std::vector<rules::CountReset>& resets);
  // The latest cumulative line counts and region states (index i = line/region i+1), for the
  // periodic reports' line_total_data, region_count_data and dwell_time_data.
  void on_live_state(double t_s, const std::vector<rules::LineCounts>& totals,
                     const std::vector<rules::RegionState>& regions);
  // Queues every periodic report now due (clock time >= due + grace_s), each covering
  // [previous report time, due) with the line counts from the store.
  void tick();
  // The clock moved by `step_s` seconds at once (the time set by hand or by NTP on the service
  // clock): every periodic report is rescheduled from the new time, covering the slot before it,
  // so a step forward does not replay every missed period and a step back does not wait for the
  // old due time; the running time keeps counting across the step.
  void on_clock_step(double step_s);

  // Per recipient: uuid, name, protocol, enabled, state, reason, queued, delivered, dropped,
  // last_success_s (null when none).
  nlohmann::json status() const;
  // A real connection test (an HTTP POST / an MQTT connect and publish of a test message) for one
  // communication.recipients[] object; nothing is queued. {"ok": bool, "error": string}.
  nlohmann::json test_recipient(const nlohmann::json& recipient_config);
  // Blocks until every enabled recipient's outbox is empty or the timeout passes (tests, shutdown);
  // the other calls wait meanwhile.
  bool wait_idle(std::chrono::milliseconds timeout) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hc::transport
