// encode_preview_jpeg on its own: depth-only and gray-only frames, odd sizes, malformed frames.
#include "web/preview_image.h"

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

namespace hc::web {
namespace {

PreviewFrame frame(int w, int h, bool gray, bool height) {
  PreviewFrame f;
  f.frame_index = 1;
  f.width = w;
  f.height = h;
  if (gray) f.gray.assign(static_cast<size_t>(w * h), 128);
  if (height) f.height_mm.assign(static_cast<size_t>(w * h), 1500);
  return f;
}

cv::Mat decode(const std::vector<uint8_t>& jpeg) { return cv::imdecode(jpeg, cv::IMREAD_UNCHANGED); }

TEST(PreviewImage, SettingsFromPrivacyWithSchemaDefaults) {
  PreviewSettings d = preview_settings(nlohmann::json::object());
  EXPECT_FALSE(d.pseudo_color);
  EXPECT_TRUE(d.low);
  PreviewSettings s = preview_settings({{"image_type", "pseudo_color"}, {"resolution", "high"}});
  EXPECT_TRUE(s.pseudo_color);
  EXPECT_FALSE(s.low);
}

TEST(PreviewImage, DepthOnlyGrayOnlyAndOddSizes) {
  cv::Mat depth_mono = decode(encode_preview_jpeg(frame(65, 41, false, true), {false, false}));
  EXPECT_EQ(depth_mono.channels(), 1);
  EXPECT_EQ(depth_mono.cols, 65);
  // 1500 mm of 2500 mm -> 153 of 255 (JPEG keeps a flat image within a level or two).
  EXPECT_NEAR(depth_mono.at<uint8_t>(20, 30), 153, 2);
  cv::Mat gray_colour = decode(encode_preview_jpeg(frame(65, 41, true, false), {true, true}));
  EXPECT_EQ(gray_colour.channels(), 3);
  EXPECT_EQ(gray_colour.cols, 17);  // ceil(65 / 4)
  EXPECT_EQ(gray_colour.rows, 11);  // ceil(41 / 4)
}

TEST(PreviewImage, NoPixelsNoImageAndMalformedFramesNamed) {
  EXPECT_TRUE(encode_preview_jpeg(PreviewFrame{}, {}).empty());
  EXPECT_TRUE(encode_preview_jpeg(frame(8, 8, false, false), {}).empty());
  PreviewFrame bad = frame(8, 8, true, true);
  bad.height_mm.pop_back();
  try {
    encode_preview_jpeg(bad, {});
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("height_mm has 63 pixels"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace hc::web
