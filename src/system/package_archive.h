// The contents of an upgrade package: a tar archive (POSIX ustar, pax or GNU long names), gzip-
// compressed or not, read in memory. Only directories and regular files are accepted: links,
// devices, absolute paths and ".." components are refused, so unpacking cannot reach outside the
// release directory. O(package size).
#pragma once

#include <string>
#include <vector>

namespace hc::system {

struct ArchiveEntry {
  std::string path;  // relative, '/'-separated, no "." or ".." components
  bool directory = false;
  unsigned mode = 0644;  // permission bits from the header
  std::string content;   // regular files
};

// Throws std::invalid_argument naming the entry (or "package") for a malformed or refused archive.
std::vector<ArchiveEntry> read_package_archive(const std::string& package);

}  // namespace hc::system
