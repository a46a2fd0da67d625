// AckMarks; see ack_marks.h. Each file holds the id and its bitwise complement (16 bytes): a torn
// or foreign file fails the check and reads as "no mark".
#include "store/ack_marks.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace hc::store {

namespace {
// Recipient keys are uuids in practice; hex keeps any key a safe file name.
std::string file_name(const std::string& key) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "ack_";
  for (const unsigned char c : key) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}
}  // namespace

AckMarks::AckMarks(std::filesystem::path dir) : dir_(std::move(dir)) { std::filesystem::create_directories(dir_); }

AckMarks::~AckMarks() {
  for (const auto& [key, fd] : fds_) close(fd);
}

int AckMarks::fd_of(const std::string& recipient) {
  auto it = fds_.find(recipient);
  if (it != fds_.end()) return it->second;
  const auto path = dir_ / file_name(recipient);
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("store: cannot open " + path.string() + ": " + std::strerror(errno));
  return fds_[recipient] = fd;
}

int64_t AckMarks::get(const std::string& recipient) {
  int64_t v[2] = {0, 0};
  if (pread(fd_of(recipient), v, sizeof v, 0) != static_cast<ssize_t>(sizeof v)) return 0;
  return v[1] == ~v[0] && v[0] > 0 ? v[0] : 0;
}

void AckMarks::set(const std::string& recipient, int64_t id) {
  const int64_t v[2] = {id, ~id};
  if (pwrite(fd_of(recipient), v, sizeof v, 0) != static_cast<ssize_t>(sizeof v))
    throw std::runtime_error("store: cannot write the acknowledgement mark in " + dir_.string() + ": " +
                             std::strerror(errno));
}

void AckMarks::forget_above(int64_t last_id) {
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("ack_", 0) != 0) continue;
    const int fd = open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    int64_t v[2] = {0, 0};
    const bool read = pread(fd, v, sizeof v, 0) == static_cast<ssize_t>(sizeof v);
    close(fd);
    if (read && v[1] == ~v[0] && v[0] > last_id) std::filesystem::remove(entry.path());
  }
}

}  // namespace hc::store
