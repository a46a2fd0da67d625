// Installing a verified upgrade package (docs/system.md "Upgrade"): its files are unpacked into
// <root>/releases/<release>/ and <root>/current is switched to it atomically (a symlink renamed
// over the old one), <root>/previous keeping the release it replaces. A trial marker makes the
// start script (packaging/headcount-start.sh) roll back to `previous` when the new release does
// not confirm a successful start. Nothing under <root>/current changes until the new release is
// completely unpacked and checked. Releases other than `current` and `previous` are removed after a
// successful switch.
#pragma once

#include "system/upgrade_package.h"

#include <filesystem>
#include <string>

namespace hc::system {

// What a release package must hold: the service binary at this path, executable.
inline constexpr const char* kReleaseBinary = "bin/headcount";

struct InstalledRelease {
  std::string release;             // "<first 16 hex of the package's sha256>"
  std::filesystem::path directory; // <root>/releases/<release>
  std::string previous;            // the release `current` pointed at before ("" when none)
};

// Unpacks a verified package and makes it `current`. Throws std::invalid_argument (a malformed or
// refused archive, no executable bin/headcount: nothing changed) or std::runtime_error (I/O,
// naming the path). Throws std::runtime_error for an unverified check.
InstalledRelease install_upgrade(const std::filesystem::path& root, const std::string& package,
                                 const UpgradeCheck& check);

// The release a start has to confirm ("" when none is on trial).
std::string release_on_trial(const std::filesystem::path& root);
// Called by `headcount run` once it serves: the running release is kept; the start script no
// longer rolls it back.
void confirm_started(const std::filesystem::path& root);

}  // namespace hc::system
