// Reporting service (see reporting_service.h). One mutex guards the recipients and the live state;
// the calls under it only write SQLite rows (events to the store's writer queue, reports to the
// outboxes), never wait on the network: each Recipient delivers on its own thread.
// Periodic reports: O(lines + crossings in the period) each, from Store::query_lines.
#include "transport/reporting_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "report/payloads.h"
#include "store/store.h"
#include "transport/periodic_progress.h"
#include "transport/recipient.h"
#include "transport/reporting_config.h"

namespace hc::transport {

using nlohmann::json;

namespace {

struct Entry {
  RecipientConfig cfg;
  std::unique_ptr<Recipient> recipient;  // null when disabled or unusable
  std::string error;                     // why it could not be built
  int64_t enabled_at_s = 0;              // periodic: when enabled (from_now_on starts here)
  int64_t period_start_s = 0;            // periodic: start of the period being counted
  int64_t due_s = 0;                     // periodic: when its report is due
};

// Whether the trigger report for this event carries any data for this recipient.
bool wants(const report::ReportOptions& o, const rules::CountEvent& ev) {
  if (std::holds_alternative<rules::LineCrossing>(ev.what)) return o.block("line_trigger_data");
  if (std::holds_alternative<rules::RegionCountChange>(ev.what))
    return o.field("region_trigger_data", "region_count_data");
  return o.field("region_trigger_data", "dwell_time_data");
}

}  // namespace

struct ReportingService::Impl {
  ReportingOptions opt;
  store::Store& store;
  const report::Clock& clock;
  double started_s = 0;

  mutable std::mutex mu;
  SiteConfig site;
  std::vector<std::unique_ptr<Entry>> entries;
  bool configured = false;  // apply_config has run: later calls are changes, not a start-up
  bool have_live = false;
  std::vector<rules::LineCounts> totals;
  std::vector<rules::RegionState> regions;

  Impl(ReportingOptions o, store::Store& s, const report::Clock& c)
      : opt(std::move(o)), store(s), clock(c), started_s(c.now_s()) {
    site.device_name = opt.device_name;
  }

  int offset_at(int64_t t) const { return opt.utc_offset_at ? opt.utc_offset_at(t) : site.base_offset_s; }
  std::function<int(int64_t)> offset_fn() const {
    return [this](int64_t t) { return offset_at(t); };
  }

  report::ReportContext context(double at_s) const {
    report::ReportContext ctx;
    ctx.device.device_name = site.device_name;
    ctx.device.device_sn = opt.serial_number;
    ctx.device.device_mac = opt.device_mac;
    ctx.device.ip_address = opt.ip_address;
    ctx.device.cus_device_id = site.cus_device_id;
    ctx.device.cus_site_id = site.cus_site_id;
    ctx.device.firmware_version = opt.firmware_version;
    ctx.device.hardware_version = opt.hardware_version;
    ctx.device.running_time_s = static_cast<int64_t>(std::max(0.0, clock.now_s() - started_s));
    const int off = offset_at(static_cast<int64_t>(std::floor(at_s)));
    ctx.time.time_zone = site.time_zone;
    ctx.time.utc_offset_s = off;
    ctx.time.dst_enable = site.dst_enabled;
    ctx.time.dst_status = site.dst_enabled && off != site.base_offset_s;
    return ctx;
  }

  void schedule_from(Entry& e, int64_t now_s) {
    e.due_s = report::next_periodic_report_tz(now_s, e.cfg.period_min, e.cfg.scheme, e.enabled_at_s, offset_fn());
    // From now on: the first period starts when enabled; on the dot: the whole first slot.
    e.period_start_s = e.cfg.scheme == report::PeriodicScheme::kFromNowOn
                           ? e.enabled_at_s
                           : e.due_s - int64_t{e.cfg.period_min} * 60;
  }

  report::PeriodicData periodic_data(int64_t start_s, int64_t end_s) const;

  PeriodicSchedule schedule_of(const Entry& e) const { return {e.cfg.period_min, e.cfg.scheme}; }
  void save_progress(const Entry& e) {
    save_periodic_progress(store, e.cfg.uuid, schedule_of(e), {e.enabled_at_s, e.period_start_s});
  }

