// Live view routes (docs/live-view.md): Server-Sent Events of counts and overlays, the snapshot and
// the MJPEG stream. The privacy check runs on every image and every MJPEG frame, so a change to
// scene_preview takes effect at once: with "none" no pixel leaves the device on any endpoint.
#include "web/http_reply.h"
#include "web/preview_image.h"
#include "web/server.h"

#include <chrono>
#include <thread>

namespace hc::web {

namespace {
using json = nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;

constexpr auto kEventTick = std::chrono::milliseconds(250);  // overlays 4 per second
constexpr int kCountsEveryTicks = 2;                         // counts every 500 ms, as before
constexpr auto kStreamTick = std::chrono::milliseconds(200);  // MJPEG at most 5 frames per second
constexpr auto kStreamResend = std::chrono::seconds(1);       // repeat a still frame: finds closed clients
constexpr const char* kBoundary = "hcframe";

std::string sse(const char* event, const json& data) { return std::string("event: ") + event + "\ndata: " + data.dump() + "\n\n"; }
}  // namespace

// Why no image may be sent now (for the stream when `stream`, else the snapshot); empty when it may.
std::string WebServer::image_refusal(bool stream) const {
  const std::string mode = config_.get()->value("privacy", json::object()).value("scene_preview", "video");
  if (mode == "none") return "image output disabled by privacy settings (scene_preview: none)";
  if (stream && mode == "static") return "video stream disabled by privacy settings (scene_preview: static): snapshot only";
  return "";
}

void WebServer::define_live_routes() {
  const std::string api = "/api/v1";
  // How the source applied the image section (guide 5.5), per setting; 503 with the reason when no
  // source applies them. PUT /config/image changes the settings; the frame thread applies them
  // before its next frame, and `settings` says which values this status is for.
  add("GET", api + "/image/status", Role::kAdmin, [this](const Req&, Res& res, const Session*) {
    json s = live_.image_status();
    send(res, s.contains("error") ? 503 : 200, s);
  });
  add("GET", api + "/live/events", Role::kViewer, [this](const Req&, Res& res, const Session*) {
    auto tick = std::make_shared<int>(0);
    auto last_frame = std::make_shared<int64_t>(-2);
    auto last_rules = std::make_shared<std::string>();
    res.set_chunked_content_provider("text/event-stream", [this, tick, last_frame, last_rules](size_t, httplib::DataSink& sink) {
      if (stopping_) return false;
      std::string out;
      // The drawn geometry (lines, U-turn areas, regions) at connection and whenever it changes.
      std::string rules = config_.get()->value("rules", json::object()).dump();
      if (rules != *last_rules) {
        *last_rules = rules;
        out += "event: rules\ndata: " + rules + "\n\n";
      }
      if ((*tick)++ % kCountsEveryTicks == 0) out += sse("counts", live_.counts());
      // The overlay is geometry only (tracks, detections): never pixels, whatever the privacy mode.
      json overlay = live_.overlay();
      int64_t frame = overlay.value("frame_index", int64_t{-1});
      if (frame != *last_frame) {
        *last_frame = frame;
        out += sse("overlay", overlay);
      }
      if (!out.empty() && !sink.write(out.data(), out.size())) return false;
      std::this_thread::sleep_for(kEventTick);
      return !stopping_.load();
    });
  });
  add("GET", api + "/live/snapshot.jpg", Role::kViewer, [this](const Req&, Res& res, const Session*) {
    if (auto why = image_refusal(false); !why.empty()) return error(res, 404, why);
    auto jpeg = encode_preview_jpeg(live_.preview(), preview_settings(config_.get()->value("privacy", json::object())));
    if (jpeg.empty()) return error(res, 503, "no frame yet: the pipeline has not produced an image");
    res.set_content(std::string(jpeg.begin(), jpeg.end()), "image/jpeg");
  });
  add("GET", api + "/live/stream.mjpeg", Role::kViewer, [this](const Req&, Res& res, const Session*) {
    if (auto why = image_refusal(true); !why.empty()) return error(res, why.find("none") != std::string::npos ? 404 : 403, why);
    // Without a frame yet, a clear answer rather than an empty stream that never ends.
    if (live_.preview().frame_index < 0) return error(res, 503, "no frame yet: the pipeline has not produced an image");
    auto last_frame = std::make_shared<int64_t>(-2);
    auto last_sent = std::make_shared<std::chrono::steady_clock::time_point>();
    res.set_chunked_content_provider(std::string("multipart/x-mixed-replace; boundary=") + kBoundary,
                                     [this, last_frame, last_sent](size_t, httplib::DataSink& sink) {
      // Re-checked per frame: switching privacy to static/none ends the stream (cleanly, with the
      // last chunk, so the client sees the end rather than an error).
      if (stopping_ || !image_refusal(true).empty()) {
        sink.done();
        return true;
      }
      PreviewFrame f = live_.preview();
      // A client that went away is only noticed on a write, so a still frame is sent again now and
      // then rather than holding a worker thread until the next new frame.
      const auto now = std::chrono::steady_clock::now();
      if (f.frame_index != *last_frame || now - *last_sent >= kStreamResend) {
        std::vector<uint8_t> jpeg;
        try {
          jpeg = encode_preview_jpeg(f, preview_settings(config_.get()->value("privacy", json::object())));
        } catch (const std::exception&) {
          return false;  // a malformed frame ends the stream rather than the server thread
        }
        if (!jpeg.empty()) {
          *last_frame = f.frame_index;
          *last_sent = now;
          std::string part = std::string("--") + kBoundary + "\r\nContent-Type: image/jpeg\r\nContent-Length: " +
                             std::to_string(jpeg.size()) + "\r\n\r\n";
          part.append(jpeg.begin(), jpeg.end());
          part += "\r\n";
          if (!sink.write(part.data(), part.size())) return false;
        }
      }
      std::this_thread::sleep_for(kStreamTick);
      return !stopping_.load();
    });
  });
}

}  // namespace hc::web
