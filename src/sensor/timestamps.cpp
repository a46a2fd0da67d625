// Parsing and writing of timestamps.csv; O(n) in the number of frames.
#include "sensor/timestamps.h"

#include <charconv>
#include <fstream>
#include <sstream>

#include "sensor/source_error.h"

namespace hc::sensor {

std::string format_timestamp_row(long frame, double t_seconds) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, t_seconds);  // shortest round-trip form
  return std::to_string(frame) + "," + std::string(buf, res.ptr);
}

std::vector<double> read_timestamps(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw SourceError(path, SourceError::kNoFrame, "cannot open timestamps file");
  std::string line;
  if (!std::getline(in, line)) throw SourceError(path, SourceError::kNoFrame, "empty file");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line != "frame,t_seconds")
    throw SourceError(path, SourceError::kNoFrame,
                      "header must be 'frame,t_seconds', found '" + line + "'");
  std::vector<double> times;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto frame = static_cast<int64_t>(times.size());
    const auto comma = line.find(',');
    if (comma == std::string::npos)
      throw SourceError(path, frame, "row '" + line + "' is not 'frame,t_seconds'");
    long number = -1;
    double t = 0.0;
    const char* b = line.data();
    auto r1 = std::from_chars(b, b + comma, number);
    auto r2 = std::from_chars(b + comma + 1, b + line.size(), t);
    if (r1.ec != std::errc{} || r1.ptr != b + comma || r2.ec != std::errc{} ||
        r2.ptr != b + line.size())
      throw SourceError(path, frame, "row '" + line + "' is not 'frame,t_seconds'");
    if (number != frame)
      throw SourceError(path, frame, "frame numbers must run 0,1,2,...; found " +
                                         std::to_string(number));
    if (!times.empty() && !(t > times.back())) {
      std::ostringstream os;
      os << "timestamp " << t << " s is not after the previous frame's " << times.back() << " s";
      throw SourceError(path, frame, os.str());
    }
    times.push_back(t);
  }
  return times;
}

void write_timestamps(const std::string& path, const std::vector<double>& times) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw SourceError(path, SourceError::kNoFrame, "cannot write timestamps file");
  out << "frame,t_seconds\n";
  for (size_t i = 0; i < times.size(); ++i)
    out << format_timestamp_row(static_cast<long>(i), times[i]) << '\n';
  if (!out) throw SourceError(path, SourceError::kNoFrame, "write failed");
}

}  // namespace hc::sensor
