// Store: SQLite (WAL, synchronous=FULL) with one writer thread draining a bounded queue in batched
// transactions (up to kBatch events per commit). Queries: store_queries.cpp; outbox: outbox_table.cpp.
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

#include "store/minute_bins.h"
#include "store/outbox_table.h"
#include "store/sqlite_db.h"
#include "store/store_impl.h"

namespace hc::store {

namespace {

constexpr int kSchemaVersion = 3;
constexpr std::size_t kBatch = 4096;

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

// Users of the web GUI (argon2id hashes only) and their security questions, in order.
const char* kSchemaV3 = R"sql(
CREATE TABLE IF NOT EXISTS users(username TEXT PRIMARY KEY, role TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS user_questions(username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
  position INTEGER NOT NULL, question TEXT NOT NULL, answer_hash TEXT NOT NULL, PRIMARY KEY(username, position));
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
  // Each step in its own transaction: a crash leaves the database at the previous version.
  auto step = [&](int version, auto apply) {
    if (have >= version) return;
    db.exec("BEGIN IMMEDIATE");
    try {
      apply();
      db.exec("PRAGMA user_version=" + std::to_string(version));
      db.exec("COMMIT");
    } catch (...) {
      db.exec("ROLLBACK");
      throw;
    }
  };
  step(1, [&] { db.exec(kSchemaV1); });
  step(2, [&] {
    db.exec(kSchemaV2);
    backfill_minute_bins(db);
  });
  step(3, [&] { db.exec(kSchemaV3); });
}

// Adds a crossing's bin values (in/out by attribute, LineCol order) to the line's cumulative totals.
void add_to_totals(Stmt& tot, const BinValues& v, int line) {
  tot.bind(1, line);
  for (int c = kIn; c <= kChildrenOut; ++c) tot.bind(c + 2, v[static_cast<std::size_t>(c)]);
  tot.run();
}

// The database holds the users' password hashes: owner read/write only, like the users.json it
// replaced. SQLite gives the WAL and shared-memory files the database file's mode, so this runs
// before WAL mode is configured; existing ones (from an earlier version) are restricted too.
void restrict_to_owner(const std::filesystem::path& db) {
  namespace fs = std::filesystem;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    fs::path f = db;
    f += suffix;
    std::error_code ec;
    if (fs::exists(f, ec)) fs::permissions(f, fs::perms::owner_read | fs::perms::owner_write, ec);
    if (ec) throw std::runtime_error("store: cannot restrict the mode of " + f.string() + ": " + ec.message());
  }
}

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
  if (n == "week") return TimeUnit::kWeek;
  if (n == "month") return TimeUnit::kMonth;
  if (n == "year") return TimeUnit::kYear;
  throw std::invalid_argument("time_unit: expected minute, hour, day, week, month or year, got \"" + n + "\"");
}


void Store::Impl::write_batch(std::vector<Item>& batch) {
  Db& db = *wdb;
  db.exec("BEGIN IMMEDIATE");
  Stmt ins(db, (std::string("INSERT INTO events(") + kEventColumns + ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)").c_str());
  MinuteBins bins;
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
    const EventRow r = event_row(std::get<rules::CountEvent>(it));
    ins.bind(1, r.t).bind(2, r.kind).bind(3, r.idx).bind(4, r.dir).bind(5, r.child).bind(6, r.gender)
        .bind(7, r.total).bind(8, r.male).bind(9, r.female).bind(10, r.children).bind(11, r.track)
        .bind(12, r.start).bind(13, r.duration_ms);
    ins.run();
    bins.add(r);
    if (r.kind == kLine) add_to_totals(tot, bin_values(r), r.idx);
  }
  if (!bins.empty()) {
    const int64_t newest = bins.newest_minute();
    bins.write(db);
    prune_minute_bins(db, newest, bin_retention_days.load() * 86400);
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
  del.bind(1, max_records.load()).run();
  return sqlite3_changes(db.get());
}

Store::Store(StoreOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opt = std::move(options);
  if (impl_->opt.path.empty()) throw std::invalid_argument("store: database path is empty");
  if (impl_->opt.queue_capacity == 0) throw std::invalid_argument("store: queue_capacity must be > 0");
  set_retention(impl_->opt.max_records, impl_->opt.bin_retention_days);
  if (impl_->opt.path.has_parent_path()) std::filesystem::create_directories(impl_->opt.path.parent_path());
  impl_->wdb = std::make_unique<Db>(impl_->opt.path.string());
  restrict_to_owner(impl_->opt.path);
  configure(*impl_->wdb, true);
  migrate(*impl_->wdb);
  impl_->rdb = std::make_unique<Db>(impl_->opt.path.string());
  configure(*impl_->rdb, false);
  impl_->outbox = std::make_unique<OutboxTable>(impl_->opt.path.string());
  impl_->writer = std::thread([this] { impl_->writer_loop(); });
}

void Store::set_retention(int64_t max_records, int64_t bin_retention_days) {
  if (max_records < 1) throw std::invalid_argument("store: max_records must be >= 1");
  if (bin_retention_days < 1) throw std::invalid_argument("store: bin_retention_days must be >= 1");
  impl_->max_records = max_records;
  impl_->bin_retention_days = bin_retention_days;
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
