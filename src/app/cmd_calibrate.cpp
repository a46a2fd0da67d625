// `headcount calibrate`: stereo calibration from chessboard pairs, written as calibration.yml.
#include <cstdio>
#include <iostream>

#include "app/commands.h"
#include "sensor/chessboard_calibration.h"
#include "sensor/image_pattern.h"

namespace hc::app {
namespace {

struct CalibrateOptions {
  std::string left, right, board = "9x6", out = "calibration.yml";
  double square_m = 0.025;
};

int run_calibrate(const CalibrateOptions& o) {
  int cols = 0, rows = 0;
  if (std::sscanf(o.board.c_str(), "%dx%d", &cols, &rows) != 2 || cols < 2 || rows < 2)
    throw std::runtime_error("--board: expected COLSxROWS inner corners, e.g. 9x6");
  if (o.square_m <= 0) throw std::runtime_error("--square: must be positive (metres)");
  const auto l = sensor::expand_image_pattern(o.left), r = sensor::expand_image_pattern(o.right);
  if (l.empty()) throw std::runtime_error("--left: no file matches '" + o.left + "'");
  if (r.empty()) throw std::runtime_error("--right: no file matches '" + o.right + "'");
  const auto res = sensor::calibrate_chessboard(l, r, {cols, rows}, o.square_m);
  for (const auto& s : res.skipped) std::cerr << "calibrate: skipped " << s << "\n";
  res.calibration.save(o.out);
  std::printf("calibrate: %d pairs, RMS reprojection error %.4f px, baseline %.4f m -> %s\n",
              res.pairs_used, res.rms_px, res.calibration.baseline_m(), o.out.c_str());
  return 0;
}

}  // namespace

void add_calibrate_command(CLI::App& app) {
  auto o = std::make_shared<CalibrateOptions>();
  auto* cmd = app.add_subcommand("calibrate", "Compute a stereo calibration from chessboard image pairs");
  cmd->add_option("--left", o->left, "left images: printf pattern (dir/left%02d.jpg), wildcard or file")->required();
  cmd->add_option("--right", o->right, "right images, same form")->required();
  cmd->add_option("--board", o->board, "inner corners COLSxROWS (default 9x6)");
  cmd->add_option("--square", o->square_m, "square side in metres (default 0.025)");
  cmd->add_option("--out", o->out, "output calibration.yml");
  cmd->callback([o] {
    try {
      run_calibrate(*o);
    } catch (const std::exception& e) {
      std::cerr << "calibrate: " << e.what() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace hc::app
