// The package reader on archives written by the real `tar` (gnu, ustar, pax; gzip) and on crafted
// ones it must refuse: links, "..", absolute paths, a bad checksum, truncation.
#include "system/package_archive.h"

#include "release_package.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>

namespace hc::system {
namespace {

namespace fs = std::filesystem;
using test_support::release_package;
using test_support::ustar_end;
using test_support::ustar_entry;

class PackageArchive : public ::testing::Test {
 protected:
  void SetUp() override {
    work_ = fs::temp_directory_path() / ("hc_archive_test_" + std::to_string(::getpid()));
    fs::create_directories(work_);
  }
  void TearDown() override { fs::remove_all(work_); }
  fs::path work_;
};

const ArchiveEntry* find(const std::vector<ArchiveEntry>& entries, const std::string& path) {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const ArchiveEntry& e) { return e.path == path; });
  return it == entries.end() ? nullptr : &*it;
}

// The reader's error message, or "accepted".
std::string refusal(const std::string& package) {
  try {
    read_package_archive(package);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "accepted";
}

TEST_F(PackageArchive, ReadsWhatTarWritesInEveryFormat) {
  for (const std::string format : {"gnu", "ustar", "pax"}) {
    const auto entries = read_package_archive(release_package(work_, "r-" + format, "v2", format));
    const ArchiveEntry* bin = find(entries, "bin/headcount");
    ASSERT_NE(bin, nullptr) << format;
    EXPECT_EQ(bin->content, "#!/bin/sh\necho v2\n");
    EXPECT_EQ(bin->mode, 0755u);
    EXPECT_FALSE(bin->directory);
    const ArchiveEntry* web = find(entries, "share/headcount/web");
    ASSERT_NE(web, nullptr) << format;
    EXPECT_TRUE(web->directory);
    ASSERT_NE(find(entries, "share/headcount/web/index.html"), nullptr);
  }
}

TEST_F(PackageArchive, LongNamesThroughGnuAndPax) {
  const std::string deep = std::string(60, 'a') + "/" + std::string(60, 'b') + "/file.txt";
  for (const std::string format : {"gnu", "pax"}) {
    fs::create_directories(work_ / format / fs::path(deep).parent_path());
    std::ofstream(work_ / format / deep) << "deep";
    const auto out = work_ / (format + ".tar");
    ASSERT_EQ(std::system(("tar --format=" + format + " -cf '" + out.string() + "' -C '" + (work_ / format).string() +
                           "' .").c_str()), 0);
    const auto entries = read_package_archive(test_support::slurp_bytes(out));
    const ArchiveEntry* e = find(entries, deep);
    ASSERT_NE(e, nullptr) << format;
    EXPECT_EQ(e->content, "deep");
  }
}

TEST_F(PackageArchive, RefusesLinksEscapesAndDamage) {
  EXPECT_NE(refusal(ustar_entry("bin/headcount", "", '2', 0777, "/bin/sh") + ustar_end()).find("only files and directories"),
            std::string::npos);
  EXPECT_NE(refusal(ustar_entry("x", "", '1', 0644, "y") + ustar_end()).find("'x'"), std::string::npos);
  EXPECT_NE(refusal(ustar_entry("../etc/passwd", "x") + ustar_end()).find("'..' not allowed"), std::string::npos);
  EXPECT_NE(refusal(ustar_entry("bin/../../x", "x") + ustar_end()).find("'..' not allowed"), std::string::npos);
  EXPECT_NE(refusal(ustar_entry("/etc/passwd", "x") + ustar_end()).find("absolute"), std::string::npos);
  // A bad checksum on the first header makes the bytes unrecognisable as tar; on a later one it is
  // reported as the damaged header it is.
  std::string damaged_first = ustar_entry("a.txt", "hello") + ustar_end();
  damaged_first[3] ^= 1;
  EXPECT_NE(refusal(damaged_first).find("not a tar archive"), std::string::npos);
  std::string damaged = ustar_entry("a.txt", "hello") + ustar_entry("b.txt", "hello") + ustar_end();
  damaged[1024 + 3] ^= 1;
  EXPECT_NE(refusal(damaged).find("checksum"), std::string::npos);
  const std::string whole = ustar_entry("a.txt", std::string(2000, 'x')) + ustar_end();
  EXPECT_NE(refusal(whole.substr(0, 1024)).find("truncated"), std::string::npos);
  EXPECT_NE(refusal("not a tar at all").find("not a tar archive"), std::string::npos);
  EXPECT_NE(refusal(std::string("\x1f\x8b", 2) + "garbage").find("gzip"), std::string::npos);
  EXPECT_NE(refusal(ustar_entry("fifo", "", '6') + ustar_end()).find("only files and directories"), std::string::npos);
  const auto ok = read_package_archive(ustar_entry("./a//b.txt", "hi") + ustar_end());
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].path, "a/b.txt");
}

TEST_F(PackageArchive, NamesGzipForACutCompressedPackage) {
  const std::string whole = release_package(work_, "r", "v2");
  EXPECT_NE(refusal(whole.substr(0, whole.size() / 2)).find("gzip"), std::string::npos);
}

}  // namespace
}  // namespace hc::system
