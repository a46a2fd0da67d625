// Outbox enqueue-and-deliver throughput on loopback: a Recipient fed through its persistent outbox,
// delivering to a cpp-httplib receiver (acknowledged by 2xx) or to a real mosquitto broker
// (acknowledged by PUBACK/PUBCOMP). Every payload carries its sequence number; the receiving side
// checks that all arrived in order (counter in_order = 1) and counts them (received).
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <sys/resource.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "transport/recipient.h"
#include "unit/transport/test_support.h"

namespace {

using hc::transport::test::Broker;
using hc::transport::test::BrokerOptions;
using hc::transport::test::Subscriber;
using hc::transport::test::TempDir;

// `n` distinct 600-byte payloads (about a line trigger report), "<seq> xxx...".
std::vector<std::string> payloads(int n) {
  std::vector<std::string> out;
  out.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    std::string p = std::to_string(i) + ' ';
    p.resize(600, 'x');
    out.push_back(std::move(p));
  }
  return out;
}

// Whether the received payloads are 0, 1, 2, ... (a duplicate of the previous one allowed: at
// least once) and complete.
bool in_order(const std::vector<std::string>& got, int n) {
  int expect = 0;
  for (const std::string& p : got) {
    const int seq = std::stoi(p);
    if (seq == expect - 1) continue;
    if (seq != expect) return false;
    ++expect;
  }
  return expect == n;
}

// CPU seconds used so far by every thread of this process (the sender, the enqueuing thread, and the
// in-process HTTP receiver or MQTT subscriber; not the broker): less sensitive to the machine's load
// than the rates.
double process_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  const auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return s(u.ru_utime) + s(u.ru_stime);
}

// Enqueues `state.range(0)` reports, `state.range(1)` per enqueue call (one transaction each), to a
// fresh recipient and waits until its outbox is empty; the clock runs from the first enqueue.
// `state.range(1)` 0: the whole backlog is queued before the recipient starts and the clock starts
// with it (delivery alone, as after an outage).
void enqueue_and_deliver(benchmark::State& state, const std::function<std::unique_ptr<hc::transport::Sender>()>& sender) {
  const int k = static_cast<int>(state.range(0));
  const std::vector<std::string> all = payloads(k);
  const auto per_call = state.range(1) == 0 ? static_cast<std::ptrdiff_t>(k) : static_cast<std::ptrdiff_t>(state.range(1));
  std::vector<std::vector<std::string>> calls;
  for (auto it = all.begin(); it != all.end(); it += std::min(per_call, all.end() - it))
    calls.emplace_back(it, it + std::min(per_call, all.end() - it));
  for (auto _ : state) {
    TempDir dir("transport_bench");
    hc::store::Store store({dir.path() / "hc.db"});
    if (state.range(1) == 0) store.outbox_push("bench", all);
    const auto t0 = std::chrono::steady_clock::now();
    const double cpu0 = process_cpu_s();
    hc::transport::Recipient r("bench", sender(), store);
    if (state.range(1) != 0)
      for (const auto& c : calls) r.enqueue(c);
    const double queued = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r.wait_idle(std::chrono::seconds(300))) state.SkipWithError("not delivered within 300 s");
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.counters["cpu_us_per_report"] = (process_cpu_s() - cpu0) * 1e6 / k;
    if (state.range(1) != 0) state.counters["enqueue_per_s"] = k / queued;
    state.counters["reports_per_s"] = k / secs;
  }
}

