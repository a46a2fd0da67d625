// The outbox table of Store (internal): per-recipient queues of reports on their own SQLite
// connection (WAL, synchronous=NORMAL: durable across kill -9), with statements prepared once and
// the per-recipient counts kept in memory (one process owns a database file), so a push or an ack
// costs one indexed write instead of a COUNT scan over up to 50,000 rows.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "store/sqlite_db.h"
#include "store/store.h"

namespace hc::store {

class OutboxTable {
 public:
  explicit OutboxTable(const std::string& path);  // the schema must exist (Store migrates first)

  // One transaction for all payloads; drops the oldest beyond max_queued; returns how many dropped.
  int64_t push(const std::string& recipient, const std::vector<std::string>& payloads, int64_t max_queued);
  std::vector<OutboxItem> peek(const std::string& recipient, int limit);
  // One transaction for all ids.
  void ack(const std::string& recipient, const std::vector<int64_t>& ids);
  int64_t size(const std::string& recipient);
  int64_t dropped(const std::string& recipient);

 private:
  int64_t& count_of(const std::string& recipient);  // cached; read from the table on first use
  void commit_or_rollback(const std::function<void()>& body);

  std::mutex mu_;
  Db db_;
  Stmt insert_, count_, drop_oldest_, add_dropped_, peek_, delete_, dropped_;
  std::map<std::string, int64_t> counts_;
};

}  // namespace hc::store
