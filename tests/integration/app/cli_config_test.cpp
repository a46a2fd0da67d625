// `headcount config validate|defaults`, run as a child process with stdout and stderr captured.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;

struct ProcessResult {
  int status = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class CliConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("hc_cli_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    if (!fs::exists(kBinary)) GTEST_SKIP() << kBinary << " is not built";
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs headcount with `args`, no shell involved.
  ProcessResult run(const std::vector<std::string>& args) const {
    const fs::path out = dir_ / "stdout", err = dir_ / "stderr";
    const pid_t pid = ::fork();
    if (pid == 0) {
      std::vector<char*> argv;
      std::string bin = kBinary;
      argv.push_back(bin.data());
      std::vector<std::string> copy = args;
      for (auto& a : copy) argv.push_back(a.data());
      argv.push_back(nullptr);
      if (!std::freopen(out.c_str(), "w", stdout) || !std::freopen(err.c_str(), "w", stderr)) ::_exit(125);
      ::execv(bin.c_str(), argv.data());
      ::_exit(126);
    }
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    return {WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1, slurp(out), slurp(err)};
  }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }

  static constexpr const char* kBinary = HC_BINARY_DIR "/src/app/headcount";
  fs::path dir_;
};

TEST_F(CliConfig, ValidFile) {
  const auto f = write("ok.json", R"({"rules": {"tracking_mode": "feet"}})");
  const auto r = run({"config", "validate", f.string()});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, f.string() + ": valid\n");
  EXPECT_EQ(r.err, "");
}

TEST_F(CliConfig, InvalidFilePrintsPathNamedErrors) {
  const auto f = write("bad.json", R"({"rules": {"lines": [{"points": [[10,10],[50,50],[90,10],[130,50],[170,10],[210,50]]}],
    "tracking_mode": "toes"}, "extra": 1})");
  const auto r = run({"config", "validate", f.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, f.string() + ": extra: unknown key\n" + f.string() + ": rules.lines[0].points: 5 segments, at most 4\n" +
                       f.string() + ": rules.tracking_mode: \"toes\" is not one of: heads, feet\n");
}

TEST_F(CliConfig, MalformedJsonNamesLine) {
  const auto f = write("broken.json", "{\n  \"rules\": ]\n}\n");
  const auto r = run({"config", "validate", f.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind(f.string() + ":2:12: invalid JSON: ", 0), 0u) << r.err;
}

TEST_F(CliConfig, MissingFile) {
  const auto r = run({"config", "validate", (dir_ / "absent.json").string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, (dir_ / "absent.json").string() + ": cannot open: No such file or directory\n");
}

TEST_F(CliConfig, PrintWritesTheCompletedDocument) {
  const auto f = write("line.json", R"({"rules": {"lines": [{"points": [[10,10],[100,10]]}]}})");
  const auto r = run({"config", "validate", f.string(), "--print"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, f.string() + ": valid\n");
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["rules"]["installation_height_m"], 3.0);
  EXPECT_EQ(doc["rules"]["lines"][0]["uuid"].get<std::string>().size(), 36u);
  // The printed document is itself valid.
  const auto again = write("printed.json", r.out);
  EXPECT_EQ(run({"config", "validate", again.string()}).status, 0);
}

TEST_F(CliConfig, DefaultsAreValid) {
  const auto r = run({"config", "defaults"});
  ASSERT_EQ(r.status, 0);
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["version"], 1);
  EXPECT_EQ(doc["rules"]["lines"], nlohmann::json::array());
  const auto f = write("defaults.json", r.out);
  EXPECT_EQ(run({"config", "validate", f.string()}).status, 0);
}

TEST_F(CliConfig, UsageErrors) {
  EXPECT_NE(run({"config"}).status, 0);
  EXPECT_NE(run({"config", "validate"}).status, 0);
}

}  // namespace
