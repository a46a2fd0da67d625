// The live view and system routes on the real server (loopback, free ports): images under every
// privacy setting, the MJPEG stream and SSE, time settings and NTP sync against a loopback SNTP
// responder, certificate upload used by HTTPS after a restart, and verified upgrades.
#include "web/server.h"

#include "../../unit/system/release_package.h"
#include "../../unit/system/sntp_responder.h"
#include "../../unit/system/test_keys.h"
#include "web_test_support.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <fstream>

namespace hc::web {
namespace {

using json = nlohmann::json;
using test_support::Admin;

// A LiveState with a synthetic 64 x 40 frame: a horizontal gray ramp and a 1.7 m "person" block.
class SyntheticLive : public LiveState {
 public:
  json counts() const override { return {{"lines", json::array()}, {"regions", json::array()}, {"t_s", 0}}; }
  json stats() const override { return {{"stages", json::array()}}; }
  void reset_counts() override {}
  json floor_detection() const override { return {{"state", "detecting"}}; }
  void request_floor_detection() override {}
  json overlay() const override {
    return {{"frame_index", frame_}, {"t_s", 0}, {"width", 64}, {"height", 40},
            {"tracks", json::array({{{"id", 1}, {"u", 30}, {"v", 20}, {"path", json::array({json::array({30, 20})})}}})},
            {"detections", json::array()}};
  }
  PreviewFrame preview() const override {
    PreviewFrame f;
    f.frame_index = frame_;
    f.width = 64;
    f.height = 40;
    f.gray.resize(64 * 40);
    f.height_mm.assign(64 * 40, 0);
    for (int v = 0; v < 40; ++v)
      for (int u = 0; u < 64; ++u) {
        f.gray[static_cast<size_t>(v * 64 + u)] = static_cast<uint8_t>(u * 4);
        if (u >= 24 && u < 40 && v >= 12 && v < 28) f.height_mm[static_cast<size_t>(v * 64 + u)] = 1700;
      }
    return f;
  }
  int64_t frame_ = 5;
};

class LiveSystem : public test_support::ServerFixture<SyntheticLive> {};

cv::Mat decode(const std::string& jpeg) {
  return cv::imdecode(std::vector<uint8_t>(jpeg.begin(), jpeg.end()), cv::IMREAD_UNCHANGED);
}

TEST_F(LiveSystem, SnapshotFollowsImageTypeAndResolution) {
  Admin a(port());
  struct Case { const char* privacy; int w, h, channels; };
  for (const Case& c : {Case{R"({"scene_preview":"video","image_type":"monochrome","resolution":"high"})", 64, 40, 1},
                        Case{R"({"scene_preview":"video","image_type":"pseudo_color","resolution":"high"})", 64, 40, 3},
                        Case{R"({"scene_preview":"static","image_type":"monochrome","resolution":"low"})", 16, 10, 1}}) {
    SCOPED_TRACE(c.privacy);
    ASSERT_EQ(a.status("PUT", "/api/v1/config/privacy", c.privacy), 200);
    auto r = a.call("GET", "/api/v1/live/snapshot.jpg");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200);
    EXPECT_EQ(r->get_header_value("Content-Type"), "image/jpeg");
    cv::Mat img = decode(r->body);
    ASSERT_FALSE(img.empty());
    EXPECT_EQ(img.cols, c.w);
    EXPECT_EQ(img.rows, c.h);
    EXPECT_EQ(img.channels(), c.channels);
  }
}

TEST_F(LiveSystem, LowResolutionIsBlurred) {
  Admin a(port());
  ASSERT_EQ(a.status("PUT", "/api/v1/config/privacy", R"({"scene_preview":"video","image_type":"pseudo_color","resolution":"low"})"), 200);
  cv::Mat img = decode(a.call("GET", "/api/v1/live/snapshot.jpg")->body);
  ASSERT_EQ(img.cols, 16);
  // The person block's sharp edge (4 px wide at this scale) is spread over several pixels: the
  // largest colour step between neighbours is well below the unblurred step.
  cv::Mat gray;
  cv::cvtColor(img, gray, cv::COLOR_BGR2GRAY);
  int max_step = 0;
  for (int u = 1; u < gray.cols; ++u) max_step = std::max(max_step, std::abs(gray.at<uint8_t>(5, u) - gray.at<uint8_t>(5, u - 1)));
  ASSERT_EQ(a.status("PUT", "/api/v1/config/privacy", R"({"scene_preview":"video","image_type":"pseudo_color","resolution":"high"})"), 200);
  cv::Mat sharp_img = decode(a.call("GET", "/api/v1/live/snapshot.jpg")->body), sharp;
  cv::cvtColor(sharp_img, sharp, cv::COLOR_BGR2GRAY);
  int sharp_step = 0;
  for (int u = 1; u < sharp.cols; ++u) sharp_step = std::max(sharp_step, std::abs(sharp.at<uint8_t>(20, u) - sharp.at<uint8_t>(20, u - 1)));
  EXPECT_LT(max_step * 2, sharp_step);
}

TEST_F(LiveSystem, NoneNeverAnswersPixelsAndStaticHasNoStream) {
  Admin a(port());
  ASSERT_EQ(a.status("PUT", "/api/v1/config/privacy", R"({"scene_preview":"none"})"), 200);
  for (const char* path : {"/api/v1/live/snapshot.jpg", "/api/v1/live/stream.mjpeg"}) {
    auto r = a.call("GET", path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << path;
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
    EXPECT_NE(r->body.find("scene_preview: none"), std::string::npos);
  }
  std::string events = a.read_stream("/api/v1/live/events", "event: overlay");
  EXPECT_EQ(events.find("\xff\xd8"), std::string::npos);  // no JPEG start-of-image in the events
  ASSERT_EQ(a.status("PUT", "/api/v1/config/privacy", R"({"scene_preview":"static"})"), 200);
  EXPECT_EQ(a.status("GET", "/api/v1/live/stream.mjpeg"), 403);
  EXPECT_EQ(a.status("GET", "/api/v1/live/snapshot.jpg"), 200);
}

TEST_F(LiveSystem, MjpegStreamPartsAreJpegFrames) {
  Admin a(port());
  std::string content_type;
  std::string got = a.read_stream("/api/v1/live/stream.mjpeg", "\r\n--hcframe", &content_type);
  EXPECT_EQ(content_type, "multipart/x-mixed-replace; boundary=hcframe");
  ASSERT_EQ(got.rfind("--hcframe\r\nContent-Type: image/jpeg\r\nContent-Length: ", 0), 0u);
  size_t header_end = got.find("\r\n\r\n");
  size_t length = std::stoul(got.substr(got.find("Length: ") + 8));
  cv::Mat img = decode(got.substr(header_end + 4, length));
  ASSERT_FALSE(img.empty());
  EXPECT_EQ(img.cols, 16);  // the default privacy: low resolution
}

TEST_F(LiveSystem, StreamEndsWhenPrivacyTurnsToNone) {
  Admin a(port());
  bool switched = false, ended = false;
  std::string got = a.read_stream("/api/v1/live/stream.mjpeg", [&](const std::string& s) {
    if (!switched && s.find("\r\n\r\n") != std::string::npos) {
      switched = true;  // the first part has begun: turn images off while the stream runs
      EXPECT_TRUE(store_->replace_section("privacy", {{"scene_preview", "none"}}).ok());
    }
    return false;  // read until the server ends the stream (or the 10 s guard)
  }, nullptr, &ended);
  EXPECT_TRUE(switched);
  EXPECT_TRUE(ended);
  // At most the part being written when the setting changed, and one re-sent before the check.
  size_t parts = 0;
  for (size_t at = got.find("--hcframe"); at != std::string::npos; at = got.find("--hcframe", at + 1)) ++parts;
  EXPECT_LE(parts, 2u);
}

TEST_F(LiveSystem, EventsCarryCountsAndOverlays) {
  Admin a(port());
  std::string got = a.read_stream("/api/v1/live/events", "event: overlay");
  EXPECT_NE(got.find("event: counts\ndata: {"), std::string::npos);
  EXPECT_NE(got.find("event: rules\ndata: {"), std::string::npos);
  size_t at = got.find("event: overlay\ndata: ");
  ASSERT_NE(at, std::string::npos);
  std::string line = got.substr(at + 21);
  json overlay = json::parse(line.substr(0, line.find('\n')));
  EXPECT_EQ(overlay["frame_index"], 5);
  EXPECT_EQ(overlay["tracks"][0]["id"], 1);
}

TEST_F(LiveSystem, TimeZonesSettingsAndLocalTime) {
  Admin a(port());
  auto zones = json::parse(a.call("GET", "/api/v1/system/time/zones")->body)["zones"];
  EXPECT_EQ(zones.size(), 38u);
  bool china = false;
  for (auto& z : zones) china |= z["name"] == "UTC+08:00 China Standard Time (CT/CST)";
  EXPECT_TRUE(china);
  json t = {{"time_zone", "UTC+08:00"}, {"sync_mode", "manual"}, {"dst", {{"enabled", false}}}};
  auto r = a.call("PUT", "/api/v1/system/time", t.dump());
  ASSERT_EQ(r->status, 200) << r->body;
  json s = json::parse(r->body);
  EXPECT_EQ(s["utc_offset_s"], 28800);
  EXPECT_EQ(s["time_zone_name"], "UTC+08:00 China Standard Time (CT/CST)");
  EXPECT_EQ(s["local_time"].get<std::string>().substr(19), "+08:00");
  EXPECT_FALSE(s["host_clock_set"].get<bool>());
  json before = *store_->get();
  EXPECT_EQ(a.status("PUT", "/api/v1/system/time", R"({"time_zone":"Mars/Olympus"})"), 400);
  EXPECT_EQ(*store_->get(), before);
  // Manual time: the service clock moves, the answer says where it was applied.
  auto m = json::parse(a.call("POST", "/api/v1/system/time", R"({"unix_s": 2000000000})")->body);
  EXPECT_NEAR(m["unix_s"].get<double>(), 2e9, 5);
  EXPECT_EQ(m["applied_to"], "service clock offset (the service does not set the host clock)");
}

TEST_F(LiveSystem, SyncNowAgainstALoopbackSntpServer) {
  Admin a(port());
  system::test_support::SntpResponder ntp(system::test_support::Reply::kNormal, 0, 0, 500.0);
  json t = {{"sync_mode", "manual"}, {"ntp_server", "127.0.0.1:" + std::to_string(ntp.port())}};
  ASSERT_EQ(a.status("PUT", "/api/v1/system/time", t.dump()), 200);
  auto r = a.call("POST", "/api/v1/system/time/sync", "{}");
  ASSERT_EQ(r->status, 200) << r->body;
  json s = json::parse(r->body);
  EXPECT_NEAR(s["offset_s"].get<double>(), 500.0, 1.0);
  EXPECT_NEAR(s["ntp"]["offset_s"].get<double>(), 500.0, 1.0);
  EXPECT_TRUE(s["ntp"]["error"].is_null());
  system::test_support::SntpResponder silent(system::test_support::Reply::kKissOfDeath);
  t["ntp_server"] = "127.0.0.1:" + std::to_string(silent.port());
  ASSERT_EQ(a.status("PUT", "/api/v1/system/time", t.dump()), 200);
  auto bad = a.call("POST", "/api/v1/system/time/sync", "{}");
  EXPECT_EQ(bad->status, 502);
  EXPECT_NE(bad->body.find("kiss-o'-death"), std::string::npos);
}

TEST_F(LiveSystem, UploadedCertificateServesHttpsAfterRestartAndBadPairsChangeNothing) {
  Admin a(port());
  auto mine = test_support::make_certificate(3600 * 24);
  auto other = test_support::make_certificate(3600 * 24);
  auto expired = test_support::make_certificate(-3600);
  std::string original = test_support::read_file(dir_ / "cert.pem");
  auto upload = [&](const std::string& cert, const std::string& key) {
    return a.call("POST", "/api/v1/system/certificate", json{{"certificate", cert}, {"key", key}}.dump());
  };
  auto mismatch = upload(mine.cert_pem, other.key_pem);
  EXPECT_EQ(mismatch->status, 400);
  EXPECT_NE(mismatch->body.find("does not match"), std::string::npos);
  auto old = upload(expired.cert_pem, expired.key_pem);
  EXPECT_EQ(old->status, 400);
  EXPECT_NE(old->body.find("expired"), std::string::npos);
  EXPECT_EQ(upload("garbage", mine.key_pem)->status, 400);
  EXPECT_EQ(test_support::read_file(dir_ / "cert.pem"), original);
  ASSERT_EQ(upload(mine.cert_pem, mine.key_pem)->status, 200);
  EXPECT_EQ(json::parse(a.call("GET", "/api/v1/system/certificate")->body)["subject"], "CN = 127.0.0.1");

  restart();
  auto ca = dir_ / "trusted.pem";
  std::ofstream(ca) << mine.cert_pem;
  httplib::SSLClient c("127.0.0.1", server_->https_port());
  c.set_ca_cert_path(ca.c_str());
  c.enable_server_certificate_verification(true);  // succeeds only if the server presents `mine`
  auto r = c.Get("/api/v1/auth/state");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
}

TEST_F(LiveSystem, UpgradeRefusesUnverifiedPackagesAndInstallsVerifiedOnes) {
  Admin a(port());
  std::atomic<bool> restarted{false};
  server_->on_restart = [&] { restarted = true; };
  const std::string package = system::test_support::release_package(dir_ / "work", "v2", "v2");
  auto key = system::test_support::make_key(EVP_PKEY_ED25519);
  auto upgrade = [&](const std::string& body, const std::string& sig) {
    httplib::MultipartFormDataItems items = {{"package", body, "headcount.tar.gz", "application/gzip"},
                                             {"signature", sig, "headcount.tar.gz.sig", "application/octet-stream"}};
    return a.multipart("/api/v1/system/upgrade", items);
  };
  std::string sig = system::test_support::sign(key, package);
  auto no_key = upgrade(package, sig);
  EXPECT_EQ(no_key->status, 400);
  EXPECT_NE(no_key->body.find("no upgrade verification key"), std::string::npos);
  std::ofstream(dir_ / "upgrade-public-key.pem") << key.public_pem;
  std::string forged = sig;
  forged[0] ^= 1;
  EXPECT_EQ(upgrade(package, forged)->status, 400);
  std::string tampered = package;
  tampered[tampered.size() / 2] ^= 1;
  auto altered = upgrade(tampered, sig);
  EXPECT_EQ(altered->status, 400);
  EXPECT_NE(altered->body.find("nothing changed"), std::string::npos) << altered->body;
  auto unsigned_upload = upgrade(package, "");
  EXPECT_EQ(unsigned_upload->status, 400);
  EXPECT_NE(unsigned_upload->body.find("signature: missing"), std::string::npos);
  // Signed, but not a release: refused by the install before anything changes.
  const std::string text = "a signed note, not a release";
  auto not_release = upgrade(text, system::test_support::sign(key, text));
  EXPECT_EQ(not_release->status, 400);
  EXPECT_NE(not_release->body.find("nothing changed"), std::string::npos) << not_release->body;
  for (const char* p : {"current", "previous", "releases", "upgrade"}) EXPECT_FALSE(std::filesystem::exists(dir_ / p)) << p;
  EXPECT_FALSE(restarted);

  auto ok = upgrade(package, sig);
  ASSERT_EQ(ok->status, 200) << ok->body;
  json j = json::parse(ok->body);
  EXPECT_TRUE(j["verified"].get<bool>());
  EXPECT_TRUE(j["installed"].get<bool>());
  EXPECT_TRUE(j["restarting"].get<bool>());
  EXPECT_EQ(j["release"], j["sha256"].get<std::string>().substr(0, 16));
  EXPECT_EQ(test_support::read_file(dir_ / "current" / "bin" / "headcount"), "#!/bin/sh\necho v2\n");
  EXPECT_TRUE(restarted);
}

TEST_F(LiveSystem, ImageStatusSaysWhenNoSourceAppliesTheSettings) {
  Admin a(port());
  auto r = a.call("GET", "/api/v1/image/status");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_NE(r->body.find("no frame source applies image settings"), std::string::npos) << r->body;
}

TEST_F(LiveSystem, NewRoutesByRole) {
  // Routes that the shared table in api_test.cpp cannot call blindly (streams, a network query).
  Admin a(port());
  auto viewer = a.add_viewer();
  test_support::Admin anon(port(), false);
  EXPECT_EQ(anon.status("GET", "/api/v1/live/events"), 401);
  EXPECT_NE(viewer.read_stream("/api/v1/live/events", "event: overlay").find("event: overlay"), std::string::npos);
  for (const char* path : {"/api/v1/system/time/sync"}) {
    EXPECT_EQ(anon.status("POST", path), 401);
    EXPECT_EQ(viewer.status("POST", path), 403);
  }
}

}  // namespace
}  // namespace hc::web
