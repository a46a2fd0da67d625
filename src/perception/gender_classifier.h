// Gender as a pluggable attribute: an ONNX classifier loaded with OpenCV's dnn module from the
// configured path (rules.gender_model). Without a model, or when it fails to load, every answer is
// "unknown" and why_unavailable() says why; nothing is guessed.
//
// Model contract: input 1x1x64x64 float, the grey head crop (left image, square around the head
// centre, side 2.5 head radii) scaled to [0, 1]; output either 1 value (probability of male, or a
// logit when outside [0, 1]) or 2 values (logits or probabilities of [female, male]).
#pragma once

#include <opencv2/core.hpp>

#include <memory>
#include <string>

#include "core/geometry.h"

namespace hc::perception {

class GenderClassifier {
 public:
  // An empty path makes an unavailable classifier ("no gender model configured").
  explicit GenderClassifier(const std::string& onnx_path);
  ~GenderClassifier();
  bool available() const { return net_ != nullptr; }
  const std::string& why_unavailable() const { return why_; }
  // Probability that the person is male, or -1 when unavailable or the crop is outside the image.
  double male_probability(const cv::Mat& gray, core::Point2 head_px, double head_radius_px);

 private:
  struct Net;
  std::unique_ptr<Net> net_;
  std::string why_;
};

}  // namespace hc::perception
