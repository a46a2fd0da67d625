// Store's internals shared by its source files (store.cpp: open, writer, totals, settings;
// store_queries.cpp: report queries and CSV; outbox_table.cpp: the outbox).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "store/outbox_table.h"
#include "store/sqlite_db.h"
#include "store/store.h"

namespace hc::store {

using Item = std::variant<rules::CountEvent, rules::CountReset>;

struct Store::Impl {
  StoreOptions opt;
  // The retentions in force: opt's at first, then set_retention's (read by the writer thread).
  std::atomic<int64_t> max_records{0}, bin_retention_days{0};
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

}  // namespace hc::store
