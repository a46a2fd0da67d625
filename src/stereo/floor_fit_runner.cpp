// The background floor fit runner: std::async with a dedicated thread per fit.
#include "stereo/floor_fit_runner.h"

#include <chrono>
#include <future>
#include <stdexcept>

namespace hc::stereo {

namespace {

class BackgroundFloorFitRunner final : public FloorFitRunner {
 public:
  void start(std::unique_ptr<FloorModel> model) override {
    if (fit_.valid()) throw std::logic_error("floor fit: started while another one is out");
    fit_ = std::async(std::launch::async, [m = std::move(model)]() mutable {
      FloorFitResult r;
      r.estimate = m->fit();
      r.model = std::move(m);
      return r;
    });
  }
  bool ready() const override {
    return fit_.valid() && fit_.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
  }
  FloorFitResult take() override {
    if (!fit_.valid()) throw std::logic_error("floor fit: nothing started");
    return fit_.get();
  }

 private:
  std::future<FloorFitResult> fit_;  // its destructor waits for a fit in flight
};

}  // namespace

std::unique_ptr<FloorFitRunner> make_background_floor_fit_runner() {
  return std::make_unique<BackgroundFloorFitRunner>();
}

}  // namespace hc::stereo
