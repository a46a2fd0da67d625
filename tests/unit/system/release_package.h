// Release packages made by tests: a real `tar -czf` of a folder holding bin/headcount (a shell
// script standing in for the service binary), and a minimal ustar writer for crafted archives.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace hc::system::test_support {

inline std::string slurp_bytes(const std::filesystem::path& p) {
  std::string s(std::filesystem::file_size(p), '\0');
  std::ifstream(p, std::ios::binary).read(s.data(), static_cast<std::streamsize>(s.size()));
  return s;
}

// A gzip-compressed tar of <work>/<name>/: bin/headcount (the executable text `binary`) and the
// GUI's share/headcount/web/index.html. `format`: tar --format (gnu, ustar, pax).
inline std::string release_tar(const std::filesystem::path& work, const std::string& name, const std::string& binary,
                               const std::string& format = "gnu") {
  namespace fs = std::filesystem;
  const fs::path dir = work / name;
  fs::create_directories(dir / "bin");
  fs::create_directories(dir / "share/headcount/web");
  std::ofstream(dir / "bin/headcount") << binary;
  fs::permissions(dir / "bin/headcount", fs::perms(0755), fs::perm_options::replace);
  std::ofstream(dir / "share/headcount/web/index.html") << "<html>" << name << "</html>\n";
  const fs::path out = work / (name + ".tar.gz");
  const std::string cmd = "tar --format=" + format + " -czf '" + out.string() + "' -C '" + dir.string() + "' .";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("test: " + cmd + " failed");
  return slurp_bytes(out);
}

// A release whose bin/headcount is a script printing `says`.
inline std::string release_package(const std::filesystem::path& work, const std::string& name, const std::string& says,
                                   const std::string& format = "gnu") {
  return release_tar(work, name, "#!/bin/sh\necho " + says + "\n", format);
}

// One ustar header + content, for archives `tar` would not write (links, "..", absolute paths).
inline std::string ustar_entry(const std::string& name, const std::string& content, char type = '0',
                               unsigned mode = 0644, const std::string& link = "") {
  std::string h(512, '\0');
  name.copy(h.data(), std::min<size_t>(name.size(), 100));
  std::snprintf(h.data() + 100, 8, "%07o", mode);
  std::snprintf(h.data() + 108, 8, "%07o", 0u);
  std::snprintf(h.data() + 116, 8, "%07o", 0u);
  std::snprintf(h.data() + 124, 12, "%011lo", static_cast<unsigned long>(content.size()));
  std::snprintf(h.data() + 136, 12, "%011o", 0u);
  h[156] = type;
  link.copy(h.data() + 157, std::min<size_t>(link.size(), 100));
  std::string("ustar\0" "00", 8).copy(h.data() + 257, 8);
  std::fill(h.begin() + 148, h.begin() + 156, ' ');
  unsigned sum = 0;
  for (char c : h) sum += static_cast<unsigned char>(c);
  std::snprintf(h.data() + 148, 8, "%06o", sum);
  std::string padded = content;
  padded.resize((content.size() + 511) / 512 * 512, '\0');
  return h + padded;
}

inline std::string ustar_end() { return std::string(1024, '\0'); }

}  // namespace hc::system::test_support
