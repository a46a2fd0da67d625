// Report routes (guide 5.4; viewers may use them): GET /report (JSON for the chart) and
// GET /report.csv (the buckets, or with raw=1 every stored event, spooled then streamed).
#include "store/store.h"
#include "web/http_reply.h"
#include "web/report_query.h"
#include "web/server.h"
#include "web/password.h"

#include <filesystem>
#include <fstream>
#include <memory>
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
    // Up to the store's 1,000,000 records (about 40 MB). The store holds its reader lock for the
    // whole export, and the recipients' outbox waits on that lock: so the rows are spooled to a file
    // at disk speed (1M rows: 1.4 s, docs/storage.md) and the client, however slow, reads the file.
    store::Query q;
    q.event = event_of(r.type);
    q.start_s = static_cast<double>(r.from_s);
    q.end_s = static_cast<double>(r.to_s);
    q.index = r.index;
    const auto spool = options_.data_dir / ("report-export-" + random_token(8) + ".csv");
    auto file = std::make_shared<std::ifstream>();
    {
      std::ofstream out(spool, std::ios::binary);
      services_.store->export_csv(q, out);
      out.flush();
      if (out) file->open(spool, std::ios::binary);
      std::error_code ignored;
      std::filesystem::remove(spool, ignored);  // the open stream keeps the data until closed (POSIX)
    }
    if (!file->is_open()) return error(res, 500, "report.csv: cannot spool the export under " + options_.data_dir.string());
    res.set_chunked_content_provider("text/csv; charset=utf-8", [file](size_t, httplib::DataSink& sink) {
      char buf[64 * 1024];
      file->read(buf, sizeof buf);
      if (file->gcount() > 0 && !sink.write(buf, static_cast<size_t>(file->gcount()))) return false;
      if (!*file) sink.done();
      return true;
    });
  });
}

}  // namespace hc::web
