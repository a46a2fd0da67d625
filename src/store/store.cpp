// Store: SQLite (WAL, synchronous=FULL) with one writer thread draining a bounded queue in batched
// transactions (up to kBatch events per commit). Queries aggregate the raw event rows (indexed by
// kind and time) into hour/day/month buckets of a fixed local offset: O(rows in range).
// Reference: https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_synchronous
#include "store/store.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <map>
#include <mutex>
#include <ostream>
#include <stdexcept>
#include <thread>
#include <variant>

#include "store/outbox_table.h"
#include "store/sqlite_db.h"

namespace hc::store {

namespace {

constexpr int kSchemaVersion = 1;
constexpr std::size_t kBatch = 4096;

// Column `kind` of table events.
enum Kind { kLine = 0, kRegion = 1, kDwell = 2 };

const char* kSchemaV1 = R"sql(
CREATE TABLE IF NOT EXISTS events(
  id INTEGER PRIMARY KEY, t REAL NOT NULL, kind INTEGER NOT NULL, idx INTEGER NOT NULL,
  dir INTEGER NOT NULL DEFAULT 0, child INTEGER NOT NULL DEFAULT 0, gender INTEGER NOT NULL DEFAULT 0,
  total INTEGER NOT NULL DEFAULT 0, male INTEGER NOT NULL DEFAULT 0, female INTEGER NOT NULL DEFAULT 0,
  children INTEGER NOT NULL DEFAULT 0, track INTEGER NOT NULL DEFAULT 0,
  start REAL NOT NULL DEFAULT 0, duration_ms INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS events_kind_t ON events(kind, t);
CREATE TABLE IF NOT EXISTS line_totals(
  line INTEGER PRIMARY KEY, n_in INTEGER NOT NULL DEFAULT 0, n_out INTEGER NOT NULL DEFAULT 0,
  male_in INTEGER NOT NULL DEFAULT 0, male_out INTEGER NOT NULL DEFAULT 0,
  female_in INTEGER NOT NULL DEFAULT 0, female_out INTEGER NOT NULL DEFAULT 0,
  children_in INTEGER NOT NULL DEFAULT 0, children_out INTEGER NOT NULL DEFAULT 0,
  reset_at REAL NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS resets(id INTEGER PRIMARY KEY, t REAL NOT NULL, scheduled INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS outbox(id INTEGER PRIMARY KEY AUTOINCREMENT, recipient TEXT NOT NULL,
  payload TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_recipient ON outbox(recipient, id);
CREATE TABLE IF NOT EXISTS outbox_dropped(recipient TEXT PRIMARY KEY, n INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS settings(key TEXT PRIMARY KEY, value TEXT NOT NULL);
)sql";

// FULL: durable across power loss (the batched event writer). NORMAL in WAL mode: durable across a
// process crash (kill -9), may lose the last commits on power loss; used for the per-report outbox
// transactions, where an fsync each would cap delivery near 100 reports/s.
void configure(Db& db, bool full_sync) {
  db.exec(std::string("PRAGMA journal_mode=WAL; PRAGMA synchronous=") + (full_sync ? "FULL" : "NORMAL") +
          "; PRAGMA foreign_keys=ON;");
}

void migrate(Db& db) {
  Stmt v(db, "PRAGMA user_version");
  v.step();
  const int64_t have = v.i64(0);
  if (have > kSchemaVersion)
    throw std::runtime_error("store: " + db.path() + " has schema version " + std::to_string(have) +
                             ", newer than this build's " + std::to_string(kSchemaVersion));
  if (have < 1) {
    db.exec("BEGIN IMMEDIATE");
    db.exec(kSchemaV1);
    db.exec("PRAGMA user_version=1");
    db.exec("COMMIT");
  }
}

int gender_code(rules::Gender g) { return static_cast<int>(g); }

// Start (Unix s) of the local bucket containing t.
int64_t bucket_start(double t, TimeUnit unit, int off) {
  const auto local = static_cast<int64_t>(std::floor(t)) + off;
  switch (unit) {
    case TimeUnit::kMinute: return local - (local % 60 + 60) % 60 - off;
    case TimeUnit::kHour: return local - (local % 3600 + 3600) % 3600 - off;
    case TimeUnit::kDay: return local - (local % 86400 + 86400) % 86400 - off;
    case TimeUnit::kMonth: {
      const auto lt = static_cast<time_t>(local);
      std::tm tm{};
      gmtime_r(&lt, &tm);
      tm.tm_mday = 1;
      tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
      return static_cast<int64_t>(timegm(&tm)) - off;
    }
  }
  return 0;
}

using Item = std::variant<rules::CountEvent, rules::CountReset>;

}  // namespace

EventType parse_event_type(const std::string& n) {
  if (n == "line_crossing") return EventType::kLineCrossing;
  if (n == "region_counting") return EventType::kRegionCounting;
  if (n == "dwell_time") return EventType::kDwellTime;
  throw std::invalid_argument("event: expected line_crossing, region_counting or dwell_time, got \"" + n + "\"");
}

TimeUnit parse_time_unit(const std::string& n) {
  if (n == "minute") return TimeUnit::kMinute;
  if (n == "hour") return TimeUnit::kHour;
  if (n == "day") return TimeUnit::kDay;
  if (n == "month") return TimeUnit::kMonth;
  throw std::invalid_argument("time_unit: expected minute, hour, day or month, got \"" + n + "\"");
}

struct Store::Impl {
  StoreOptions opt;
  std::unique_ptr<Db> wdb;   // the writer thread's connection
  std::unique_ptr<Db> rdb;   // queries and settings (guarded by rmu)
  std::unique_ptr<OutboxTable> outbox;  // its own connection and lock
  mutable std::mutex rmu;

  std::mutex qmu;
  std::condition_variable q_not_full, q_not_empty, q_done;
  std::deque<Item> queue;
  uint64_t enqueued = 0, committed = 0;
  bool stopping = false;
  std::string writer_error;
  std::thread writer;

  void write_batch(std::vector<Item>& batch);
  void writer_loop();
  int64_t prune_with(Db& db) const;
  void push(Item item);
};

void Store::Impl::write_batch(std::vector<Item>& batch) {
  Db& db = *wdb;
  db.exec("BEGIN IMMEDIATE");
  Stmt ins(db, "INSERT INTO events(t,kind,idx,dir,child,gender,total,male,female,children,track,start,duration_ms)"
               " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)");
  Stmt tot(db, "INSERT INTO line_totals(line,n_in,n_out,male_in,male_out,female_in,female_out,children_in,children_out)"
               " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9) ON CONFLICT(line) DO UPDATE SET n_in=n_in+?2, n_out=n_out+?3,"
               " male_in=male_in+?4, male_out=male_out+?5, female_in=female_in+?6, female_out=female_out+?7,"
               " children_in=children_in+?8, children_out=children_out+?9");
  for (const Item& it : batch) {
    if (const auto* r = std::get_if<rules::CountReset>(&it)) {
      Stmt(db, "UPDATE line_totals SET n_in=0,n_out=0,male_in=0,male_out=0,female_in=0,female_out=0,"
               "children_in=0,children_out=0").run();
      Stmt(db, "UPDATE line_totals SET reset_at=?").bind(1, r->t_s).run();
      Stmt(db, "INSERT INTO resets(t,scheduled) VALUES(?,?)").bind(1, r->t_s).bind(2, r->scheduled ? 1 : 0).run();
      continue;
    }
    const auto& ev = std::get<rules::CountEvent>(it);
    ins.bind(1, ev.t_s);
    for (int col = 4; col <= 13; ++col) ins.bind(col, 0);  // unbound parameters would be NULL
    if (const auto* c = std::get_if<rules::LineCrossing>(&ev.what)) {
      const bool in = c->direction == rules::Direction::kIn;
      ins.bind(2, kLine).bind(3, c->line_index).bind(4, in ? 0 : 1).bind(5, c->child ? 1 : 0)
          .bind(6, gender_code(c->gender)).bind(11, c->track_id);
      const int male = c->gender == rules::Gender::kMale, female = c->gender == rules::Gender::kFemale;
      const int ch = c->child ? 1 : 0;
      tot.bind(1, c->line_index).bind(2, in ? 1 : 0).bind(3, in ? 0 : 1).bind(4, in ? male : 0)
          .bind(5, in ? 0 : male).bind(6, in ? female : 0).bind(7, in ? 0 : female)
          .bind(8, in ? ch : 0).bind(9, in ? 0 : ch);
      tot.run();
    } else if (const auto* g = std::get_if<rules::RegionCountChange>(&ev.what)) {
      ins.bind(2, kRegion).bind(3, g->region_index).bind(7, g->current_total).bind(8, g->current_male)
          .bind(9, g->current_female).bind(10, g->current_children);
    } else {
      const auto& d = std::get<rules::DwellEpisode>(ev.what);
      ins.bind(2, kDwell).bind(3, d.region_index).bind(5, d.child ? 1 : 0).bind(6, gender_code(d.gender))
          .bind(11, d.track_id).bind(12, d.start_s).bind(13, d.duration_ms);
    }
    ins.run();
  }
  prune_with(db);
  db.exec("COMMIT");
}

void Store::Impl::writer_loop() {
  std::vector<Item> batch;
  for (;;) {
    {
      std::unique_lock lk(qmu);
      q_not_empty.wait(lk, [&] { return stopping || !queue.empty(); });
      if (queue.empty() && stopping) return;
      const std::size_t n = std::min(queue.size(), kBatch);
      batch.assign(std::make_move_iterator(queue.begin()), std::make_move_iterator(queue.begin() + static_cast<long>(n)));
      queue.erase(queue.begin(), queue.begin() + static_cast<long>(n));
    }
    q_not_full.notify_all();
    try {
      write_batch(batch);
    } catch (const std::exception& e) {
      try { wdb->exec("ROLLBACK"); } catch (...) {}
      std::lock_guard lk(qmu);
      writer_error = e.what();
    }
    {
      std::lock_guard lk(qmu);
      committed += batch.size();
    }
    q_done.notify_all();
  }
}

int64_t Store::Impl::prune_with(Db& db) const {
  Stmt del(db, "DELETE FROM events WHERE id <= (SELECT MAX(id) FROM events) - ?");
  del.bind(1, opt.max_records).run();
  return sqlite3_changes(db.get());
}

Store::Store(StoreOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  if (impl_->opt.path.empty()) throw std::invalid_argument("store: database path is empty");
  if (impl_->opt.queue_capacity == 0) throw std::invalid_argument("store: queue_capacity must be > 0");
  if (impl_->opt.path.has_parent_path()) std::filesystem::create_directories(impl_->opt.path.parent_path());
  impl_->wdb = std::make_unique<Db>(impl_->opt.path.string());
  configure(*impl_->wdb, true);
  migrate(*impl_->wdb);
  impl_->rdb = std::make_unique<Db>(impl_->opt.path.string());
  configure(*impl_->rdb, false);
  impl_->outbox = std::make_unique<OutboxTable>(impl_->opt.path.string());
  impl_->writer = std::thread([this] { impl_->writer_loop(); });
}

Store::~Store() {
  {
    std::lock_guard lk(impl_->qmu);
    impl_->stopping = true;
  }
  impl_->q_not_empty.notify_all();
  impl_->writer.join();
}

void Store::Impl::push(Item item) {
  Impl& im = *this;
  std::unique_lock lk(im.qmu);
  im.q_not_full.wait(lk, [&] { return im.queue.size() < im.opt.queue_capacity; });
  im.queue.push_back(std::move(item));
  ++im.enqueued;
  lk.unlock();
  im.q_not_empty.notify_one();
}

void Store::record(const rules::CountEvent& event) { impl_->push(event); }
void Store::record_reset(const rules::CountReset& reset) { impl_->push(reset); }

void Store::flush() {
  std::unique_lock lk(impl_->qmu);
  const uint64_t target = impl_->enqueued;
  impl_->q_done.wait(lk, [&] { return impl_->committed >= target; });
  if (!impl_->writer_error.empty()) {
    std::string e = std::move(impl_->writer_error);
    impl_->writer_error.clear();
    throw std::runtime_error(e);
  }
}

namespace {
const char* kSelect =
    "SELECT t,idx,dir,child,gender,total,male,female,children,track,start,duration_ms FROM events"
    " WHERE kind=?1 AND t>=?2 AND t<?3 AND (?4=0 OR idx=?4) ORDER BY t, id";

void bind_query(Stmt& s, const Query& q) {
  s.bind(1, static_cast<int>(q.event)).bind(2, q.start_s).bind(3, q.end_s).bind(4, q.index);
}
}  // namespace

std::vector<LineBin> Store::query_lines(const Query& q) const {
  std::map<std::pair<int64_t, int>, LineBin> bins;
  std::lock_guard lk(impl_->rmu);
  Query lq = q;
  lq.event = EventType::kLineCrossing;
  Stmt s(*impl_->rdb, kSelect);
  bind_query(s, lq);
  while (s.step()) {
    const int64_t b = bucket_start(s.dbl(0), q.unit, q.utc_offset_s);
    const int line = static_cast<int>(s.i64(1));
    LineBin& bin = bins[{b, line}];
    bin.bucket_start_s = b;
    bin.line = line;
    const bool in = s.i64(2) == 0;
    const bool child = s.i64(3) != 0;
    const auto g = static_cast<rules::Gender>(s.i64(4));
    ++(in ? bin.in : bin.out);
    if (child) ++(in ? bin.children_in : bin.children_out);
    if (g == rules::Gender::kMale) ++(in ? bin.male_in : bin.male_out);
    if (g == rules::Gender::kFemale) ++(in ? bin.female_in : bin.female_out);
  }
  std::vector<LineBin> out;
  for (auto& [k, v] : bins) out.push_back(v);
  return out;
}

std::vector<RegionBin> Store::query_regions(const Query& q) const {
  std::map<std::pair<int64_t, int>, std::pair<RegionBin, double>> bins;
  std::lock_guard lk(impl_->rmu);
  Query rq = q;
  rq.event = EventType::kRegionCounting;
  Stmt s(*impl_->rdb, kSelect);
  bind_query(s, rq);
  while (s.step()) {
    const int64_t b = bucket_start(s.dbl(0), q.unit, q.utc_offset_s);
    const int region = static_cast<int>(s.i64(1));
    auto& [bin, sum] = bins[{b, region}];
    bin.bucket_start_s = b;
    bin.region = region;
    bin.max_total = std::max(bin.max_total, s.i64(5));
    sum += static_cast<double>(s.i64(5));
    ++bin.samples;
  }
  std::vector<RegionBin> out;
  for (auto& [k, v] : bins) {
    v.first.avg_total = v.second / static_cast<double>(v.first.samples);
    out.push_back(v.first);
  }
  return out;
}

std::vector<DwellBin> Store::query_dwell(const Query& q) const {
  std::map<std::pair<int64_t, int>, std::pair<DwellBin, int64_t>> bins;
  std::lock_guard lk(impl_->rmu);
  Query dq = q;
  dq.event = EventType::kDwellTime;
  Stmt s(*impl_->rdb, kSelect);
  bind_query(s, dq);
  while (s.step()) {
    const int64_t b = bucket_start(s.dbl(0), q.unit, q.utc_offset_s);
    const int region = static_cast<int>(s.i64(1));
    auto& [bin, sum] = bins[{b, region}];
    bin.bucket_start_s = b;
    bin.region = region;
    ++bin.episodes;
    bin.max_ms = std::max(bin.max_ms, s.i64(11));
    sum += s.i64(11);
  }
  std::vector<DwellBin> out;
  for (auto& [k, v] : bins) {
    v.first.avg_ms = v.second / v.first.episodes;
    out.push_back(v.first);
  }
  return out;
}

int64_t Store::export_csv(const Query& q, std::ostream& out) const {
  std::lock_guard lk(impl_->rmu);
  Stmt s(*impl_->rdb, kSelect);
  bind_query(s, q);
  static const char* kGender[] = {"unknown", "male", "female"};
  auto gender = [&](int64_t g) { return kGender[g >= 0 && g <= 2 ? g : 0]; };
  int64_t rows = 0;
  char buf[256];
  switch (q.event) {
    case EventType::kLineCrossing:
      out << "time_unix,line,direction,child,gender,track_id\n";
      while (s.step()) {
        std::snprintf(buf, sizeof buf, "%.3f,%lld,%s,%d,%s,%lld\n", s.dbl(0), static_cast<long long>(s.i64(1)),
                      s.i64(2) == 0 ? "in" : "out", s.i64(3) != 0 ? 1 : 0, gender(s.i64(4)),
                      static_cast<long long>(s.i64(9)));
        out << buf;
        ++rows;
      }
      break;
    case EventType::kRegionCounting:
      out << "time_unix,region,current_total,current_male,current_female,current_children\n";
      while (s.step()) {
        std::snprintf(buf, sizeof buf, "%.3f,%lld,%lld,%lld,%lld,%lld\n", s.dbl(0),
                      static_cast<long long>(s.i64(1)), static_cast<long long>(s.i64(5)),
                      static_cast<long long>(s.i64(6)), static_cast<long long>(s.i64(7)),
                      static_cast<long long>(s.i64(8)));
        out << buf;
        ++rows;
      }
      break;
    case EventType::kDwellTime:
      out << "end_time_unix,region,start_time_unix,duration_ms,child,gender,track_id\n";
      while (s.step()) {
        std::snprintf(buf, sizeof buf, "%.3f,%lld,%.3f,%lld,%d,%s,%lld\n", s.dbl(0),
                      static_cast<long long>(s.i64(1)), s.dbl(10), static_cast<long long>(s.i64(11)),
                      s.i64(3) != 0 ? 1 : 0, gender(s.i64(4)), static_cast<long long>(s.i64(9)));
        out << buf;
        ++rows;
      }
      break;
  }
  return rows;
}

int64_t Store::record_count() const {
  std::lock_guard lk(impl_->rmu);
  Stmt s(*impl_->rdb, "SELECT COUNT(*) FROM events");
  s.step();
  return s.i64(0);
}

std::vector<LineTotal> Store::line_totals() const {
  std::lock_guard lk(impl_->rmu);
  Stmt s(*impl_->rdb, "SELECT line,n_in,n_out,male_in,male_out,female_in,female_out,children_in,"
                      "children_out,reset_at FROM line_totals ORDER BY line");
  std::vector<LineTotal> out;
  while (s.step())
    out.push_back({static_cast<int>(s.i64(0)), s.i64(1), s.i64(2), s.i64(3), s.i64(4), s.i64(5), s.i64(6),
                   s.i64(7), s.i64(8), s.dbl(9)});
  return out;
}

int64_t Store::outbox_push(const std::string& recipient, const std::string& payload, int64_t max_queued) {
  return impl_->outbox->push(recipient, {payload}, max_queued);
}
int64_t Store::outbox_push(const std::string& recipient, const std::vector<std::string>& payloads,
                           int64_t max_queued) {
  return impl_->outbox->push(recipient, payloads, max_queued);
}
std::vector<OutboxItem> Store::outbox_peek(const std::string& recipient, int limit) const {
  return impl_->outbox->peek(recipient, limit);
}
void Store::outbox_ack(const std::string& recipient, int64_t id) { impl_->outbox->ack(recipient, {id}); }
void Store::outbox_ack(const std::string& recipient, const std::vector<int64_t>& ids) {
  impl_->outbox->ack(recipient, ids);
}
int64_t Store::outbox_size(const std::string& recipient) const { return impl_->outbox->size(recipient); }
int64_t Store::outbox_dropped(const std::string& recipient) const { return impl_->outbox->dropped(recipient); }

std::optional<std::string> Store::setting(const std::string& key) const {
  std::lock_guard lk(impl_->rmu);
  Stmt s(*impl_->rdb, "SELECT value FROM settings WHERE key=?");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.text(0);
}

void Store::set_setting(const std::string& key, const std::string& value) {
  std::lock_guard lk(impl_->rmu);
  Stmt(*impl_->rdb, "INSERT INTO settings(key,value) VALUES(?1,?2) ON CONFLICT(key) DO UPDATE SET value=?2")
      .bind(1, key).bind(2, value).run();
}

int64_t Store::prune() {
  std::lock_guard lk(impl_->rmu);
  return impl_->prune_with(*impl_->rdb);
}

}  // namespace hc::store
