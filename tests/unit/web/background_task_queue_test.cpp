// Request workers must run below the counting thread's priority (web/background_task_queue.h).
#include "web/background_task_queue.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <future>

namespace {

int this_thread_nice() { return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid))); }

TEST(BackgroundTaskQueue, WorkersRunAtALowerPriorityThanTheCaller) {
  hc::web::BackgroundTaskQueue queue(2);
  std::promise<int> seen;
  queue.enqueue([&seen] { seen.set_value(this_thread_nice()); });
  int worker_nice = seen.get_future().get();
  queue.shutdown();
  EXPECT_EQ(worker_nice, std::min(19, this_thread_nice() + hc::web::kRequestWorkerNice));
}

TEST(BackgroundTaskQueue, LowersEachWorkerOnlyOnce) {
  hc::web::BackgroundTaskQueue queue(1);  // one worker: every task runs on the same thread
  std::promise<int> first, second;
  queue.enqueue([&first] { first.set_value(this_thread_nice()); });
  queue.enqueue([&second] { second.set_value(this_thread_nice()); });
  int a = first.get_future().get(), b = second.get_future().get();
  queue.shutdown();
  EXPECT_EQ(a, b);
}

}  // namespace
