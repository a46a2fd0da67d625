// HTTPS sender against a loopback cpp-httplib SSLServer with a CA and server certificate made by the
// test with openssl: verified against the custom CA ("self_signed"), rejected without it.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "transport/recipient.h"

using namespace hc::transport;
namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Makes ca.pem/ca.key and a server cert for 127.0.0.1 signed by it; false when openssl fails.
bool make_certs(const fs::path& d) {
  std::ostringstream cmd;
  cmd << "cd " << d << " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=hc-test-ca"
      << " -keyout ca.key -out ca.pem >/dev/null 2>&1"
      << " && openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout srv.key -out srv.csr >/dev/null 2>&1"
      << " && printf 'subjectAltName=IP:127.0.0.1' > ext.cnf"
      << " && openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2"
      << " -extfile ext.cnf -out srv.pem >/dev/null 2>&1";
  return std::system(cmd.str().c_str()) == 0;
}

}  // namespace

TEST(HttpsSender, VerifiesAgainstCustomCaAndRejectsUnknownCa) {
  std::ostringstream n;
  n << "hc_https_" << getpid();
  const fs::path d = fs::temp_directory_path() / n.str();
  fs::remove_all(d);
  fs::create_directories(d);
  if (!make_certs(d)) GTEST_SKIP() << "openssl could not make test certificates";
  httplib::SSLServer srv((d / "srv.pem").c_str(), (d / "srv.key").c_str());
  ASSERT_TRUE(srv.is_valid());
  std::atomic<int> got{0};
  srv.Post("/r", [&](const httplib::Request& req, httplib::Response& res) {
    if (req.body == "{\"a\":1}") ++got;
    res.status = 204;
  });
  const int port = srv.bind_to_any_port("127.0.0.1");
  std::thread th([&] { srv.listen_after_bind(); });
  for (int i = 0; i < 5000 && !srv.is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));

  HttpSettings s;
  s.url = "https://127.0.0.1:" + std::to_string(port) + "/r";
  s.timeout_ms = 5000;
  s.tls.self_signed = true;
  s.tls.ca_cert = slurp(d / "ca.pem");
  const SendResult ok = make_http_sender(s)->send("{\"a\":1}");
  EXPECT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(got.load(), 1);

  HttpSettings untrusted = s;
  untrusted.tls = {};  // system CAs: the test CA is unknown
  const SendResult bad = make_http_sender(untrusted)->send("{\"a\":1}");
  EXPECT_FALSE(bad.ok);
  EXPECT_FALSE(bad.error.empty());
  EXPECT_EQ(got.load(), 1);

  srv.stop();
  th.join();
  fs::remove_all(d);
}
