// Outbox enqueue-and-deliver throughput to a loopback HTTP receiver (cpp-httplib), acknowledged 2xx.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>
#include <vector>

#include "store/store.h"
#include "transport/recipient.h"

namespace fs = std::filesystem;

static void BM_OutboxHttpLoopback(benchmark::State& state) {
  httplib::Server srv;
  std::atomic<int64_t> got{0};
  srv.Post("/r", [&](const httplib::Request&, httplib::Response& res) {
    ++got;
    res.status = 200;
  });
  const int port = srv.bind_to_any_port("127.0.0.1");
  std::thread th([&] { srv.listen_after_bind(); });
  while (!srv.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::ostringstream n;
  n << "hc_transport_bench_" << getpid();
  const auto dir = fs::temp_directory_path() / n.str();
  fs::remove_all(dir);
  const std::string payload(600, 'x');  // about the size of a line trigger report
  for (auto _ : state) {
    hc::store::Store store({dir / "hc.db"});
    hc::transport::HttpSettings s;
    s.url = "http://127.0.0.1:" + std::to_string(port) + "/r";
    hc::transport::Recipient r("bench", hc::transport::make_http_sender(s), store);
    const int k = static_cast<int>(state.range(0));
    const auto per_call = static_cast<std::size_t>(state.range(1));  // reports per enqueue (one transaction)
    const std::vector<std::string> batch(per_call, payload);
    const auto t0 = std::chrono::steady_clock::now();
    const int calls = (k + static_cast<int>(per_call) - 1) / static_cast<int>(per_call);
    for (int i = 0; i < calls; ++i) r.enqueue(batch);
    const double queued = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    r.wait_idle(std::chrono::seconds(300));
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const double sent = static_cast<double>(calls) * static_cast<double>(per_call);
    state.counters["enqueue_per_s"] = sent / queued;
    state.counters["reports_per_s"] = sent / secs;
  }
  state.counters["received"] = static_cast<double>(got.load());
  srv.stop();
  th.join();
  fs::remove_all(dir);
}
// Args: reports, reports per enqueue call (1: one trigger report per frame; 16: a busy frame).
BENCHMARK(BM_OutboxHttpLoopback)->Args({5000, 1})->Args({5000, 16})->Iterations(1)->Unit(benchmark::kSecond);

// The store's share of a delivery: peek 64, acknowledge each item in its own transaction (as the
// recipient does), no network.
static void BM_OutboxPeekAckOnly(benchmark::State& state) {
  std::ostringstream n;
  n << "hc_transport_bench_ack_" << getpid();
  const auto dir = fs::temp_directory_path() / n.str();
  fs::remove_all(dir);
  const std::vector<std::string> payloads(static_cast<std::size_t>(state.range(0)), std::string(600, 'x'));
  for (auto _ : state) {
    hc::store::Store store({dir / "hc.db"});
    store.outbox_push("bench", payloads);
    const auto t0 = std::chrono::steady_clock::now();
    for (;;) {
      const auto items = store.outbox_peek("bench", 64);
      if (items.empty()) break;
      for (const auto& it : items) store.outbox_ack("bench", it.id);
    }
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.counters["acks_per_s"] = static_cast<double>(payloads.size()) / secs;
  }
  fs::remove_all(dir);
}
BENCHMARK(BM_OutboxPeekAckOnly)->Arg(5000)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
