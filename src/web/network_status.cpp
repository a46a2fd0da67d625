// Network status from the OS. getifaddrs(3) lists every address of every interface (O(addresses));
// /proc/net/route holds the IPv4 routes as little-endian hex (proc(5)); resolv.conf(5) the DNS.
#include "web/network_status.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace hc::web {

namespace {
using json = nlohmann::json;

std::string whole_file(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int prefix_length(const sockaddr* mask) {
  if (!mask) return 0;
  int bits = 0;
  const auto* b = mask->sa_family == AF_INET
                      ? reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in*>(mask)->sin_addr)
                      : reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr);
  const int n = mask->sa_family == AF_INET ? 4 : 16;
  for (int i = 0; i < n; ++i) bits += __builtin_popcount(b[i]);
  return bits;
}

// "a.b.c.d/nn" or "x:y::z/nn"; empty for other families.
std::string address_of(const ifaddrs& a) {
  char buf[INET6_ADDRSTRLEN] = {0};
  const int family = a.ifa_addr->sa_family;
  const void* src = family == AF_INET
                        ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(a.ifa_addr)->sin_addr)
                        : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(a.ifa_addr)->sin6_addr);
  if (!inet_ntop(family, src, buf, sizeof buf)) return {};
  return std::string(buf) + "/" + std::to_string(prefix_length(a.ifa_netmask));
}
}  // namespace

std::string read_first_line(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::string s;
  std::getline(in, s);
  return s;
}

bool interface_up(const std::string& operstate, const std::string& flags) {
  if (operstate == "up") return true;
  if (operstate != "unknown") return false;
  char* end = nullptr;
  const unsigned long bits = std::strtoul(flags.c_str(), &end, 16);
  return end != flags.c_str() && (bits & IFF_UP) != 0;
}

std::optional<DefaultRoute> parse_default_route(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);  // header
  std::optional<DefaultRoute> best;
  long best_metric = 0;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string iface, dest, gw, flags, refcnt, use;
    long metric = 0;
    if (!(f >> iface >> dest >> gw >> flags >> refcnt >> use >> metric)) continue;
    if (dest != "00000000" || gw.size() != 8) continue;
    // The kernel writes the address in host (little-endian) order: "010200C0" is 192.0.2.1.
    in_addr a{};
    a.s_addr = static_cast<in_addr_t>(std::stoul(gw, nullptr, 16));
    char buf[INET_ADDRSTRLEN] = {0};
    inet_ntop(AF_INET, &a, buf, sizeof buf);
    if (!best || metric < best_metric) {
      best = DefaultRoute{iface, buf};
      best_metric = metric;
    }
  }
  return best;
}

std::vector<std::string> parse_nameservers(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string key, value;
    if (f >> key >> value && key == "nameserver") out.push_back(value);
  }
  return out;
}

json read_network_status(const std::filesystem::path& sys_class_net, const std::filesystem::path& proc_net_route,
                         const std::filesystem::path& resolv_conf) {
  std::map<std::string, json> ifs;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(sys_class_net, ec)) {
    const std::string name = e.path().filename().string();
    ifs[name] = {{"name", name}, {"mac", read_first_line(e.path() / "address")},
                 {"up", interface_up(read_first_line(e.path() / "operstate"), read_first_line(e.path() / "flags"))}, {"ipv4", json::array()}, {"ipv6", json::array()}};
  }
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) == 0) {
    for (const ifaddrs* a = list; a; a = a->ifa_next) {
      if (!a->ifa_addr || (a->ifa_addr->sa_family != AF_INET && a->ifa_addr->sa_family != AF_INET6)) continue;
      auto it = ifs.find(a->ifa_name);
      if (it == ifs.end()) continue;
      it->second[a->ifa_addr->sa_family == AF_INET ? "ipv4" : "ipv6"].push_back(address_of(*a));
    }
    freeifaddrs(list);
  }
  json interfaces = json::array();
  for (auto& [name, j] : ifs) interfaces.push_back(std::move(j));
  auto route = parse_default_route(whole_file(proc_net_route));
  return {{"interfaces", std::move(interfaces)},
          {"default_gateway", route ? json(route->gateway) : json(nullptr)},
          {"gateway_interface", route ? json(route->interface) : json(nullptr)},
          {"dns", parse_nameservers(whole_file(resolv_conf))}};
}

}  // namespace hc::web
