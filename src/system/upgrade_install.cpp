// Install = unpack into a fresh directory, check, then two renames (the release directory into
// place, a new symlink over `current`): each rename is atomic on POSIX, so a power cut leaves
// either the old or the new release current, never a half-written one.
#include "system/upgrade_install.h"

#include "system/package_archive.h"

#include <fstream>
#include <stdexcept>

namespace hc::system {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, const std::string& content, unsigned mode) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path.string());
  fs::permissions(path, static_cast<fs::perms>(mode), fs::perm_options::replace);
}

// Writes every entry under `dir` (created fresh).
void unpack(const std::vector<ArchiveEntry>& entries, const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const ArchiveEntry& e : entries) {
    const fs::path target = dir / e.path;
    if (e.directory) {
      fs::create_directories(target);
      continue;
    }
    fs::create_directories(target.parent_path());
    write_file(target, e.content, e.mode);
  }
}

// Points `link` at `target` atomically: a new symlink renamed over the old one.
void switch_symlink(const fs::path& link, const fs::path& target) {
  fs::path tmp = link;
  tmp += ".new";
  fs::remove(tmp);
  fs::create_symlink(target, tmp);
  fs::rename(tmp, link);
}

fs::path trial_marker(const fs::path& root) { return root / "upgrade" / "trial"; }

// Keeps the releases `current` and `previous` name; older ones (and failed ones) would only fill
// the disk. A folder that cannot be removed stays (it is retried at the next install).
void prune_releases(const fs::path& releases, const std::string& keep1, const std::string& keep2) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(releases, ec)) {
    const std::string name = e.path().filename().string();
    if (name != keep1 && name != keep2) fs::remove_all(e.path(), ec);
  }
}

}  // namespace

InstalledRelease install_upgrade(const fs::path& root, const std::string& package, const UpgradeCheck& check) {
  if (!check.ok) throw std::runtime_error("install_upgrade: package not verified");
  const std::vector<ArchiveEntry> entries = read_package_archive(package);
  bool has_binary = false;
  for (const ArchiveEntry& e : entries)
    has_binary |= !e.directory && e.path == kReleaseBinary && (e.mode & 0100) != 0;
  if (!has_binary)
    throw std::invalid_argument(std::string("package: no executable ") + kReleaseBinary + " (the release's service binary)");

  InstalledRelease r;
  r.release = check.sha256_hex.substr(0, 16);
  const fs::path releases = root / "releases";
  r.directory = releases / r.release;
  const fs::path current = root / "current";
  std::error_code ec;
  if (fs::is_symlink(current)) r.previous = fs::read_symlink(current, ec).filename().string();
  if (r.previous == r.release) return r;  // already installed and current

  fs::path unpacking = releases / (r.release + ".unpacking");
  unpack(entries, unpacking);
  fs::remove_all(r.directory);
  fs::rename(unpacking, r.directory);
  fs::create_directories(trial_marker(root).parent_path());
  write_file(trial_marker(root), r.release + "\n", 0644);
  fs::remove(root / "upgrade" / "trial.started");
  if (!r.previous.empty()) switch_symlink(root / "previous", fs::path("releases") / r.previous);
  switch_symlink(current, fs::path("releases") / r.release);
  prune_releases(releases, r.release, r.previous);
  return r;
}

std::string release_on_trial(const fs::path& root) {
  std::ifstream in(trial_marker(root));
  std::string release;
  in >> release;
  return release;
}

void confirm_started(const fs::path& root) {
  std::error_code ec;
  fs::remove(trial_marker(root), ec);
  fs::remove(root / "upgrade" / "trial.started", ec);
}

}  // namespace hc::system
