// timestamps.csv of a recording: a header `frame,t_seconds`, then one row per frame with the
// 0-based frame number and its time in seconds, strictly increasing.
#pragma once

#include <string>
#include <vector>

namespace hc::sensor {

// Reads and checks the file: rows numbered 0..n-1 in order, times strictly increasing.
// Throws SourceError naming the file and the offending frame.
std::vector<double> read_timestamps(const std::string& path);
// Writes times with the shortest decimal form that reads back to the same double.
void write_timestamps(const std::string& path, const std::vector<double>& times);
// One row as write_timestamps formats it (without the newline).
std::string format_timestamp_row(long frame, double t_seconds);

}  // namespace hc::sensor
