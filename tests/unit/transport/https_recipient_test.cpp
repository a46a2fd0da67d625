// HTTPS sender against a loopback cpp-httplib SSLServer with a CA, server and client certificates
// made by the test with openssl: verified against the custom CA ("self_signed"), rejected without
// it; with a server that requires a client certificate (mutual TLS), accepted only with one.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <memory>
#include <thread>

#include "test_support.h"
#include "transport/recipient.h"

using namespace hc::transport;
using namespace hc::transport::test;

namespace {

// An HTTPS receiver on a free loopback port counting the POSTs to /r; with client_ca it requires
// a client certificate signed by that CA.
class TlsReceiver {
 public:
  TlsReceiver(const fs::path& d, bool client_ca)
      : srv_(client_ca ? std::make_unique<httplib::SSLServer>((d / "srv.pem").c_str(), (d / "srv.key").c_str(),
                                                              (d / "ca.pem").c_str())
                       : std::make_unique<httplib::SSLServer>((d / "srv.pem").c_str(), (d / "srv.key").c_str())) {
    srv_->Post("/r", [this](const httplib::Request&, httplib::Response& res) {
      ++got;
      res.status = 204;
    });
    port_ = srv_->bind_to_any_port("127.0.0.1");
    th_ = std::thread([this] { srv_->listen_after_bind(); });
    for (int i = 0; i < 5000 && !srv_->is_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~TlsReceiver() {
    srv_->stop();
    th_.join();
  }
  bool valid() const { return srv_->is_valid(); }
  // Settings verifying the server against the test CA.
  HttpSettings settings(const fs::path& d) const {
    HttpSettings s;
    s.url = "https://127.0.0.1:" + std::to_string(port_) + "/r";
    s.timeout_ms = 5000;
    s.tls.self_signed = true;
    s.tls.ca_cert = slurp(d / "ca.pem");
    return s;
  }
  std::atomic<int> got{0};

 private:
  std::unique_ptr<httplib::SSLServer> srv_;
  std::thread th_;
  int port_ = 0;
};

}  // namespace

TEST(HttpsSender, VerifiesAgainstCustomCaAndRejectsUnknownCa) {
  TempDir dir("https");
  if (!make_test_certs(dir.path())) GTEST_SKIP() << "openssl could not make test certificates";
  TlsReceiver rx(dir.path(), false);
  ASSERT_TRUE(rx.valid());
  const HttpSettings s = rx.settings(dir.path());
  const SendResult ok = make_http_sender(s)->send("{\"a\":1}");
  EXPECT_TRUE(ok.ok) << ok.error;
  EXPECT_EQ(rx.got.load(), 1);

  HttpSettings untrusted = s;
  untrusted.tls = {};  // system CAs: the test CA is unknown
  const SendResult bad = make_http_sender(untrusted)->send("{\"a\":1}");
  EXPECT_FALSE(bad.ok);
  EXPECT_FALSE(bad.error.empty());
  EXPECT_EQ(rx.got.load(), 1);
}

TEST(HttpsSender, MutualTlsPresentsTheClientCertificate) {
  TempDir dir("https_mutual");
  if (!make_test_certs(dir.path())) GTEST_SKIP() << "openssl could not make test certificates";
  TlsReceiver rx(dir.path(), true);
  ASSERT_TRUE(rx.valid());
  HttpSettings s = rx.settings(dir.path());
  const SendResult without = make_http_sender(s)->send("{}");
  EXPECT_FALSE(without.ok);
  EXPECT_FALSE(without.error.empty());
  EXPECT_EQ(rx.got.load(), 0);
  s.tls.client_cert = slurp(dir.path() / "client.pem");
  s.tls.client_key = slurp(dir.path() / "client.key");
  const SendResult with = make_http_sender(s)->send("{}");
  EXPECT_TRUE(with.ok) << with.error;
  EXPECT_EQ(rx.got.load(), 1);
}
