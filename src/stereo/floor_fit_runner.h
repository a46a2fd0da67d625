// Runs floor fits off the frame thread. The depth stage lends its FloorModel (the accumulated floor
// evidence) to the runner, which fits it and hands it back with the estimate; the frame thread decides
// when to pick the result up (DepthStageParameters::floor_fit_waits), so a fit of tens of
// milliseconds never holds up a frame in live use.
#pragma once

#include <memory>

#include "stereo/floor_model.h"

namespace hc::stereo {

struct FloorFitResult {
  std::unique_ptr<FloorModel> model;  // the lent model, back (its reference set by the fit)
  FloorEstimate estimate;
};

class FloorFitRunner {
 public:
  virtual ~FloorFitRunner() = default;
  // Starts fitting `model`; one fit at a time (the caller takes the previous one first).
  virtual void start(std::unique_ptr<FloorModel> model) = 0;
  // True once the started fit has finished: take() will then not wait.
  virtual bool ready() const = 0;
  // The started fit's result, waiting for it if needed; rethrows what the fit threw.
  virtual FloorFitResult take() = 0;
};

// A thread per fit (a fit every few hundred frames: the thread's start-up is noise next to it).
// Destroying the runner waits for a fit in flight.
std::unique_ptr<FloorFitRunner> make_background_floor_fit_runner();

}  // namespace hc::stereo
