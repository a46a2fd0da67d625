// Outbox enqueue-and-deliver throughput to a loopback HTTP receiver (cpp-httplib), acknowledged 2xx.
#include <benchmark/benchmark.h>
#include <httplib.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <sstream>
#include <thread>

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
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < k; ++i) r.enqueue(payload);
    r.wait_idle(std::chrono::seconds(300));
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    state.counters["reports_per_s"] = k / secs;
  }
  state.counters["received"] = static_cast<double>(got.load());
  srv.stop();
  th.join();
  fs::remove_all(dir);
}
BENCHMARK(BM_OutboxHttpLoopback)->Arg(5000)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK_MAIN();
