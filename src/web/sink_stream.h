// An std::streambuf over cpp-httplib's DataSink, so a writer of std::ostream (the store's CSV
// export) streams straight into a chunked response without building the body in memory. A closed
// connection makes writes fail: with badbit exceptions on, the writer stops at once.
#pragma once

#include <httplib.h>

#include <streambuf>

namespace hc::web {

class SinkStreamBuf : public std::streambuf {
 public:
  explicit SinkStreamBuf(httplib::DataSink& sink) : sink_(sink) { setp(buf_, buf_ + sizeof buf_); }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
    }
    return traits_type::not_eof(c);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool drain() {
    const auto n = static_cast<size_t>(pptr() - pbase());
    if (n > 0 && !sink_.write(pbase(), n)) return false;
    setp(buf_, buf_ + sizeof buf_);
    return true;
  }
  httplib::DataSink& sink_;
  char buf_[64 * 1024];
};

}  // namespace hc::web
