// The outbox table of Store (internal): per-recipient queues of reports on their own SQLite
// connection (WAL, synchronous=NORMAL: durable across kill -9), with statements prepared once and
// the per-recipient counts kept in memory (one process owns a database file), so a push costs one
// indexed write instead of a COUNT scan over up to 50,000 rows. Acknowledgements are batched: each
// delivery moves the recipient's durable mark (AckMarks, a 16-byte pwrite); reads skip rows at or
// below the mark, and the acknowledged rows are deleted 64 at a time in one statement.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "store/ack_marks.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace hc::store {

class OutboxTable {
 public:
  explicit OutboxTable(const std::string& path);  // the schema must exist (Store migrates first)
  ~OutboxTable();                                 // deletes the acknowledged rows still pending

  // One transaction for all payloads; drops the oldest beyond max_queued; returns how many dropped.
  int64_t push(const std::string& recipient, const std::vector<std::string>& payloads, int64_t max_queued);
  std::vector<OutboxItem> peek(const std::string& recipient, int limit);
  // Acknowledges the oldest queued items, in order: `ids` as given by peek(), oldest first.
  void ack(const std::string& recipient, const std::vector<int64_t>& ids);
  int64_t size(const std::string& recipient);
  int64_t dropped(const std::string& recipient);

 private:
  struct Queue {
    int64_t count = 0;     // queued, not acknowledged
    int64_t acked_to = 0;  // every id <= this is delivered (the durable mark)
    int64_t pending = 0;   // acknowledged rows not yet deleted
  };
  Queue& queue_of(const std::string& recipient);  // loaded on first use
  void delete_acked(const std::string& recipient, Queue& q);
  void commit_or_rollback(const std::function<void()>& body);

  std::mutex mu_;
  Db db_;
  AckMarks marks_;
  Stmt begin_, commit_, rollback_, insert_, count_, drop_oldest_, add_dropped_, peek_, delete_upto_, dropped_, last_id_;
  std::map<std::string, Queue> queues_;
};

}  // namespace hc::store
