// Preview rendering with OpenCV: linear scaling of heights to 8 bits, cv::applyColorMap (TURBO),
// INTER_AREA downscale + Gaussian blur for "low", libjpeg through cv::imencode. O(pixels).
#include "web/preview_image.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <stdexcept>

namespace hc::web {

namespace {
void check_size(size_t have, const PreviewFrame& f, const char* field) {
  if (have != 0 && have != static_cast<size_t>(f.width) * static_cast<size_t>(f.height))
    throw std::invalid_argument(std::string("preview frame: ") + field + " has " + std::to_string(have) +
                                " pixels, expected width x height = " + std::to_string(f.width) + " x " + std::to_string(f.height));
}

cv::Mat heights_as_gray(const PreviewFrame& f) {
  // The Mat wraps the frame's vector read-only; convertTo writes a new buffer.
  cv::Mat mm(f.height, f.width, CV_16UC1, const_cast<uint16_t*>(f.height_mm.data()));
  cv::Mat out;
  mm.convertTo(out, CV_8UC1, 255.0 / kPseudoColorMaxHeightMm);
  return out;
}
}  // namespace

PreviewSettings preview_settings(const nlohmann::json& privacy) {
  PreviewSettings s;
  if (!privacy.is_object()) return s;
  s.pseudo_color = privacy.value("image_type", "monochrome") == "pseudo_color";
  s.low = privacy.value("resolution", "low") != "high";
  return s;
}

std::vector<uint8_t> encode_preview_jpeg(const PreviewFrame& frame, const PreviewSettings& settings) {
  if (frame.width <= 0 || frame.height <= 0 || (frame.gray.empty() && frame.height_mm.empty())) return {};
  check_size(frame.gray.size(), frame, "gray");
  check_size(frame.height_mm.size(), frame, "height_mm");
  const bool has_gray = !frame.gray.empty(), has_height = !frame.height_mm.empty();
  cv::Mat gray = has_gray ? cv::Mat(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.gray.data())) : heights_as_gray(frame);
  cv::Mat image;
  if (settings.pseudo_color) cv::applyColorMap(has_height ? heights_as_gray(frame) : gray, image, cv::COLORMAP_TURBO);
  else image = gray;
  if (settings.low) {
    cv::Mat small;
    cv::Size size((frame.width + kLowResolutionFactor - 1) / kLowResolutionFactor,
                  (frame.height + kLowResolutionFactor - 1) / kLowResolutionFactor);
    cv::resize(image, small, size, 0, 0, cv::INTER_AREA);
    cv::GaussianBlur(small, image, cv::Size(0, 0), kLowResolutionBlurSigma);
  }
  std::vector<uint8_t> jpeg;
  if (!cv::imencode(".jpg", image, jpeg, {cv::IMWRITE_JPEG_QUALITY, kJpegQuality}))
    throw std::runtime_error("preview: JPEG encoding failed");
  return jpeg;
}

}  // namespace hc::web
