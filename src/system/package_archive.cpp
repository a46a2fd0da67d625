// Reads the package with libarchive, restricted to the tar formats (ustar, pax, GNU, v7) and the gzip
// filter; libarchive parses headers, long names, pax records and gzip. This file only decides what is
// allowed in a release: directories and regular files under relative paths, within a size budget.
#include "system/package_archive.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace hc::system {

namespace {

constexpr size_t kMaxUnpackedBytes = size_t{1} << 30;  // 1 GiB: far beyond any release

using Reader = std::unique_ptr<archive, decltype(&archive_read_free)>;

[[noreturn]] void refuse(const std::string& what, const std::string& problem) {
  throw std::invalid_argument(what + ": " + problem);
}

std::string entry_label(const std::string& path) { return "package entry '" + path + "'"; }

// libarchive's own words plus our category, so the caller sees both what and why.
[[noreturn]] void refuse_reader(archive* a, const std::string& what) {
  const char* detail = archive_error_string(a);
  const std::string words = detail ? detail : "unknown error";
  std::string category = "unreadable archive";
  if (words.find("gzip") != std::string::npos)
    category = "corrupt gzip data";
  else if (words.find("Truncated") != std::string::npos || words.find("truncated") != std::string::npos)
    category = "truncated";
  else if (words.find("Unrecognized archive format") != std::string::npos)
    category = "not a tar archive";
  else if (words.find("Damaged tar archive") != std::string::npos)  // libarchive's words for a bad checksum
    category = "damaged header (checksum mismatch)";
  refuse(what, category + " (" + words + ")");
}

// "./bin//headcount/" -> "bin/headcount"; refuses absolute paths and "..".
std::string safe_path(const std::string& raw) {
  if (raw.empty() || raw.front() == '/') refuse(entry_label(raw), "absolute or empty path");
  std::istringstream in(raw);
  std::string part, out;
  while (std::getline(in, part, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") refuse(entry_label(raw), "'..' not allowed");
    out += (out.empty() ? "" : "/") + part;
  }
  return out;
}

Reader open_tar(const std::string& package) {
  Reader a(archive_read_new(), &archive_read_free);
  if (!a) throw std::invalid_argument("package: cannot start the archive reader");
  archive_read_support_filter_gzip(a.get());
  archive_read_support_format_tar(a.get());
  if (archive_read_open_memory(a.get(), package.data(), package.size()) == ARCHIVE_OK) return a;
  // Name gzip when the bytes claim to be gzip, so a damaged download reads as such, not as "not tar".
  const bool gzip_magic = package.size() >= 2 && static_cast<unsigned char>(package[0]) == 0x1f &&
                          static_cast<unsigned char>(package[1]) == 0x8b;
  if (!gzip_magic) refuse_reader(a.get(), "package");
  const char* detail = archive_error_string(a.get());
  const bool inflated = archive_filter_code(a.get(), 0) == ARCHIVE_FILTER_GZIP;
  refuse("package", std::string(inflated ? "gzip data that holds no tar archive" : "corrupt gzip data") + " (" +
                        (detail ? detail : "unknown error") + ")");
}

std::string entry_path(archive_entry* e) {
  const char* utf8 = archive_entry_pathname_utf8(e);
  const char* raw = utf8 ? utf8 : archive_entry_pathname(e);
  if (!raw) refuse("package entry", "unreadable path name");
  return raw;
}

// Links (symbolic or hard), devices and fifos could point or write outside the release directory.
void refuse_unless_file_or_directory(archive_entry* e, const std::string& path) {
  const auto type = archive_entry_filetype(e);
  if (archive_entry_hardlink(e) || archive_entry_symlink(e) || (type != AE_IFREG && type != AE_IFDIR))
    refuse(entry_label(path), "only files and directories are allowed");
}

// Appends the entry's data chunk by chunk, so a header claiming a huge size allocates nothing it
// does not deliver; `budget` is what is left of kMaxUnpackedBytes.
std::string read_content(archive* a, const std::string& path, size_t& budget) {
  std::string content;
  char buf[65536];
  for (;;) {
    const la_ssize_t n = archive_read_data(a, buf, sizeof buf);
    if (n < 0) refuse_reader(a, entry_label(path));
    if (n == 0) return content;
    if (static_cast<size_t>(n) > budget) refuse(entry_label(path), "package larger than 1 GiB unpacked");
    budget -= static_cast<size_t>(n);
    content.append(buf, static_cast<size_t>(n));
  }
}

}  // namespace

std::vector<ArchiveEntry> read_package_archive(const std::string& package) {
  Reader reader = open_tar(package);
  archive* a = reader.get();
  std::vector<ArchiveEntry> entries;
  size_t budget = kMaxUnpackedBytes;
  archive_entry* e = nullptr;
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK || rc == ARCHIVE_WARN) {
    const std::string raw = entry_path(e);
    refuse_unless_file_or_directory(e, raw);
    ArchiveEntry entry;
    entry.path = safe_path(raw);
    entry.directory = archive_entry_filetype(e) == AE_IFDIR;
    entry.mode = static_cast<unsigned>(archive_entry_perm(e)) & 0777;
    if (!entry.directory) entry.content = read_content(a, raw, budget);
    if (!entry.path.empty()) entries.push_back(std::move(entry));
  }
  if (rc != ARCHIVE_EOF) refuse_reader(a, "package");
  return entries;
}

}  // namespace hc::system