  // Schedules a recipient's periodic reports when they start in this process. At start-up
  // (`resume`) with the stored progress of the same settings: from the first period not yet queued
  // (those that ended while the service was down, up to kMaxCatchUpS back, are then due at once).
  // Otherwise from now: periods while periodic reports were switched off are not owed.
  void start_periodic(Entry& e, int64_t now_s, bool resume) {
    const PeriodicProgress p = load_periodic_progress(store, e.cfg.uuid, schedule_of(e), now_s);
    e.enabled_at_s = p.enabled_at_s;
    if (resume && p.sent_to_s && e.recipient) {
      const Period first = resume_period(*p.sent_to_s, now_s, kMaxCatchUpS, schedule_of(e), e.enabled_at_s,
                                         offset_fn());
      e.period_start_s = first.start_s;
      e.due_s = first.due_s;
      return;
    }
    schedule_from(e, now_s);
    save_progress(e);
  }

  // Queues the periodic reports of `e` due by now_s (due + grace_s), oldest first, at most
  // max_reports, each covering [previous report time, due) with the line counts from the store.
  void queue_due(Entry& e, double now_s, int max_reports);
};

report::PeriodicData ReportingService::Impl::periodic_data(int64_t start_s, int64_t end_s) const {
  report::PeriodicData d;
  d.start_s = static_cast<double>(start_s);
  d.end_s = static_cast<double>(end_s);
  const auto& lines = site.lines;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    report::LineCounts c;
    c.line = static_cast<int>(i + 1);
    c.line_name = lines[i].name;
    c.line_uuid = lines[i].uuid;
    d.line_periodic.push_back(c);
  }
  store::Query q;
  q.event = store::EventType::kLineCrossing;
  q.unit = store::TimeUnit::kMinute;
  q.start_s = static_cast<double>(start_s);
  q.end_s = static_cast<double>(end_s);
  for (const store::LineBin& b : store.query_lines(q)) {
    if (b.line < 1 || static_cast<std::size_t>(b.line) > d.line_periodic.size()) continue;
    report::LineCounts& c = d.line_periodic[static_cast<std::size_t>(b.line - 1)];
    c.in += b.in, c.out += b.out, c.male_in += b.male_in, c.male_out += b.male_out;
    c.female_in += b.female_in, c.female_out += b.female_out;
    c.children_in += b.children_in, c.children_out += b.children_out;
  }
  // Cumulative totals: the rule engine's live view when it has been given, else the store's.
  std::map<int, store::LineTotal> stored;
  if (!have_live)
    for (const store::LineTotal& t : store.line_totals()) stored[t.line] = t;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    report::LineTotals t;
    t.line = static_cast<int>(i + 1);
    t.line_name = lines[i].name;
    t.line_uuid = lines[i].uuid;
    if (have_live && i < totals.size()) {
      const rules::LineCounts& l = totals[i];
      t.in_counted = l.in, t.out_counted = l.out, t.male_in_counted = l.male_in, t.male_out_counted = l.male_out;
      t.female_in_counted = l.female_in, t.female_out_counted = l.female_out;
      t.children_in_counted = l.children_in, t.children_out_counted = l.children_out;
    } else if (auto it = stored.find(t.line); it != stored.end()) {
      const store::LineTotal& l = it->second;
      t.in_counted = l.in, t.out_counted = l.out, t.male_in_counted = l.male_in, t.male_out_counted = l.male_out;
      t.female_in_counted = l.female_in, t.female_out_counted = l.female_out;
      t.children_in_counted = l.children_in, t.children_out_counted = l.children_out;
    }
    d.line_total.push_back(t);
  }
  // Before the first live state (e.g. just after a restart): dwell statistics since the last reset
  // from the stored episodes.
  std::map<int, store::DwellSummary> stored_dwell;
  if (!have_live)
    for (const store::DwellSummary& ds : store.dwell_since_reset()) stored_dwell[ds.region] = ds;
  for (std::size_t i = 0; i < site.regions.size(); ++i) {
    const rules::RegionState s = i < regions.size() ? regions[i] : rules::RegionState{};
    const int index = static_cast<int>(i + 1);
    const std::string& name = site.regions[i].name;
    const std::string& uuid = site.regions[i].uuid;
    d.region_count.push_back({index, name, uuid, s.current_total, s.current_male, s.current_female,
                              s.current_children});
    if (auto it = stored_dwell.find(index); it != stored_dwell.end()) {
      const store::DwellSummary& ds = it->second;
      d.region_dwell.push_back({index, name, uuid, ds.avg_ms, ds.max_ms, ds.male_avg_ms, ds.male_max_ms,
                                ds.female_avg_ms, ds.female_max_ms, ds.children_avg_ms, ds.children_max_ms});
    } else {
      d.region_dwell.push_back({index, name, uuid, s.all.avg_ms(), s.all.max_ms, s.male.avg_ms(), s.male.max_ms,
                                s.female.avg_ms(), s.female.max_ms, s.children.avg_ms(), s.children.max_ms});
    }
  }
  return d;
}

