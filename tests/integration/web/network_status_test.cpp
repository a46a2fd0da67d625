// Network status from the OS: the default route and DNS parsers on known texts, and the interface
// list from a sysfs-like folder plus getifaddrs (the loopback's 127.0.0.1/8 is always there).
#include "web/network_status.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

namespace hc::web {
namespace {

using json = nlohmann::json;

TEST(NetworkStatus, DefaultRouteIsTheLowestMetricZeroDestination) {
  const std::string route =
      "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
      "wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
      "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
      "eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n";
  auto r = parse_default_route(route);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->interface, "eth0");
  EXPECT_EQ(r->gateway, "192.0.2.1");
  EXPECT_FALSE(parse_default_route("Iface\tDestination\n"));
}

TEST(NetworkStatus, NameserversInOrder) {
  EXPECT_EQ(parse_nameservers("# generated\nsearch lan\nnameserver 192.0.2.53\nnameserver 2001:db8::53\n"),
            (std::vector<std::string>{"192.0.2.53", "2001:db8::53"}));
}

TEST(NetworkStatus, UnknownOperstateIsUpWhenAdministrativelyUp) {
  EXPECT_TRUE(interface_up("up", "0x1003"));
  EXPECT_TRUE(interface_up("unknown", "0x9"));  // the loopback: IFF_UP | IFF_LOOPBACK
  EXPECT_FALSE(interface_up("unknown", "0x8"));
  EXPECT_FALSE(interface_up("unknown", ""));
  EXPECT_FALSE(interface_up("down", "0x1003"));
  EXPECT_FALSE(interface_up("dormant", "0x1003"));
  EXPECT_FALSE(interface_up("", ""));
}

TEST(NetworkStatus, InterfacesFromSysfsWithAddressesFromTheKernel) {
  const auto dir = std::filesystem::temp_directory_path() / ("hc_net_test_" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir / "net" / "lo");
  std::filesystem::create_directories(dir / "net" / "eth9");
  std::ofstream(dir / "net" / "eth9" / "address") << "02:00:00:00:00:09\n";
  std::ofstream(dir / "net" / "eth9" / "operstate") << "down\n";
  std::ofstream(dir / "net" / "lo" / "operstate") << "unknown\n";
  std::ofstream(dir / "net" / "lo" / "flags") << "0x9\n";
  std::ofstream(dir / "route") << "Iface\tDestination\tGateway\tFlags\tRefCnt\tUse\tMetric\n";
  std::ofstream(dir / "resolv.conf") << "nameserver 192.0.2.53\n";
  json j = read_network_status(dir / "net", dir / "route", dir / "resolv.conf");
  std::filesystem::remove_all(dir);
  ASSERT_EQ(j["interfaces"].size(), 2u);
  EXPECT_EQ(j["interfaces"][0], json({{"name", "eth9"}, {"mac", "02:00:00:00:00:09"}, {"up", false},
                                      {"ipv4", json::array()}, {"ipv6", json::array()}}));
  EXPECT_EQ(j["interfaces"][1]["name"], "lo");
  EXPECT_EQ(j["interfaces"][1]["up"], true);
  const json& v4 = j["interfaces"][1]["ipv4"];
  EXPECT_NE(std::find(v4.begin(), v4.end(), "127.0.0.1/8"), v4.end()) << v4;
  EXPECT_TRUE(j["default_gateway"].is_null());
  EXPECT_EQ(j["dns"], json::array({"192.0.2.53"}));
}

}  // namespace
}  // namespace hc::web
