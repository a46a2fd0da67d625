// Bookkeeping of the MQTT sender's window: which message id each published payload got, which
// ones were acknowledged, and how long the acknowledged prefix (in publish order) is. O(1) per
// message; ids come from libmosquitto (1..65535, wrapping), unique among those in flight.
#pragma once

#include <cstddef>
#include <unordered_map>
#include <vector>

namespace hc::transport {

struct InFlight {
  explicit InFlight(std::size_t n) : acked(n, false) {}

  void published(int mid) { index_of[mid] = next++; }

  // Marks the acknowledged ids (and clears `mids`); true when the prefix grew.
  bool take(std::vector<int>& mids) {
    for (const int mid : mids) {
      const auto it = index_of.find(mid);
      if (it == index_of.end()) continue;  // not ours (e.g. from before a reconnect)
      acked[it->second] = true;
      index_of.erase(it);
    }
    mids.clear();
    const std::size_t before = done;
    while (done < next && acked[done]) ++done;
    return done > before;
  }

  std::size_t next = 0;  // payloads published
  std::size_t done = 0;  // leading payloads acknowledged
  std::vector<bool> acked;
  std::unordered_map<int, std::size_t> index_of;  // message id -> payload index, while in flight
};

}  // namespace hc::transport