void ReportingService::Impl::queue_due(Entry& e, double now_s, int max_reports) {
  if (!e.recipient || !e.cfg.periodic) return;
  for (int n = 0; n < max_reports && now_s >= static_cast<double>(e.due_s) + opt.grace_s; ++n) {
    if (n == 0) store.flush();  // the period's events must be queryable
    const report::PeriodicData data = periodic_data(e.period_start_s, e.due_s);
    report::ReportContext ctx = context(static_cast<double>(e.due_s));
    ctx.time.start_utc_offset_s = offset_at(e.period_start_s);
    e.recipient->enqueue(report::build_periodic(ctx, data, e.cfg.options).dump());
    e.period_start_s = e.due_s;
    e.due_s = report::next_periodic_report_tz(e.due_s, e.cfg.period_min, e.cfg.scheme, e.enabled_at_s, offset_fn());
    save_progress(e);  // after the enqueue: a kill in between repeats this report, never skips it
  }
}

ReportingService::ReportingService(ReportingOptions options, store::Store& store, const report::Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(options), store, clock)) {}

ReportingService::~ReportingService() = default;

void ReportingService::apply_config(const json& doc) {
  // Parse everything first: a bad value throws before anything changes.
  SiteConfig site = parse_site(doc, impl_->opt.device_name);
  std::vector<RecipientConfig> configs = parse_recipients(doc);
  std::lock_guard lk(impl_->mu);
  Impl& im = *impl_;
  im.site = std::move(site);
  const auto now = static_cast<int64_t>(std::floor(im.clock.now_s()));
  std::vector<std::unique_ptr<Entry>> next;
  for (RecipientConfig& c : configs) {
    auto old = std::find_if(im.entries.begin(), im.entries.end(),
                            [&](const auto& e) { return e && e->cfg.uuid == c.uuid; });
    auto e = std::make_unique<Entry>();
    if (old != im.entries.end()) {
      Entry& o = **old;
      const bool same_link = o.cfg.enabled == c.enabled && o.cfg.connection == c.connection;
      if (same_link) {
        e->recipient = std::move(o.recipient);
        e->error = o.error;
      }
      const bool same_schedule = o.cfg.periodic && c.periodic && o.cfg.period_min == c.period_min &&
                                 o.cfg.scheme == c.scheme;
      if (same_schedule) {
        e->enabled_at_s = o.enabled_at_s;
        e->period_start_s = o.period_start_s;
        e->due_s = o.due_s;
      }
      old->reset();  // a recipient whose link changed is stopped here, before its replacement starts
    }
    e->cfg = std::move(c);
    if (e->cfg.enabled && !e->recipient && e->error.empty()) {
      try {
        e->recipient = std::make_unique<Recipient>(e->cfg.uuid, make_sender(e->cfg.raw), im.store,
                                                   e->cfg.retransmission, im.opt.max_queued);
      } catch (const std::exception& ex) {
        e->error = ex.what();
      }
    }
    if (!e->cfg.enabled) e->error.clear();
    if (e->cfg.periodic && e->due_s == 0) im.start_periodic(*e, now, !im.configured);
    next.push_back(std::move(e));
  }
  im.entries = std::move(next);  // recipients no longer configured stop here; their outboxes stay
  // Periods that ended while the service was down go out now, before anything new is queued.
  for (const auto& e : im.entries) im.queue_due(*e, im.clock.now_s(), kMaxCatchUpS / 60 + 1);
  im.configured = true;
}

