// Report routes (guide 5.4; viewers may use them): GET /report (JSON for the chart) and
// GET /report.csv (the buckets, or with raw=1 every stored event streamed row by row).
#include "store/store.h"
#include "web/http_reply.h"
#include "web/report_query.h"
#include "web/server.h"
#include "web/sink_stream.h"

#include <ostream>
#include <sstream>

namespace hc::web {

namespace {
using json = nlohmann::json;

store::EventType event_of(ReportType t) {
  switch (t) {
    case ReportType::kLineCrossing: return store::EventType::kLineCrossing;
    case ReportType::kRegionCounting: return store::EventType::kRegionCounting;
    case ReportType::kDwellTime: return store::EventType::kDwellTime;
  }
  return store::EventType::kLineCrossing;
}

void attachment(httplib::Response& res, const std::string& file_name) {
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name + "\"");
}
}  // namespace

void WebServer::define_report_routes() {
  const std::string api = "/api/v1";
  // Without a time zone service the buckets are UTC days; the answer's utc_offset_s says so.
  auto offset_at = [this]() -> OffsetAt {
    if (services_.utc_offset_at) return services_.utc_offset_at;
    return [](int64_t) { return 0; };
  };
  auto no_store = [](httplib::Response& res) {
    error(res, 503, "report: no count store is attached to this server (headcount run attaches it)");
  };
  add("GET", api + "/report", Role::kViewer, [this, offset_at, no_store](const httplib::Request& req, httplib::Response& res, const Session*) {
    if (!services_.store) return no_store(res);
    ReportRequest r = parse_report_request(req.params, config_.get()->value("rules", json::object()));
    const OffsetAt off = offset_at();
    send(res, 200, report_json(r, run_report(*services_.store, r, off), off));
  });
  add("GET", api + R"(/report\.csv)", Role::kViewer, [this, offset_at, no_store](const httplib::Request& req, httplib::Response& res, const Session*) {
    if (!services_.store) return no_store(res);
    ReportRequest r = parse_report_request(req.params, config_.get()->value("rules", json::object()));
    const OffsetAt off = offset_at();
    attachment(res, report_file_name(r, off));
    if (!r.raw) {
      std::ostringstream out;
      write_report_csv(r, run_report(*services_.store, r, off), out);
      res.set_content(out.str(), "text/csv; charset=utf-8");
      return;
    }
    // Up to the store's 1,000,000 records: streamed, never held in memory whole.
    store::Query q;
    q.event = event_of(r.type);
    q.start_s = static_cast<double>(r.from_s);
    q.end_s = static_cast<double>(r.to_s);
    q.index = r.index;
    const store::Store* st = services_.store;
    res.set_chunked_content_provider("text/csv; charset=utf-8", [st, q](size_t, httplib::DataSink& sink) {
      SinkStreamBuf buf(sink);
      std::ostream out(&buf);
      out.exceptions(std::ios::badbit);
      try {
        st->export_csv(q, out);
        out.flush();
      } catch (const std::exception&) {
        return false;  // the client went away (or the store failed): end the response short
      }
      sink.done();
      return true;
    });
  });
}

}  // namespace hc::web
