#include "perception/gender_classifier.h"

#include <gtest/gtest.h>

namespace hc::perception {
namespace {

TEST(GenderClassifier, WithoutAModelGenderIsUnknownAndSaysWhy) {
  GenderClassifier g("");
  EXPECT_FALSE(g.available());
  EXPECT_NE(g.why_unavailable().find("no gender model"), std::string::npos);
  cv::Mat img(400, 640, CV_8U, cv::Scalar(128));
  EXPECT_EQ(g.male_probability(img, {320, 200}, 30), -1.0);
}

TEST(GenderClassifier, MissingOrBrokenFileIsReported) {
  GenderClassifier missing("/nonexistent/model.onnx");
  EXPECT_FALSE(missing.available());
  EXPECT_NE(missing.why_unavailable().find("does not exist"), std::string::npos);
  GenderClassifier broken(HC_SOURCE_DIR "/CMakeLists.txt");  // not an ONNX file
  EXPECT_FALSE(broken.available());
  EXPECT_NE(broken.why_unavailable().find("could not be loaded"), std::string::npos);
}

}  // namespace
}  // namespace hc::perception
