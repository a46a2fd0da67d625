// Durable per-recipient acknowledgement marks for the outbox: the id of the newest delivered report,
// one small file per recipient beside the database, overwritten in place with pwrite (no fsync: like
// the outbox's synchronous=NORMAL, it survives kill -9, not power loss). Marking a delivery costs a
// syscall instead of a SQLite transaction; the delivered rows are deleted later in batches.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

namespace hc::store {

class AckMarks {
 public:
  explicit AckMarks(std::filesystem::path dir);  // created when absent
  ~AckMarks();
  AckMarks(const AckMarks&) = delete;
  AckMarks& operator=(const AckMarks&) = delete;

  // The mark of `recipient`: 0 when none, or when the file is unreadable or torn (then reports may
  // be delivered twice, never skipped).
  int64_t get(const std::string& recipient);
  void set(const std::string& recipient, int64_t id);  // throws std::runtime_error naming the file
  // Deletes every mark above `last_id` (called at open, before any report is queued): such a mark
  // belongs to another database (ids are never reused within one), e.g. one deleted and recreated.
  void forget_above(int64_t last_id);

 private:
  int fd_of(const std::string& recipient);
  std::filesystem::path dir_;
  std::map<std::string, int> fds_;
};

}  // namespace hc::store
