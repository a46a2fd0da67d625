#include "perception/gender_classifier.h"

#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <cmath>
#include <filesystem>

namespace hc::perception {

struct GenderClassifier::Net {
  cv::dnn::Net net;
};

GenderClassifier::GenderClassifier(const std::string& onnx_path) {
  if (onnx_path.empty()) {
    why_ = "no gender model configured (rules.gender_model is empty)";
    return;
  }
  if (!std::filesystem::exists(onnx_path)) {
    why_ = "gender model " + onnx_path + " does not exist";
    return;
  }
  try {
    auto n = std::make_unique<Net>();
    n->net = cv::dnn::readNetFromONNX(onnx_path);
    if (n->net.empty()) {
      why_ = "gender model " + onnx_path + " could not be loaded";
      return;
    }
    net_ = std::move(n);
  } catch (const cv::Exception& e) {
    why_ = "gender model " + onnx_path + " could not be loaded: " + e.what();
  }
}

GenderClassifier::~GenderClassifier() = default;

double GenderClassifier::male_probability(const cv::Mat& gray, core::Point2 head_px,
                                          double head_radius_px) {
  if (!net_ || gray.empty()) return -1.0;
  const int side = static_cast<int>(std::lround(2.5 * head_radius_px));
  const cv::Rect roi(static_cast<int>(std::lround(head_px.x)) - side / 2,
                     static_cast<int>(std::lround(head_px.y)) - side / 2, side, side);
  if (side < 8 || (roi & cv::Rect(0, 0, gray.cols, gray.rows)) != roi) return -1.0;
  cv::Mat crop;
  cv::resize(gray(roi), crop, {64, 64}, 0, 0, cv::INTER_AREA);
  cv::Mat blob = cv::dnn::blobFromImage(crop, 1.0 / 255.0);
  net_->net.setInput(blob);
  cv::Mat out = net_->net.forward().reshape(1, 1);
  auto sigmoid = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  if (out.total() == 1) {
    const double v = out.at<float>(0);
    return (v >= 0 && v <= 1) ? v : sigmoid(v);
  }
  if (out.total() == 2) {
    const double f = out.at<float>(0), m = out.at<float>(1);
    if (f >= 0 && m >= 0 && std::abs(f + m - 1.0) < 1e-3) return m;
    return sigmoid(m - f);  // softmax of two logits
  }
  return -1.0;
}

}  // namespace hc::perception
