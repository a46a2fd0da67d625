// The one exception type frame sources throw: it names the file and the frame (when known) so a
// bad recording is found without a debugger.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace hc::sensor {

class SourceError : public std::runtime_error {
 public:
  static constexpr int64_t kNoFrame = -1;

  SourceError(std::string file, int64_t frame, const std::string& what)
      : std::runtime_error(compose(file, frame, what)), file_(std::move(file)), frame_(frame) {}

  const std::string& file() const { return file_; }
  int64_t frame() const { return frame_; }  // kNoFrame when the error is not about one frame

 private:
  static std::string compose(const std::string& file, int64_t frame, const std::string& what) {
    std::string s = file;
    if (frame != kNoFrame) s += " (frame " + std::to_string(frame) + ")";
    return s + ": " + what;
  }
  std::string file_;
  int64_t frame_;
};

}  // namespace hc::sensor
