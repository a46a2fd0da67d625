// Recipient worker: drains the store's outbox for one recipient in id order; an item is removed only
// after the sender acknowledged it. Failures retry the same item with exponential back-off
// (100 ms doubling to 10 s), so order is kept and nothing is skipped.
#include "transport/recipient.h"

#include <algorithm>
#include <stdexcept>

#include "store/store.h"

namespace hc::transport {

const char* to_string(State s) {
  switch (s) {
    case State::kConnected: return "connected";
    case State::kError: return "error";
    default: return "disconnected";
  }
}

Recipient::Recipient(std::string uuid, std::unique_ptr<Sender> sender, store::Store& store,
                     bool retransmission, int64_t max_queued)
    : uuid_(std::move(uuid)), sender_(std::move(sender)), store_(store),
      retransmission_(retransmission), max_queued_(max_queued) {
  if (!sender_) throw std::invalid_argument("recipient " + uuid_ + ": no sender");
  status_.queued = store_.outbox_size(uuid_);
  status_.dropped = store_.outbox_dropped(uuid_);
  thread_ = std::thread([this] { run(); });
}

Recipient::~Recipient() {
  stop_ = true;
  pending_.fetch_add(1);  // atomic::wait wakes only on a changed value
  pending_.notify_all();
  thread_.join();
}

void Recipient::enqueue(const std::string& payload) { enqueue(std::vector<std::string>{payload}); }

void Recipient::enqueue(const std::vector<std::string>& payloads) {
  if (payloads.empty()) return;
  // Without retransmission nothing waits behind an undelivered report: only the newest is kept.
  const int64_t dropped = store_.outbox_push(uuid_, payloads, retransmission_ ? max_queued_ : 1);
  {
    std::lock_guard lk(mu_);
    status_.dropped += dropped;
    status_.queued = store_.outbox_size(uuid_);
  }
  pending_.fetch_add(1);
  pending_.notify_all();
}

RecipientStatus Recipient::status() const {
  std::lock_guard lk(mu_);
  return status_;
}

bool Recipient::wait_idle(std::chrono::milliseconds timeout) const {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (store_.outbox_size(uuid_) == 0) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return store_.outbox_size(uuid_) == 0;
}

void Recipient::run() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stop_) {
    const int64_t seen = pending_.load();
    auto items = store_.outbox_peek(uuid_, 64);
    if (items.empty()) {
      pending_.wait(seen);  // woken by enqueue() or the destructor
      continue;
    }
    for (const auto& item : items) {
      if (stop_) return;
      SendResult r = sender_->send(item.payload);
      std::lock_guard lk(mu_);
      if (!r.ok) {
        status_.state = State::kError;
        status_.reason = r.error;
        if (!retransmission_) {
          store_.outbox_ack(uuid_, item.id);
          ++status_.dropped;
          continue;
        }
        break;
      }
      store_.outbox_ack(uuid_, item.id);
      ++status_.delivered;
      status_.last_success_s =
          std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
      status_.state = State::kConnected;
      status_.reason.clear();
      if (status_.queued > 0) --status_.queued;
      backoff = std::chrono::milliseconds(100);
    }
    bool failed;
    {
      std::lock_guard lk(mu_);
      failed = status_.state == State::kError;
      status_.queued = store_.outbox_size(uuid_);
    }
    if (failed && retransmission_) {
      // Sleep in small steps so the destructor is not held up by a long back-off.
      const auto until = std::chrono::steady_clock::now() + backoff;
      while (!stop_ && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      backoff = std::min(backoff * 2, std::chrono::milliseconds(10000));
    }
  }
}

}  // namespace hc::transport
