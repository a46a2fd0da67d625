// The Communication page's network status (guide 5.3.1), read from the operating system: each
// interface's MAC, link state and addresses (getifaddrs), the default gateway (/proc/net/route) and
// the DNS servers (/etc/resolv.conf). Nothing is configured here; this only reports.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hc::web {

// The first line of a small text file (sysfs attributes); empty when unreadable.
std::string read_first_line(const std::filesystem::path& path);

struct DefaultRoute {
  std::string interface;
  std::string gateway;  // dotted IPv4
};

// Whether an interface is up, from its sysfs operstate and flags ("0x1003"). The kernel reports
// "unknown" for interfaces without a carrier notion (the loopback, tun, some virtual NICs); those
// count as up when administratively up (IFF_UP in flags).
bool interface_up(const std::string& operstate, const std::string& flags);

// The default IPv4 route of a /proc/net/route text (the lowest metric wins); nullopt when none.
std::optional<DefaultRoute> parse_default_route(const std::string& proc_net_route);
// The "nameserver" addresses of a resolv.conf text, in order.
std::vector<std::string> parse_nameservers(const std::string& resolv_conf);

// {interfaces: [{name, mac, up, ipv4: ["a.b.c.d/prefix"], ipv6: [...]}], default_gateway,
//  gateway_interface, dns: [...]} (gateway fields null when there is no default route).
nlohmann::json read_network_status(const std::filesystem::path& sys_class_net = "/sys/class/net",
                                   const std::filesystem::path& proc_net_route = "/proc/net/route",
                                   const std::filesystem::path& resolv_conf = "/etc/resolv.conf");

}  // namespace hc::web