void ReportingService::on_output(const std::vector<rules::CountEvent>& events,
                                 const std::vector<rules::CountReset>& resets) {
  std::lock_guard lk(impl_->mu);
  Impl& im = *impl_;
  for (const rules::CountReset& r : resets) im.store.record_reset(r);
  // One outbox transaction per recipient for the whole frame.
  std::vector<std::vector<std::string>> reports(im.entries.size());
  for (const rules::CountEvent& ev : events) {
    im.store.record(ev);
    report::ReportContext ctx;
    bool have_ctx = false;
    for (std::size_t i = 0; i < im.entries.size(); ++i) {
      const Entry& e = *im.entries[i];
      if (!e.recipient || !e.cfg.trigger || !wants(e.cfg.options, ev)) continue;
      if (!have_ctx) ctx = im.context(ev.t_s), have_ctx = true;
      reports[i].push_back(report::build_trigger(ctx, ev, e.cfg.options).dump());
    }
  }
  for (std::size_t i = 0; i < im.entries.size(); ++i)
    if (!reports[i].empty()) im.entries[i]->recipient->enqueue(reports[i]);
}

void ReportingService::on_live_state(double, const std::vector<rules::LineCounts>& totals,
                                     const std::vector<rules::RegionState>& regions) {
  std::lock_guard lk(impl_->mu);
  impl_->have_live = true;
  impl_->totals = totals;
  impl_->regions = regions;
}

void ReportingService::tick() {
  // Bounded catch-up per call, so a long stall cannot hold the lock for minutes.
  constexpr int kMaxReportsPerTick = 1000;
  std::lock_guard lk(impl_->mu);
  const double now = impl_->clock.now_s();
  for (const auto& e : impl_->entries) impl_->queue_due(*e, now, kMaxReportsPerTick);
}

void ReportingService::on_clock_step(double step_s) {
  std::lock_guard lk(impl_->mu);
  Impl& im = *impl_;
  im.started_s += step_s;
  const auto now = static_cast<int64_t>(std::floor(im.clock.now_s()));
  for (const auto& e : im.entries) {
    if (!e->cfg.periodic || e->due_s == 0) continue;
    e->due_s = report::next_periodic_report_tz(now, e->cfg.period_min, e->cfg.scheme, e->enabled_at_s,
                                               im.offset_fn());
    e->period_start_s = e->due_s - int64_t{e->cfg.period_min} * 60;
  }
}

json ReportingService::status() const {
  std::lock_guard lk(impl_->mu);
  json out = json::array();
  for (const auto& e : impl_->entries) {
    json j = {{"uuid", e->cfg.uuid}, {"name", e->cfg.name}, {"protocol", e->cfg.protocol},
              {"enabled", e->cfg.enabled}};
    if (e->recipient) {
      const RecipientStatus s = e->recipient->status();
      j["state"] = to_string(s.state);
      j["reason"] = s.reason;
      j["delivered"] = s.delivered;
      j["last_success_s"] = s.last_success_s > 0 ? json(s.last_success_s) : json(nullptr);
    } else {
      j["state"] = e->error.empty() ? "disconnected" : "error";
      j["reason"] = e->error.empty() ? (e->cfg.enabled ? "" : "disabled") : e->error;
      j["delivered"] = 0;
      j["last_success_s"] = nullptr;
    }
    j["queued"] = impl_->store.outbox_size(e->cfg.uuid);
    j["dropped"] = impl_->store.outbox_dropped(e->cfg.uuid);
    if (e->cfg.periodic) j["next_periodic_report_s"] = e->due_s;
    out.push_back(std::move(j));
  }
  return out;
}

json ReportingService::test_recipient(const json& recipient_config) {
  const SendResult r = send_test(recipient_config);
  return {{"ok", r.ok}, {"error", r.error}};
}

bool ReportingService::wait_idle(std::chrono::milliseconds timeout) const {
  const auto until = std::chrono::steady_clock::now() + timeout;
  std::lock_guard lk(impl_->mu);
  for (const auto& e : impl_->entries) {
    if (!e->recipient) continue;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (!e->recipient->wait_idle(std::max(left, std::chrono::milliseconds(0)))) return false;
  }
  return true;
}

}  // namespace hc::transport
