// OutboxTable; see outbox_table.h. Every operation is O(log n) in the table size (the
// (recipient, id) index) per row touched.
#include "store/outbox_table.h"

#include <algorithm>

namespace hc::store {

namespace {
// Acknowledged rows deleted per statement.
constexpr int64_t kDeleteBatch = 64;

// NORMAL in WAL mode: durable across a process crash, an fsync only at checkpoints (an fsync per
// report capped delivery near 100 reports/s). A checkpoint every 8,192 WAL pages (32 MiB) instead of
// SQLite's 1,000: each report writes 2-3 pages, and the checkpoint fsyncs cost about 40 % of the
// acknowledgement rate at the default (BM_OutboxPeekAckOnly). Runs before the statements are prepared.
const Db& wal_normal(Db& db) {
  db.exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=8192;"
          " PRAGMA journal_size_limit=67108864;");
  return db;
}
}  // namespace

OutboxTable::OutboxTable(const std::string& path)
    : db_(path),
      marks_(path + "-acked"),
      // Prepared once: sqlite3_exec would parse the transaction statements on every push.
      begin_(wal_normal(db_), "BEGIN IMMEDIATE"),
      commit_(db_, "COMMIT"),
      rollback_(db_, "ROLLBACK"),
      insert_(db_, "INSERT INTO outbox(recipient,payload) VALUES(?,?)"),
      count_(db_, "SELECT COUNT(*) FROM outbox WHERE recipient=? AND id>?"),
      drop_oldest_(db_, "DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE recipient=?1 AND id>?2"
                        " ORDER BY id LIMIT ?3)"),
      add_dropped_(db_, "INSERT INTO outbox_dropped(recipient,n) VALUES(?1,?2) ON CONFLICT(recipient) DO UPDATE SET n=n+?2"),
      peek_(db_, "SELECT id,payload FROM outbox WHERE recipient=? AND id>? ORDER BY id LIMIT ?"),
      delete_upto_(db_, "DELETE FROM outbox WHERE recipient=? AND id<=?"),
      dropped_(db_, "SELECT n FROM outbox_dropped WHERE recipient=?"),
      // AUTOINCREMENT never reuses an id: a mark above the largest id ever given belongs to another
      // (e.g. recreated) database and is forgotten, so a stale mark can never skip a report.
      last_id_(db_, "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name='outbox'), 0)") {
  last_id_.step();
  marks_.forget_above(last_id_.i64(0));
  last_id_.reset();
}

OutboxTable::~OutboxTable() {
  for (auto& [recipient, q] : queues_) {
    try {
      delete_acked(recipient, q);
    } catch (const std::exception&) {
      // The mark keeps them out of every read; the next start deletes them.
    }
  }
}

OutboxTable::Queue& OutboxTable::queue_of(const std::string& recipient) {
  auto it = queues_.find(recipient);
  if (it != queues_.end()) return it->second;
  Queue q;
  q.acked_to = marks_.get(recipient);  // stale marks were forgotten at open
  q.pending = q.acked_to > 0 ? 1 : 0;  // rows at or below the mark may remain from the last run
  count_.bind(1, recipient).bind(2, q.acked_to);
  count_.step();
  q.count = count_.i64(0);
  count_.reset();
  Queue& stored = queues_[recipient] = q;
  delete_acked(recipient, stored);
  return stored;
}

void OutboxTable::delete_acked(const std::string& recipient, Queue& q) {
  if (q.pending == 0) return;
  delete_upto_.bind(1, recipient).bind(2, q.acked_to).run();
  q.pending = 0;
}

void OutboxTable::commit_or_rollback(const std::function<void()>& body) {
  begin_.run();
  try {
    body();
    commit_.run();
  } catch (...) {
    if (!sqlite3_get_autocommit(db_.get())) rollback_.run();
    queues_.clear();  // re-read after a failed transaction
    throw;
  }
}

int64_t OutboxTable::push(const std::string& recipient, const std::vector<std::string>& payloads,
                          int64_t max_queued) {
  std::lock_guard lk(mu_);
  Queue& q = queue_of(recipient);
  const int64_t excess = std::max<int64_t>(0, q.count + static_cast<int64_t>(payloads.size()) - max_queued);
  if (payloads.size() == 1 && excess == 0) {
    insert_.bind(1, recipient).bind(2, payloads.front()).run();  // one statement: its own transaction
    ++q.count;
    return 0;
  }
  commit_or_rollback([&] {
    for (const std::string& p : payloads) insert_.bind(1, recipient).bind(2, p).run();
    if (excess > 0) {
      drop_oldest_.bind(1, recipient).bind(2, q.acked_to).bind(3, excess).run();
      add_dropped_.bind(1, recipient).bind(2, excess).run();
    }
  });
  q.count += static_cast<int64_t>(payloads.size()) - excess;
  return excess;
}

std::vector<OutboxItem> OutboxTable::peek(const std::string& recipient, int limit) {
  std::lock_guard lk(mu_);
  const Queue& q = queue_of(recipient);
  peek_.bind(1, recipient).bind(2, q.acked_to).bind(3, limit);
  std::vector<OutboxItem> out;
  while (peek_.step()) out.push_back({peek_.i64(0), peek_.text(1)});
  peek_.reset();
  return out;
}

void OutboxTable::ack(const std::string& recipient, const std::vector<int64_t>& ids) {
  std::lock_guard lk(mu_);
  Queue& q = queue_of(recipient);
  int64_t newest = q.acked_to, n = 0;
  for (const int64_t id : ids)
    if (id > q.acked_to) newest = std::max(newest, id), ++n;
  if (n == 0) return;
  marks_.set(recipient, newest);  // the durable acknowledgement
  q.acked_to = newest;
  q.count = std::max<int64_t>(0, q.count - n);
  q.pending += n;
  if (q.pending >= kDeleteBatch) delete_acked(recipient, q);
}

int64_t OutboxTable::size(const std::string& recipient) {
  std::lock_guard lk(mu_);
  return queue_of(recipient).count;
}

int64_t OutboxTable::dropped(const std::string& recipient) {
  std::lock_guard lk(mu_);
  dropped_.bind(1, recipient);
  const int64_t n = dropped_.step() ? dropped_.i64(0) : 0;
  dropped_.reset();
  return n;
}

}  // namespace hc::store
