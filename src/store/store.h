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
  int64_t max_records = 1'000'000;     // retention: per table, oldest rows pruned beyond this
};

enum class EventType { kLineCrossing = 0, kRegionCounting = 1, kDwellTime = 2 };  // MQTT API codes
enum class TimeUnit { kMinute, kHour, kDay, kMonth };
EventType parse_event_type(const std::string& name);  // "line_crossing", "region_counting", "dwell_time"
TimeUnit parse_time_unit(const std::string& name);    // "minute", "hour", "day", "month"

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

// Cumulative line totals since the last reset.
struct LineTotal {
  int line = 1;
  int64_t in = 0, out = 0, male_in = 0, male_out = 0, female_in = 0, female_out = 0,
          children_in = 0, children_out = 0;
  double reset_at_s = 0;
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
  // CSV with a header row, streamed row by row (docs/storage.md lists the columns). Returns rows.
  int64_t export_csv(const Query& q, std::ostream& out) const;
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
  void outbox_ack(const std::string& recipient, int64_t id);  // removes item id (delivered)
  void outbox_ack(const std::string& recipient, const std::vector<int64_t>& ids);  // one transaction
  int64_t outbox_size(const std::string& recipient) const;
  int64_t outbox_dropped(const std::string& recipient) const;

  std::optional<std::string> setting(const std::string& key) const;
  void set_setting(const std::string& key, const std::string& value);

  // Deletes the oldest rows beyond options.max_records; returns rows deleted. Also run by the writer.
  int64_t prune();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace hc::store
