// Installing verified release packages (made by `tar` and signed with a test key) into a data dir,
// and the start script packaging/headcount-start.sh that runs `current` and rolls back a release
// that never confirmed its start. The "binaries" are shell scripts printing their version.
#include "system/upgrade_install.h"

#include "release_package.h"
#include "test_keys.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <array>
#include <memory>

namespace hc::system {
namespace {

namespace fs = std::filesystem;
using test_support::make_key;
using test_support::release_package;
using test_support::sign;

class UpgradeInstall : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / ("hc_install_test_" + std::to_string(::getpid()));
    fs::remove_all(work_);
    data_ = work_ / "data";
    fs::create_directories(data_);
    key_ = make_key(EVP_PKEY_ED25519);
  }
  void TearDown() override { fs::remove_all(work_); }

  InstalledRelease install(const std::string& package) {
    return install_upgrade(data_, package, verify_upgrade(package, sign(key_, package), key_.public_pem));
  }
  // Runs the start script as systemd would (the packaged binary prints "base"); its stdout.
  std::string start() {
    const fs::path base = work_ / "base-headcount";
    if (!fs::exists(base)) {
      std::ofstream(base) << "#!/bin/sh\necho base\n";
      fs::permissions(base, fs::perms(0755), fs::perm_options::replace);
    }
    const std::string cmd = "HC_DATA_DIR='" + data_.string() + "' HC_BASE_BINARY='" + base.string() +
                            "' HC_BASE_WEB_ROOT=/nonexistent sh '" HC_SOURCE_DIR "/packaging/headcount-start.sh' run 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(cmd.c_str(), "r"), ::pclose);
    std::string out;
    std::array<char, 256> buf{};
    while (pipe && std::fgets(buf.data(), buf.size(), pipe.get())) out += buf.data();
    return out;
  }
  std::string current_binary() { return test_support::slurp_bytes(data_ / "current" / kReleaseBinary); }

  fs::path work_, data_;
  test_support::KeyPair key_;
};

TEST_F(UpgradeInstall, UnpacksIntoAReleaseAndSwitchesCurrent) {
  const std::string v2 = release_package(work_, "v2", "v2");
  const InstalledRelease r = install(v2);
  EXPECT_EQ(r.release.size(), 16u);
  EXPECT_EQ(r.previous, "");
  EXPECT_EQ(r.directory, data_ / "releases" / r.release);
  EXPECT_EQ(fs::read_symlink(data_ / "current"), fs::path("releases") / r.release);
  EXPECT_EQ(current_binary(), "#!/bin/sh\necho v2\n");
  EXPECT_NE(fs::status(data_ / "current" / kReleaseBinary).permissions() & fs::perms::owner_exec, fs::perms::none);
  EXPECT_TRUE(fs::exists(data_ / "current/share/headcount/web/index.html"));
  EXPECT_EQ(release_on_trial(data_), r.release);
  EXPECT_FALSE(fs::exists(data_ / "releases" / (r.release + ".unpacking")));

  const InstalledRelease r3 = install(release_package(work_, "v3", "v3"));
  EXPECT_EQ(r3.previous, r.release);
  EXPECT_EQ(fs::read_symlink(data_ / "previous"), fs::path("releases") / r.release);
  EXPECT_EQ(current_binary(), "#!/bin/sh\necho v3\n");
  confirm_started(data_);
  EXPECT_EQ(release_on_trial(data_), "");

  // A third release: the oldest (v2) is removed, v3 stays as `previous`.
  const InstalledRelease r4 = install(release_package(work_, "v4", "v4"));
  EXPECT_EQ(r4.previous, r3.release);
  EXPECT_FALSE(fs::exists(r.directory));
  EXPECT_TRUE(fs::exists(r3.directory));
  EXPECT_TRUE(fs::exists(r4.directory));
}

TEST_F(UpgradeInstall, RefusesUnverifiedAndNonReleasePackagesChangingNothing) {
  const std::string v2 = release_package(work_, "v2", "v2");
  const InstalledRelease r = install(v2);
  confirm_started(data_);
  // Tampered: the signature no longer verifies, so install_upgrade refuses before unpacking.
  std::string tampered = release_package(work_, "v3", "v3");
  const std::string sig = sign(key_, tampered);
  tampered[tampered.size() / 2] ^= 1;
  const UpgradeCheck bad = verify_upgrade(tampered, sig, key_.public_pem);
  EXPECT_FALSE(bad.ok);
  EXPECT_THROW(install_upgrade(data_, tampered, bad), std::runtime_error);
  // Signed but not a release: no bin/headcount.
  fs::create_directories(work_ / "empty/doc");
  std::ofstream(work_ / "empty/doc/readme.txt") << "no binary";
  ASSERT_EQ(std::system(("tar -czf '" + (work_ / "empty.tar.gz").string() + "' -C '" + (work_ / "empty").string() +
                         "' .").c_str()), 0);
  const std::string empty = test_support::slurp_bytes(work_ / "empty.tar.gz");
  EXPECT_THROW(install(empty), std::invalid_argument);
  // Signed but not an archive.
  EXPECT_THROW(install("signed text, not a package"), std::invalid_argument);

  EXPECT_EQ(fs::read_symlink(data_ / "current"), fs::path("releases") / r.release);
  EXPECT_EQ(current_binary(), "#!/bin/sh\necho v2\n");
  EXPECT_FALSE(fs::exists(data_ / "previous"));
  EXPECT_EQ(release_on_trial(data_), "");
  size_t releases = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(data_ / "releases")) ++releases;
  EXPECT_EQ(releases, 1u);
}

TEST_F(UpgradeInstall, StartScriptRunsCurrentAndRollsBackAnUnconfirmedStart) {
  EXPECT_EQ(start(), "base\n");  // nothing installed: the packaged binary
  install(release_package(work_, "v2", "v2"));
  EXPECT_EQ(start(), "v2\n");    // the trial start
  confirm_started(data_);        // what `headcount run` does once it serves
  EXPECT_EQ(start(), "v2\n");    // confirmed: kept
  install(release_package(work_, "v3", "v3"));
  EXPECT_EQ(start(), "v3\n");    // the trial start of v3 never confirms (it crashed)...
  EXPECT_EQ(start(), "v2\n");    // ...so the next start rolls back to v2
  EXPECT_EQ(release_on_trial(data_), "");
  EXPECT_EQ(start(), "v2\n");
}

TEST_F(UpgradeInstall, RollbackWithoutPreviousFallsBackToThePackagedBinary) {
  install(release_package(work_, "v2", "v2"));
  EXPECT_EQ(start(), "v2\n");
  EXPECT_EQ(start(), "base\n");
  EXPECT_FALSE(fs::exists(data_ / "current"));
}

}  // namespace
}  // namespace hc::system
