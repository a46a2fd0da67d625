// Feeds arbitrary bytes to the upgrade package reader (tar, gzip-compressed or not). Packages are
// parsed only after their signature verified, but the reader must still never crash, loop or read
// out of bounds on any input: it returns entries or throws std::invalid_argument.
#include "system/package_archive.h"

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& e : hc::system::read_package_archive(bytes)) {
      const std::string p = "/" + e.path + "/";
      if (e.path.empty() || e.path.front() == '/' || p.find("/../") != std::string::npos || p.find("/./") != std::string::npos)
        __builtin_trap();  // a path that could leave the release directory came through
    }
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
