// Persistent storage of counts, reports to deliver (outbox) and settings: one SQLite database in WAL
// mode (synchronous=FULL: a committed transaction survives kill -9 and power loss), schema migrations
// by user_version, one writer thread fed by a bounded queue (record() blocks when it is full, so
// nothing is silently lost). Readers use their own connections (WAL: readers never block the writer).
#pragma once

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/count_event.h"

namespace hc::store {

struct StoreOptions {
  std::filesystem::path path;          // database file; created with its folder when absent
  std::size_t queue_capacity = 65536;  // writer queue bound
  int64_t max_records = 1'000'000;     // retention of raw events: the oldest rows beyond this are pruned
  // Retention of the per-minute bins (hour to year reports), counted back from the newest event
  // written; independent of max_records, so pruning raw events never erases the reports' history.
  int64_t bin_retention_days = 3 * 366;
  // Reference path for tests and benchmarks: query_lines/regions/dwell and dwell_since_reset
  // aggregate the raw event rows instead of the per-minute bins.
  bool query_raw_events = false;
};

enum class EventType { kLineCrossing = 0, kRegionCounting = 1, kDwellTime = 2 };  // MQTT API codes
enum class TimeUnit { kMinute, kHour, kDay, kMonth, kWeek, kYear };
EventType parse_event_type(const std::string& name);  // "line_crossing", "region_counting", "dwell_time"
// "minute", "hour", "day", "week", "month", "year"
TimeUnit parse_time_unit(const std::string& name);
// Start (Unix s) of the bucket containing t_s, aligned in the local offset: minute, hour, day (local
// midnight), week (Monday 00:00 local, ISO 8601), month (the 1st), year (1 January).
int64_t bucket_start(double t_s, TimeUnit unit, int utc_offset_s);

struct Query {
  EventType event = EventType::kLineCrossing;
  TimeUnit unit = TimeUnit::kHour;
  double start_s = 0;     // Unix seconds, inclusive
  double end_s = 0;       // Unix seconds, exclusive
  int index = 0;          // line or region (1-based); 0: all
  int utc_offset_s = 0;   // buckets (day, month) are aligned in this local offset
};

// One bucket of line crossings (per line).
struct LineBin {
  int64_t bucket_start_s = 0;  // Unix seconds of the bucket's local start
  int line = 1;
  int64_t in = 0, out = 0, male_in = 0, male_out = 0, female_in = 0, female_out = 0,
          children_in = 0, children_out = 0;
};
// One bucket of region occupancy samples (per region): the maximum and the mean of current_total.
struct RegionBin {
  int64_t bucket_start_s = 0;
  int region = 1;
  int64_t max_total = 0;
  double avg_total = 0;
  int64_t samples = 0;
};
// One bucket of ended dwell episodes (per region), milliseconds.
struct DwellBin {
  int64_t bucket_start_s = 0;
  int region = 1;
  int64_t episodes = 0, avg_ms = 0, max_ms = 0;
};

// The people inside a region at an instant (the counts after the last change at or before it).
struct OccupancySample {
  int64_t t_s = 0;
  int region = 1;
  int64_t total = 0, male = 0, female = 0, children = 0;
};

// Dwell statistics of a region over ended episodes, milliseconds (the periodic report's
// dwell_time_data: all, male, female, children).
struct DwellSummary {
  int region = 1;
  int64_t episodes = 0, avg_ms = 0, max_ms = 0;
  int64_t male_avg_ms = 0, male_max_ms = 0, female_avg_ms = 0, female_max_ms = 0;
  int64_t children_avg_ms = 0, children_max_ms = 0;
};

// Episodes of one region by duration: counts[i] holds durations in [min + i*width, min + (i+1)*width),
// the last bin also everything longer (the MQTT API's dwellDetect {timeMin, timeBinWidth, numOfBins}).
struct DwellHistogram {
  int region = 1;
  std::vector<int64_t> counts;
};

// Cumulative line totals since the last reset.
struct LineTotal {
  int line = 1;
  int64_t in = 0, out = 0, male_in = 0, male_out = 0, female_in = 0, female_out = 0,
          children_in = 0, children_out = 0;
  double reset_at_s = 0;
};

// A user of the web GUI: argon2id hashes only, never a password or an answer.
struct SecurityQuestion {
  std::string question, answer_hash;
};
struct UserRecord {
  std::string username, role, hash;
  std::vector<SecurityQuestion> questions;  // in the order they are asked
};

struct OutboxItem {
  int64_t id = 0;  // increasing: delivery order
  std::string payload;
};

class Store {
 public:
  // Opens (creating or migrating) the database; throws std::runtime_error naming the file on failure.
  explicit Store(StoreOptions options);
  ~Store();  // drains the queue, then closes
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Asynchronous writes (the writer thread commits them in order, in batches).
  void record(const rules::CountEvent& event);
  void record_reset(const rules::CountReset& reset);
  // Blocks until everything recorded before this call is committed.
  void flush();

