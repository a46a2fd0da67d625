// The request workers' task queue: httplib's thread pool whose threads run at a lower scheduling
// priority than the counting frame thread. On a small CPU a burst of API or stream requests must not
// make the pipeline drop frames: counting is the product, the web pages can wait a few milliseconds.
// Lowering a thread's own priority needs no privilege (raising the frame thread's would).
#pragma once
#include <httplib.h>

#include <cstddef>
#include <functional>

namespace hc::web {

// Nice value added to request workers (Linux: per thread). 0 would leave them equal to the pipeline.
inline constexpr int kRequestWorkerNice = 5;

// Lowers the calling thread's scheduling priority by kRequestWorkerNice, once per thread.
void lower_this_thread_priority_once();

class BackgroundTaskQueue : public httplib::TaskQueue {
 public:
  explicit BackgroundTaskQueue(std::size_t threads) : pool_(threads) {}
  void enqueue(std::function<void()> task) override {
    pool_.enqueue([task = std::move(task)] {
      lower_this_thread_priority_once();
      task();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  httplib::ThreadPool pool_;
};

}  // namespace hc::web
