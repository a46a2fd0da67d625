// Test support for the web integration tests of the live view and system routes: a server on
// loopback with an activated admin, a logged-in client, streams read until a condition, and
// X.509 certificates made with OpenSSL.
#pragma once

#include "web/server.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

namespace hc::web::test_support {

using json = nlohmann::json;
inline constexpr const char* kAdminPassword = "Admin-Pass-1";

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::string s(std::filesystem::exists(p) ? std::filesystem::file_size(p) : 0, '\0');
  in.read(s.data(), static_cast<std::streamsize>(s.size()));
  return s;
}

// A browser: session cookie and CSRF token after login, or anonymous.
class Admin {
 public:
  explicit Admin(int port, bool login = true, const std::string& user = "admin", const std::string& password = kAdminPassword)
      : port_(port), http_(std::make_unique<httplib::Client>("127.0.0.1", port)) {
    if (!login) return;
    auto r = http_->Post("/api/v1/auth/login", json{{"username", user}, {"password", password}}.dump(), "application/json");
    if (!r || r->status != 200) throw std::runtime_error("test login failed for " + user);
    headers_.emplace("X-CSRF-Token", json::parse(r->body)["csrf"].get<std::string>());
    std::string cookies;
    for (auto& [k, v] : r->headers)
      if (k == "Set-Cookie") cookies += (cookies.empty() ? "" : "; ") + v.substr(0, v.find(';'));
    headers_.emplace("Cookie", cookies);
  }
  httplib::Result call(const std::string& method, const std::string& path, const std::string& body = "{}") {
    if (method == "GET") return http_->Get(path, headers_);
    if (method == "PUT") return http_->Put(path, headers_, body, "application/json");
    if (method == "DELETE") return http_->Delete(path, headers_);
    return http_->Post(path, headers_, body, "application/json");
  }
  int status(const std::string& method, const std::string& path, const std::string& body = "{}") {
    auto r = call(method, path, body);
    return r ? r->status : -1;
  }
  httplib::Result multipart(const std::string& path, const httplib::MultipartFormDataItems& items) {
    return http_->Post(path, headers_, items);
  }
  // Reads a streaming response until `done(received)` holds (or 10 s pass, so a broken stream
  // fails the test's expectations instead of hanging it). `ended_by_server`: whether the server
  // closed the stream before that.
  std::string read_stream(const std::string& path, const std::function<bool(const std::string&)>& done,
                          std::string* content_type = nullptr, bool* ended_by_server = nullptr) {
    std::string got;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    auto result = http_->Get(
        path, headers_,
        [&](const httplib::Response& res) {
          if (content_type) *content_type = res.get_header_value("Content-Type");
          return true;
        },
        [&](const char* data, size_t n) {
          got.append(data, n);
          return !done(got) && std::chrono::steady_clock::now() < deadline;
        });
    if (ended_by_server) *ended_by_server = result.error() == httplib::Error::Success;
    return got;
  }
  std::string read_stream(const std::string& path, const std::string& until, std::string* content_type = nullptr) {
    return read_stream(path, [&](const std::string& s) { return s.find(until) != std::string::npos; }, content_type);
  }
  // Adds a viewer "v" and returns its logged-in client.
  Admin add_viewer() {
    const char* pw = "viewer-pass-2";
    if (status("POST", "/api/v1/users", json{{"username", "v"}, {"password", pw}, {"role", "viewer"}}.dump()) != 200)
      throw std::runtime_error("test: cannot add viewer");
    return Admin(port_, true, "v", pw);
  }

 private:
  int port_;
  std::unique_ptr<httplib::Client> http_;
  httplib::Headers headers_;
};

// The real server on free loopback ports (HTTP and HTTPS) over a fresh data directory, activated.
template <typename Live>
class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("hc_web_live_" + std::to_string(std::random_device{}()));
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(config::ConfigStore::open(dir_ / "config.json", store_).ok());
    restart();
    json activation = {{"password", kAdminPassword},
                       {"security_questions", json::array({{{"question", "a"}, {"answer", "1"}},
                                                           {{"question", "b"}, {"answer", "2"}},
                                                           {{"question", "c"}, {"answer", "3"}}})}};
    auto r = httplib::Client("127.0.0.1", port()).Post("/api/v1/auth/activate", activation.dump(), "application/json");
    ASSERT_TRUE(r && r->status == 200);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Stops the server (if running) and starts a new one on the same data directory.
  void restart() {
    server_.reset();
    server_ = std::make_unique<WebServer>(ServerOptions{dir_, "", "127.0.0.1", -1, -1}, *store_, live_);
    server_->start();
  }
  int port() const { return server_->http_port(); }
  std::filesystem::path dir_;
  std::unique_ptr<config::ConfigStore> store_;
  Live live_;
  std::unique_ptr<WebServer> server_;
};

struct CertificatePair { std::string cert_pem, key_pem; };

// A self-signed P-256 certificate for 127.0.0.1 (CN and subjectAltName), valid from an hour ago
// (or, when valid_for_s < 0, from two hours ago) until now + valid_for_s.
inline CertificatePair make_certificate(long valid_for_s) {
  std::unique_ptr<EVP_PKEY, void (*)(EVP_PKEY*)> key(EVP_EC_gen("P-256"), EVP_PKEY_free);
  std::unique_ptr<X509, void (*)(X509*)> x(X509_new(), X509_free);
  X509_set_version(x.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(x.get()), std::random_device{}() & 0x7fffffff);
  X509_gmtime_adj(X509_getm_notBefore(x.get()), valid_for_s < 0 ? -7200 : -3600);
  X509_gmtime_adj(X509_getm_notAfter(x.get()), valid_for_s);
  X509_set_pubkey(x.get(), key.get());
  X509_NAME* name = X509_get_subject_name(x.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, x.get(), x.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "IP:127.0.0.1");
  X509_add_ext(x.get(), san, -1);
  X509_EXTENSION_free(san);
  X509_sign(x.get(), key.get(), EVP_sha256());
  auto pem = [](auto write) {
    BIO* b = BIO_new(BIO_s_mem());
    write(b);
    char* data = nullptr;
    long n = BIO_get_mem_data(b, &data);
    std::string s(data, static_cast<size_t>(n));
    BIO_free(b);
    return s;
  };
  return {pem([&](BIO* b) { PEM_write_bio_X509(b, x.get()); }),
          pem([&](BIO* b) { PEM_write_bio_PrivateKey(b, key.get(), nullptr, nullptr, 0, nullptr, nullptr); })};
}

}  // namespace hc::web::test_support
