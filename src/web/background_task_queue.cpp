#include "web/background_task_queue.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace hc::web {

void lower_this_thread_priority_once() {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  // On Linux PRIO_PROCESS with a thread id sets that thread's nice value only. A failure (a
  // platform without per-thread nice) leaves the worker at normal priority, which is still correct.
  auto tid = static_cast<id_t>(syscall(SYS_gettid));
  int current = getpriority(PRIO_PROCESS, tid);
  (void)setpriority(PRIO_PROCESS, tid, current + kRequestWorkerNice);
}

}  // namespace hc::web
