// HTTP(S) sender: one libcurl easy handle reused across POSTs (keep-alive); a delivery is
// acknowledged by a 2xx status. TLS: system CAs (ca_signed) or the PEM CA given in the settings
// plus an optional client certificate and key (self_signed), passed as in-memory blobs.
#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

#include "transport/recipient.h"

namespace hc::transport {

namespace {

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

class HttpSender final : public Sender {
 public:
  explicit HttpSender(HttpSettings s) : s_(std::move(s)) {
    static CurlGlobal global;
    if (s_.url.rfind("http://", 0) != 0 && s_.url.rfind("https://", 0) != 0)
      throw std::invalid_argument("http.url: expected an http:// or https:// URL, got \"" + s_.url + "\"");
    curl_ = curl_easy_init();
    if (!curl_) throw std::runtime_error("http: curl_easy_init failed");
    headers_ = curl_slist_append(nullptr, "Content-Type: application/json");
    // No "Expect: 100-continue" (libcurl adds it to bodies over 1 kB, e.g. periodic reports): it
    // costs a round trip per report, or a 1 s wait on a receiver that ignores it.
    headers_ = curl_slist_append(headers_, "Expect:");
    configure();
  }
  ~HttpSender() override {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(curl_);
  }

  // Options set once: the handle keeps its connection (and TLS session) between reports.
  void configure() {
    CURL* c = curl_;
    curl_easy_setopt(c, CURLOPT_URL, s_.url.c_str());
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(s_.timeout_ms));
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(s_.timeout_ms));
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err_);
    if (!s_.username.empty() || !s_.password.empty()) {
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(c, CURLOPT_USERNAME, s_.username.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, s_.password.c_str());
    }
    curl_blob ca{}, cert{}, key{};
    if (s_.tls.self_signed) {
      if (!s_.tls.ca_cert.empty()) {
        ca = {const_cast<char*>(s_.tls.ca_cert.data()), s_.tls.ca_cert.size(), CURL_BLOB_COPY};
        curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &ca);
      }
      if (!s_.tls.client_cert.empty()) {
        cert = {const_cast<char*>(s_.tls.client_cert.data()), s_.tls.client_cert.size(), CURL_BLOB_COPY};
        curl_easy_setopt(c, CURLOPT_SSLCERT_BLOB, &cert);
        curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, "PEM");
      }
      if (!s_.tls.client_key.empty()) {
        key = {const_cast<char*>(s_.tls.client_key.data()), s_.tls.client_key.size(), CURL_BLOB_COPY};
        curl_easy_setopt(c, CURLOPT_SSLKEY_BLOB, &key);
        curl_easy_setopt(c, CURLOPT_SSLKEYTYPE, "PEM");
      }
    }
  }

  SendResult send(const std::string& payload) override {
    CURL* c = curl_;
    err_[0] = 0;
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, payload.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
    const char* err = err_;
    const CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) return {false, std::string(err[0] ? err : curl_easy_strerror(rc))};
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status >= 300) return {false, "HTTP " + std::to_string(status)};
    return {true, {}};
  }

 private:
  HttpSettings s_;
  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
  char err_[CURL_ERROR_SIZE] = {0};
};

}  // namespace

std::unique_ptr<Sender> make_http_sender(const HttpSettings& s) { return std::make_unique<HttpSender>(s); }

}  // namespace hc::transport