// A loopback receiver keeping every body in arrival order.
struct HttpReceiver {
  explicit HttpReceiver(int keep_alive_max) {
    srv.set_keep_alive_max_count(static_cast<size_t>(keep_alive_max));
    srv.Post("/r", [this](const httplib::Request& req, httplib::Response& res) {
      std::lock_guard lk(mu);
      got.push_back(req.body);
      res.status = 200;
    });
    port = srv.bind_to_any_port("127.0.0.1");
    th = std::thread([this] { srv.listen_after_bind(); });
    while (!srv.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~HttpReceiver() {
    srv.stop();
    th.join();
  }
  httplib::Server srv;
  std::thread th;
  int port = 0;
  std::mutex mu;
  std::vector<std::string> got;
};

// Args: reports, reports per enqueue call (1: one trigger report per frame; 16: a busy frame; 0: a
// backlog, see enqueue_and_deliver),
// requests the receiver serves per keep-alive connection (cpp-httplib's default is 5; Apache
// httpd's 100, nginx's 1,000).
void BM_OutboxHttpLoopback(benchmark::State& state) {
  HttpReceiver rx(static_cast<int>(state.range(2)));
  enqueue_and_deliver(state, [&] {
    hc::transport::HttpSettings s;
    s.url = "http://127.0.0.1:" + std::to_string(rx.port) + "/r";
    return hc::transport::make_http_sender(s);
  });
  std::lock_guard lk(rx.mu);
  state.counters["received"] = static_cast<double>(rx.got.size());
  state.counters["in_order"] = in_order(rx.got, static_cast<int>(state.range(0)));
}
BENCHMARK(BM_OutboxHttpLoopback)
    ->ArgNames({"reports", "per_enqueue", "keepalive"})
    ->Args({5000, 1, 5})
    ->Args({5000, 1, 100})
    ->Args({5000, 16, 100})
    ->Args({5000, 0, 100})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

// Args: reports, reports per enqueue call, QoS, max_inflight (1: one message at a time). A
// subscriber on the broker receives every message (the broker forwards while it acknowledges); the
// broker queues for it without limit (mosquitto drops beyond 1,000 queued for a slow subscriber by
// default, which would make the order check meaningless). Broker otherwise as installed (Nagle on).
void BM_OutboxMqttLoopback(benchmark::State& state) {
  BrokerOptions bo;
  bo.password = false;
  bo.extra_conf = "max_queued_messages 0\n";
  Broker broker(bo);
  if (!broker.ok()) {
    state.SkipWithError("mosquitto could not be started");
    for (auto _ : state) {
    }
    return;
  }
  Subscriber sub(broker.port(), "hc/#", false);
  enqueue_and_deliver(state, [&] {
    hc::transport::MqttSettings s;
    s.host = "127.0.0.1";
    s.port = broker.port();
    s.topic = "hc/bench";
    s.qos = static_cast<int>(state.range(2));
    s.max_inflight = static_cast<int>(state.range(3));
    return hc::transport::make_mqtt_sender(s);
  });
  const auto k = static_cast<std::size_t>(state.range(0));
  hc::transport::test::wait_until([&] { return sub.count() >= k; }, 30);
  const auto got = sub.messages();
  state.counters["received"] = static_cast<double>(got.size());
  state.counters["in_order"] = in_order(got, static_cast<int>(k));
}
BENCHMARK(BM_OutboxMqttLoopback)
    ->ArgNames({"reports", "per_enqueue", "qos", "inflight"})
    ->Args({5000, 1, 1, 1})
    ->Args({5000, 1, 1, 20})
    ->Args({5000, 16, 1, 20})
    ->Args({5000, 0, 1, 20})
    ->Args({5000, 0, 1, 1})
    ->Args({5000, 1, 2, 20})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

// The store's share of a delivery: peek 64, acknowledge each item in its own call (as the recipient
// does for one report at a time), no network.
void BM_OutboxPeekAckOnly(benchmark::State& state) {
  const std::vector<std::string> all = payloads(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    TempDir dir("transport_bench_ack");
    hc::store::Store store({dir.path() / "hc.db"});
    store.outbox_push("bench", all);
    const auto t0 = std::chrono::steady_clock::now();
    for (;;) {
      const auto items = store.outbox_peek("bench", 64);
      if (items.empty()) break;
      for (const auto& it : items) store.outbox_ack("bench", it.id);
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.counters["acks_per_s"] = static_cast<double>(all.size()) / secs;
  }
}
BENCHMARK(BM_OutboxPeekAckOnly)->Arg(5000)->Iterations(1)->Unit(benchmark::kSecond);

// The store's share of an enqueue: one report per push (one transaction each), no recipient.
void BM_OutboxPushOnly(benchmark::State& state) {
  const std::vector<std::string> all = payloads(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    TempDir dir("transport_bench_push");
    hc::store::Store store({dir.path() / "hc.db"});
    const auto t0 = std::chrono::steady_clock::now();
    for (const std::string& p : all) store.outbox_push("bench", p);
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.counters["pushes_per_s"] = static_cast<double>(all.size()) / secs;
  }
}
BENCHMARK(BM_OutboxPushOnly)->Arg(5000)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
