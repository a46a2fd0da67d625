// Configuration files: parsing with file/line errors, atomic replacement (temp file + fsync + rename
// + directory fsync, the POSIX recipe for crash-safe replacement), and secret stripping for exports.
#include "config/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hc::config {
namespace {

std::string errno_text() { return std::strerror(errno); }

// 1-based line and column of a byte offset, for parse errors.
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

void write_all(int fd, const std::string& data, const std::string& name) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error(name + ": write failed: " + errno_text());
    }
    done += static_cast<std::size_t>(n);
  }
}

void strip(nlohmann::json& v) {
  static const char* const kSecretKeys[] = {"password", "client_key", "pin"};
  if (v.is_object()) {
    for (auto& [key, child] : v.items()) {
      bool secret = false;
      for (const char* s : kSecretKeys) secret = secret || key == s;
      if (secret && child.is_string()) {
        child = "";
      } else {
        strip(child);
      }
    }
  } else if (v.is_array()) {
    for (auto& child : v) strip(child);
  }
}

}  // namespace

ValidationResult load_file(const std::filesystem::path& path) {
  ValidationResult result;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.errors.push_back({"", path.string() + ": cannot open: " + errno_text()});
    return result;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is the 1-based position just past the offending character.
    const auto [line, column] = line_column(text, e.byte > 0 ? e.byte - 1 : 0);
    std::string what = e.what();
    // Drop nlohmann's "[json.exception...] parse error at line L, column C: " prefix: we print L:C.
    if (auto pos = what.find("column "); pos != std::string::npos) {
      if (auto colon = what.find(": ", pos); colon != std::string::npos) what = what.substr(colon + 2);
    }
    result.errors.push_back({"", path.string() + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                     ": invalid JSON: " + what});
    return result;
  }
  return validate(document);
}

void save_atomic(const std::filesystem::path& path, const nlohmann::json& document) {
  const std::string name = path.string();
  std::string data;
  try {
    data = document.dump(2) + "\n";
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(name + ": cannot serialise the document: " + e.what());
  }
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  std::string tmp = (dir / ("." + path.filename().string() + ".tmp-XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) throw std::runtime_error(name + ": cannot create a temporary file in " + dir.string() + ": " + errno_text());
  try {
    write_all(fd, data, name);
    if (::fsync(fd) != 0) throw std::runtime_error(name + ": fsync failed: " + errno_text());
    if (::fchmod(fd, 0644) != 0) throw std::runtime_error(name + ": chmod failed: " + errno_text());
    if (::close(fd) != 0) {
      ::unlink(tmp.c_str());
      throw std::runtime_error(name + ": close failed: " + errno_text());
    }
  } catch (...) {
    ::close(fd);
    ::unlink(tmp.c_str());
    throw;
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = errno_text();
    ::unlink(tmp.c_str());
    throw std::runtime_error(name + ": cannot replace: " + why);
  }
  // The rename itself is durable only once the directory entry is flushed.
  const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
}

nlohmann::json without_secrets(const nlohmann::json& document) {
  nlohmann::json copy = document;
  strip(copy);
  return copy;
}

}  // namespace hc::config
