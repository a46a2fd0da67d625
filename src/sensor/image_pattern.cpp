// printf-pattern expansion; O(files).
#include "sensor/image_pattern.h"

#include <opencv2/core/utility.hpp>

#include <cctype>
#include <stdexcept>
#include <filesystem>

namespace hc::sensor {

std::vector<std::string> expand_image_pattern(const std::string& pattern) {
  std::vector<std::string> out;
  if (pattern.find('%') == std::string::npos) {
    if (pattern.find('*') != std::string::npos) {
      std::vector<cv::String> files;
      cv::glob(pattern, files, false);
      out.assign(files.begin(), files.end());
    } else if (std::filesystem::exists(pattern)) {
      out.push_back(pattern);
    }
    return out;
  }
  // Only one "%[0][width]d" conversion is accepted: the pattern comes from the user, so it is
  // never handed to printf.
  const size_t pct = pattern.find('%');
  size_t k = pct + 1;
  const bool zero = k < pattern.size() && pattern[k] == '0';
  if (zero) ++k;
  int width = 0;
  while (k < pattern.size() && std::isdigit(static_cast<unsigned char>(pattern[k])))
    width = width * 10 + (pattern[k++] - '0');
  if (k >= pattern.size() || pattern[k] != 'd' || pattern.find('%', k) != std::string::npos)
    throw std::invalid_argument(pattern + ": pattern must contain one %d, %0Nd or %Nd");
  const std::string head = pattern.substr(0, pct), tail = pattern.substr(k + 1);
  auto name = [&](int i) {
    std::string n = std::to_string(i);
    if (static_cast<int>(n.size()) < width) n.insert(0, static_cast<size_t>(width) - n.size(), zero ? '0' : ' ');
    return head + n + tail;
  };
  // Numbers may have gaps (OpenCV's sample chessboards lack left10): stop after 20 misses in a row.
  for (int i = 0, misses = 0; misses < 20; ++i) {
    const std::string f = name(i);
    if (std::filesystem::exists(f)) {
      out.push_back(f);
      misses = 0;
    } else {
      ++misses;
    }
  }
  return out;
}

}  // namespace hc::sensor
