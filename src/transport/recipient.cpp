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

SendResult Sender::send_in_order(const std::vector<const std::string*>& payloads, const AckedPrefix& acked) {
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    SendResult r = send(*payloads[i]);
    if (!r.ok) return r;
    if (!acked(i + 1)) break;
  }
  return {true, {}};
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

// Reports read per outbox query: large enough that the sender's window rarely drains at a batch
// boundary, small enough to bound memory (256 periodic reports of a few kB).
constexpr int kBatch = 256;

void Recipient::run() {
  auto backoff = std::chrono::milliseconds(100);
  while (!stop_) {
    const int64_t seen = pending_.load();
    const auto items = store_.outbox_peek(uuid_, kBatch);
    if (items.empty()) {
      pending_.wait(seen);  // woken by enqueue() or the destructor
      continue;
    }
    if (deliver(items)) {
      backoff = std::chrono::milliseconds(100);
      // A short batch was the whole queue as of `seen`: without a newer enqueue there is nothing
      // to read, so wait at once instead of querying an empty outbox (one query per report saved
      // when reports trickle in one at a time).
      if (items.size() < static_cast<std::size_t>(kBatch)) pending_.wait(seen);
      continue;
    }
    if (!retransmission_) continue;  // the failed report was dropped; go on with the next
    // Sleep in small steps so the destructor is not held up by a long back-off.
    const auto until = std::chrono::steady_clock::now() + backoff;
    while (!stop_ && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    backoff = std::min(backoff * 2, std::chrono::milliseconds(10000));
  }
}

bool Recipient::deliver(const std::vector<store::OutboxItem>& items) {
  std::vector<const std::string*> payloads;
  payloads.reserve(items.size());
  for (const auto& item : items) payloads.push_back(&item.payload);
  std::size_t acked = 0;
  std::vector<int64_t> ids;
  // Each acknowledgement moves the outbox's durable mark at once: after a kill -9 only what was in
  // flight is sent again.
  const SendResult r = sender_->send_in_order(payloads, [&](std::size_t count) {
    ids.clear();
    for (; acked < count; ++acked) ids.push_back(items[acked].id);
    store_.outbox_ack(uuid_, ids);
    std::lock_guard lk(mu_);
    status_.delivered += static_cast<int64_t>(ids.size());
    status_.last_success_s =
        std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
    status_.state = State::kConnected;
    status_.reason.clear();
    status_.queued = std::max<int64_t>(0, status_.queued - static_cast<int64_t>(ids.size()));
    return !stop_;
  });
  std::lock_guard lk(mu_);
  if (!r.ok && !stop_) {
    status_.state = State::kError;
    status_.reason = r.error;
    if (!retransmission_ && acked < items.size()) {
      store_.outbox_ack(uuid_, items[acked].id);  // without retransmission: dropped, counted
      ++status_.dropped;
    }
  }
  status_.queued = store_.outbox_size(uuid_);
  return r.ok;
}

}  // namespace hc::transport