  // Queries (see Query). Rows are ordered by bucket, then line/region.
  std::vector<LineBin> query_lines(const Query& q) const;
  std::vector<RegionBin> query_regions(const Query& q) const;
  std::vector<DwellBin> query_dwell(const Query& q) const;
  // Occupancy of region q.index at q.start_s, +step_s, ... (< q.end_s), 0 before its first change;
  // q.index 0: every region from its first change on. q.unit is not used. Throws
  // std::invalid_argument for step_s < 1.
  std::vector<OccupancySample> occupancy_samples(const Query& q, int64_t step_s) const;
  // Per region (q.index, 0: all) over the episodes that ended since the last reset (record_reset).
  std::vector<DwellSummary> dwell_since_reset(int region = 0) const;
  // Per region over the episodes of q (range, region) lasting at least min_s seconds; bins >= 1,
  // width_s > 0; throws std::invalid_argument naming the parameter otherwise.
  std::vector<DwellHistogram> dwell_histogram(const Query& q, double min_s, double width_s, int bins) const;
  // CSV with a header row, streamed row by row (docs/storage.md lists the columns). Returns rows.
  int64_t export_csv(const Query& q, std::ostream& out) const;
  // The bins of query_lines / query_regions / query_dwell as CSV ("according to the selected time
  // unit", the guide's Report page export), header row first; the bucket's start as Unix seconds and
  // as local time (YYYY-MM-DD HH:MM in q.utc_offset_s). Returns rows.
  int64_t export_bins_csv(const Query& q, std::ostream& out) const;
  // Raw event rows (for the 1,000,000-record limit and the CSV of single events).
  int64_t record_count() const;

  std::vector<LineTotal> line_totals() const;

  // Outbox per recipient (synchronous, committed on return; one process per database file: the
  // queue sizes are kept in memory). push() drops the oldest beyond
  // `max_queued` and returns how many it dropped (also added to dropped_count()).
  int64_t outbox_push(const std::string& recipient, const std::string& payload,
                      int64_t max_queued = 50'000);
  // Several reports in one transaction (in order).
  int64_t outbox_push(const std::string& recipient, const std::vector<std::string>& payloads,
                      int64_t max_queued = 50'000);
  std::vector<OutboxItem> outbox_peek(const std::string& recipient, int limit) const;
  // Acknowledges delivered items: delivery is in order, so `id` must be the oldest queued item (or
  // `ids` the oldest ones, oldest first); everything up to it leaves the queue. Durable on return
  // (a mark beside the database, `<path>-acked/`); the rows are deleted in batches.
  void outbox_ack(const std::string& recipient, int64_t id);
  void outbox_ack(const std::string& recipient, const std::vector<int64_t>& ids);
  int64_t outbox_size(const std::string& recipient) const;
  int64_t outbox_dropped(const std::string& recipient) const;

  // Users (synchronous, committed on return; durable across kill -9 like the settings).
  std::vector<UserRecord> users() const;  // ordered by username
  // Replaces every user with `users`, in one transaction (all or nothing).
  void replace_users(const std::vector<UserRecord>& users);

  std::optional<std::string> setting(const std::string& key) const;
  void set_setting(const std::string& key, const std::string& value);

  // Deletes the oldest raw events beyond max_records; returns rows deleted. Also run by the writer,
  // which prunes the per-minute bins by bin_retention_days too.
  int64_t prune();
  // Changes both retentions (configuration system.storage) from the next batch written on; values
  // start as the options'. Throws std::invalid_argument naming the option for max_records < 1 or
  // bin_retention_days < 1.
  void set_retention(int64_t max_records, int64_t bin_retention_days);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hc::store
