// tar (POSIX.1-2001 ustar/pax, GNU 'L' long names) in 512-byte blocks: a header with octal fields
// and a checksum, then the content padded to a block; two zero blocks end it. gzip through zlib.
#include "system/package_archive.h"

#include <zlib.h>

#include <cstring>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace hc::system {

namespace {

constexpr size_t kBlock = 512;
constexpr size_t kMaxUnpackedBytes = size_t{1} << 30;  // 1 GiB: far beyond any release

// A NUL- or space-terminated octal header field.
uint64_t octal(const char* field, size_t size, const std::string& what) {
  uint64_t v = 0;
  size_t i = 0;
  while (i < size && field[i] == ' ') ++i;
  for (; i < size && field[i] != '\0' && field[i] != ' '; ++i) {
    if (field[i] < '0' || field[i] > '7') throw std::invalid_argument(what + ": malformed octal field");
    v = v * 8 + static_cast<uint64_t>(field[i] - '0');
  }
  return v;
}

std::string text(const char* field, size_t size) { return std::string(field, strnlen(field, size)); }

bool checksum_ok(const char* h) {
  uint64_t sum = 0;
  for (size_t i = 0; i < kBlock; ++i)
    sum += (i >= 148 && i < 156) ? uint64_t{' '} : static_cast<unsigned char>(h[i]);
  return sum == octal(h + 148, 8, "package: header");
}

// The "path" record of a pax extended header ("<len> path=<value>\n" records).
std::string pax_path(const std::string& records) {
  size_t pos = 0;
  while (pos < records.size()) {
    const size_t space = records.find(' ', pos);
    if (space == std::string::npos) break;
    size_t len = 0;
    for (size_t i = pos; i < space; ++i) {
      if (records[i] < '0' || records[i] > '9' || len > records.size()) return {};
      len = len * 10 + static_cast<size_t>(records[i] - '0');
    }
    if (len <= space - pos + 1 || pos + len > records.size()) break;
    const std::string rec = records.substr(space + 1, len - (space - pos) - 2);  // drop the '\n'
    if (rec.rfind("path=", 0) == 0) return rec.substr(5);
    pos += len;
  }
  return {};
}

// "./bin//headcount/" -> "bin/headcount"; refuses absolute paths and "..".
std::string safe_path(const std::string& raw) {
  if (raw.empty() || raw.front() == '/') throw std::invalid_argument("package entry '" + raw + "': absolute or empty path");
  std::istringstream in(raw);
  std::string part, out;
  while (std::getline(in, part, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") throw std::invalid_argument("package entry '" + raw + "': '..' not allowed");
    out += (out.empty() ? "" : "/") + part;
  }
  return out;
}

// Inflates gzip data (RFC 1952) up to max_bytes; throws std::invalid_argument when corrupt or larger.
std::string gunzip(const std::string& data, size_t max_bytes) {
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) throw std::invalid_argument("package: cannot start gzip inflation");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > max_bytes) rc = Z_MEM_ERROR;
  }
  inflateEnd(&z);
  if (rc != Z_STREAM_END) throw std::invalid_argument("package: corrupt or oversized gzip data");
  return out;
}

}  // namespace

std::vector<ArchiveEntry> read_package_archive(const std::string& package) {
  const bool gzipped = package.size() >= 2 && static_cast<unsigned char>(package[0]) == 0x1f &&
                       static_cast<unsigned char>(package[1]) == 0x8b;
  const std::string tar = gzipped ? gunzip(package, kMaxUnpackedBytes) : package;
  std::vector<ArchiveEntry> entries;
  std::string long_name;
  size_t pos = 0;
  while (pos + kBlock <= tar.size()) {
    const char* h = tar.data() + pos;
    if (h[0] == '\0') return entries;  // the end-of-archive zero block
    std::string name = text(h, 100);
    if (!checksum_ok(h)) throw std::invalid_argument("package entry '" + name + "': header checksum mismatch");
    if (std::memcmp(h + 257, "ustar", 5) == 0 && h[345] != '\0') name = text(h + 345, 155) + "/" + name;
    const uint64_t size = octal(h + 124, 12, "package entry '" + name + "'");
    pos += kBlock;
    if (size > tar.size() - pos) throw std::invalid_argument("package entry '" + name + "': truncated");
    std::string content = tar.substr(pos, size);
    pos += (size + kBlock - 1) / kBlock * kBlock;
    const char type = h[156];
    if (type == 'L' || type == 'x') {  // the next entry's long name (GNU) or pax attributes
      long_name = type == 'L' ? text(content.data(), content.size()) : pax_path(content);
      continue;
    }
    if (type == 'g') continue;  // pax global attributes: nothing we use
    if (!long_name.empty()) name = std::exchange(long_name, {});
    if (type != '0' && type != '\0' && type != '5')
      throw std::invalid_argument("package entry '" + name + "': only files and directories are allowed (type '" +
                                  std::string(1, type) + "')");
    ArchiveEntry e;
    e.path = safe_path(name);
    e.directory = type == '5';
    e.mode = static_cast<unsigned>(octal(h + 100, 8, "package entry '" + name + "'") & 0777);
    if (!e.directory) e.content = std::move(content);
    if (!e.path.empty()) entries.push_back(std::move(e));
  }
  throw std::invalid_argument("package: not a tar archive, or truncated (no end-of-archive block)");
}

}  // namespace hc::system
