// Census-SGM (Hirschmüller, PAMI 2008; CS-census and 8-bit paths after Spangenberg et al., IV 2014).
// Pass 1 runs top-down, left-to-right paths and stores their byte sum; pass 2 runs bottom-up,
// right-to-left, adds everything in 16 bits packed with the slot index, and takes the left and the
// right winners of the row. O(W * H * D) time, 2 * W * H * D bytes (costs and pass-1 sums, allocated
// once); the vertical paths are one row of W * (D + 2) bytes updated in place.
#include "stereo/census_sgm_matcher.h"


#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <string>

#include "stereo/census_planes.h"
#include "stereo/census_transform.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#include <immintrin.h>
#endif

namespace hc::stereo {

struct CensusSgmMatcher::Workspace {
  std::vector<uint8_t> cost, s1, col, col_min, px_prev;  // col: the vertical paths, updated in place
  std::vector<uint16_t> packed, right_min, best;  // packed: one row, W * D, and one entry each side
  std::vector<uint32_t> neighbours;                // the sub-pixel fit's two packed sums per pixel
};

namespace {
constexpr int kMaxSlots = 128;  // the packed (cost << 7 | slot) format holds 7 bits of slot

void reset_path(std::vector<uint8_t>& buf, int count, int slots, std::vector<uint8_t>& mins) {
  const int stride = slots + 2;
  mins.assign(static_cast<size_t>(count), 0);
  buf.assign(static_cast<size_t>(count * stride), 0);
  for (int i = 0; i < count; ++i) {
    buf[static_cast<size_t>(i * stride)] = 255;
    buf[static_cast<size_t>(i * stride + slots + 1)] = 255;
  }
}

// The vertical paths carry slot k = disparity - base; when base changes between rows the
// previous row's costs move by the change, and slots that did not exist become "unreachable".
void shift_paths(std::vector<uint8_t>& buf, int count, int slots, int shift,
                 std::vector<uint8_t>& mins) {
  if (shift == 0) return;
  const int stride = slots + 2;
  for (int i = 0; i < count; ++i) {
    uint8_t* v = buf.data() + i * stride + 1;
    if (std::abs(shift) >= slots) {
      std::memset(v, 255, static_cast<size_t>(slots));
    } else if (shift > 0) {
      std::memmove(v, v + shift, static_cast<size_t>(slots - shift));
      std::memset(v + slots - shift, 255, static_cast<size_t>(shift));
    } else {
      std::memmove(v - shift, v, static_cast<size_t>(slots + shift));
      std::memset(v, 255, static_cast<size_t>(-shift));
    }
    // The jump penalty is relative to the minimum, so it must follow the shifted values.
    mins[static_cast<size_t>(i)] = *std::min_element(v, v + slots);
  }
}

// Invalidates the winners whose right-image pixel (x - d) lies within kCensusRadiusX columns of
// the image's left edge, the left pixel's own first columns included (x - d <= x). There the
// census window reaches past the edge and reads replicated edge pixels, so its code describes a
// smeared copy of the edge, not the scene; a weak winner of 0-1 px in the first columns passes
// the left-right check (both views agree on the smear), and a filled map copied it across the
// whole unmatched band (venus: +0.15 points of bad pixels; docs/stereo.md, "Quality").
// Disparities never exceed max_d, so only the first kCensusRadiusX + max_d columns are read.
void drop_clipped_census_matches(float* row, int w, int max_d) {
  const float limit = static_cast<float>(kCensusRadiusX) - 0.5f;  // nearest right pixel < radius
  const int end = std::min(w, kCensusRadiusX + max_d + 1);
  for (int x = 0; x < end; ++x) {
    if (is_valid_disparity(row[x]) && static_cast<float>(x) - row[x] < limit) row[x] = kInvalidDisparity;
  }
}

// Marks the pixels of one row whose winner is not unique: the smallest packed total outside the
// winner and its two neighbours (a sub-pixel match spreads over them) is at most (100 + percent) %
// of the winner's. packed: W * D entries as pass2_row writes them, best: their row minima.
bool not_unique(uint16_t best, uint16_t second, int percent) {
  const int winner = best >> 7, runner_up = second >> 7;
  return (runner_up - winner) * 100 <= percent * winner;
}

void mark_ambiguous_row_scalar(const uint16_t* packed, const uint16_t* best, int w, int d,
                               int percent, uint8_t* out) {
  for (int x = 0; x < w; ++x) {
    const int kb = best[x] & 127;
    const uint16_t* p = packed + static_cast<size_t>(x) * d;
    uint16_t second = 0xFFFF;
    for (int k = 0; k < d; ++k)
      if (static_cast<unsigned>(k - kb + 1) > 2u) second = std::min(second, p[k]);
    out[x] = not_unique(best[x], second, percent) ? 255 : 0;
  }
}

#if defined(__SSE2__)
// The same, 16 slots per step: the winner's three slots are ORed to 0xFFFF, then an unsigned
// minimum, and phminposuw for the last 8. ~6x the scalar loop (which the compiler left scalar).
__attribute__((target("avx2"))) void mark_ambiguous_row_avx2(const uint16_t* packed,
                                                             const uint16_t* best, int w, int d,
                                                             int percent, uint8_t* out) {
  const __m256i lanes = _mm256_setr_epi16(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  const __m256i two = _mm256_set1_epi16(2);
  for (int x = 0; x < w; ++x) {
    const int kb = best[x] & 127;
    const uint16_t* p = packed + static_cast<size_t>(x) * d;
    __m256i acc = _mm256_set1_epi16(-1);
    __m256i rel = _mm256_sub_epi16(lanes, _mm256_set1_epi16(static_cast<int16_t>(kb - 1)));
    for (int k = 0; k < d; k += 16) {
      const __m256i near = _mm256_cmpeq_epi16(_mm256_min_epu16(rel, two), rel);  // rel <= 2
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + k));
      acc = _mm256_min_epu16(acc, _mm256_or_si256(v, near));
      rel = _mm256_add_epi16(rel, _mm256_set1_epi16(16));
    }
    const __m128i m = _mm_min_epu16(_mm256_castsi256_si128(acc), _mm256_extracti128_si256(acc, 1));
    const auto second = static_cast<uint16_t>(_mm_cvtsi128_si32(_mm_minpos_epu16(m)));
    out[x] = not_unique(best[x], second, percent) ? 255 : 0;
  }
}
#endif

void mark_ambiguous_row(const uint16_t* packed, const uint16_t* best, int w, int d, int percent,
                        bool force_scalar, uint8_t* out) {
#if defined(__SSE2__)
  static const bool avx2 = __builtin_cpu_supports("avx2");
  if (avx2 && !force_scalar) {
    mark_ambiguous_row_avx2(packed, best, w, d, percent, out);
    return;
  }
#endif
  mark_ambiguous_row_scalar(packed, best, w, d, percent, out);
}
}  // namespace

CensusSgmMatcher::CensusSgmMatcher(const MatcherParameters& p)
    : params_(p),
      kernels_(&select_sgm_kernels(p.force_scalar, p.allow_avx512)),
      slots_((p.num_disparities + 15) / 16 * 16),
      pool_(std::max(1, p.threads)) {
  if (p.num_disparities < 1 || p.num_disparities > kMaxSlots) {
    throw std::invalid_argument("census-sgm: num_disparities must be in 1..128, got " +
                                std::to_string(p.num_disparities));
  }
  if (p.min_disparity < 0) throw std::invalid_argument("census-sgm: min_disparity must be >= 0");
  if (p.p1 < 0 || p.p2 <= p.p1 || p.p2 > 96) {
    throw std::invalid_argument("census-sgm: penalties need 0 <= p1 < p2 <= 96");
  }
  if (p.threads < 1 || p.threads > 256) throw std::invalid_argument("census-sgm: threads in 1..256");
  workspaces_.resize(static_cast<size_t>(pool_.size()));
  for (auto& ws : workspaces_) ws = std::make_unique<Workspace>();
}

CensusSgmMatcher::~CensusSgmMatcher() = default;

void CensusSgmMatcher::build_planes(int y0, int y1) {
  for (int y = y0; y < y1; ++y) {
    reversed_byte_planes(census_right_.ptr<uint32_t>(y), width_,
                         planes_.data() + static_cast<size_t>(y) * 4 * plane_stride_, plane_stride_,
                         params_.force_scalar);
  }
}

void CensusSgmMatcher::run_strip(int ys, int ye, Workspace& ws, cv::Mat& disparity) {
  const int w = width_, d = slots_, h = census_left_.rows;
  const int a = std::max(0, ys - kStripOverlap), b = std::min(h, ye + kStripOverlap);
  const SgmKernels& k = *kernels_;
  ws.s1.resize(static_cast<size_t>((ye - ys) * w * d));
  ws.packed.resize(static_cast<size_t>(w * d + 2));  // pass2_row reads one entry past each end
  ws.best.resize(static_cast<size_t>(w));
  ws.neighbours.resize(static_cast<size_t>(w));
  ws.right_min.resize(static_cast<size_t>(plane_stride_));
  ws.px_prev.resize(static_cast<size_t>(2 * (d + 2)));
  auto base_of = [&](int y) { return bases_[static_cast<size_t>(y)]; };
  // Costs of the strip's rows are computed once in pass 1 and read again in pass 2: storing them
  // measured ~15 % faster than recomputing (the Hamming rows are a fifth of the time).
  ws.cost.resize(static_cast<size_t>(b - a) * w * d);
  auto cost_at = [&](int y) { return ws.cost.data() + static_cast<size_t>(y - a) * w * d; };
  auto s1_row = [&](int y) {
    return y >= ys && y < ye ? ws.s1.data() + static_cast<size_t>(y - ys) * w * d : nullptr;
  };

  // Pass 1: top-down and left-to-right; their byte sum is kept for the strip's own rows.
  reset_path(ws.col, w, d, ws.col_min);
  for (int y = a; y < b; ++y) {
    if (y > a) shift_paths(ws.col, w, d, base_of(y) - base_of(y - 1), ws.col_min);
    k.cost_row(census_left_.ptr<uint32_t>(y),
               planes_.data() + static_cast<size_t>(y) * 4 * plane_stride_, plane_stride_, w,
               base_of(y), d, cost_at(y));
    k.pass1_row(cost_at(y), ws.col.data(), ws.col.data(), ws.col_min.data(), ws.px_prev.data(),
                s1_row(y), w, d, params_.p1, params_.p2);
  }

  // Pass 2: bottom-up and right-to-left, then the winners of each row.
  reset_path(ws.col, w, d, ws.col_min);
  for (int y = b - 1; y >= ys; --y) {
    const int base = base_of(y);
    if (y < b - 1) shift_paths(ws.col, w, d, base - base_of(y + 1), ws.col_min);
    const bool store = y < ye;
    const uint8_t* s1 = store ? ws.s1.data() + static_cast<size_t>(y - ys) * w * d : nullptr;
    k.pass2_row(cost_at(y), ws.col.data(), ws.col.data(), ws.col_min.data(), ws.px_prev.data(),
                s1, ws.packed.data() + 1, ws.best.data(), ws.neighbours.data(), ws.right_min.data(),
                base, w, d, params_.p1, params_.p2);
    if (store) {
      k.resolve_row(ws.best.data(), ws.right_min.data(), ws.neighbours.data(), base, w, d,
                    params_.num_disparities, params_.lr_max_diff, params_.subpixel,
                    disparity.ptr<float>(y));
      if (ambiguity_percent_ >= 0)
        mark_ambiguous_row(ws.packed.data() + 1, ws.best.data(), w, d, ambiguity_percent_,
                           params_.force_scalar, ambiguous_.ptr<uint8_t>(y));
    }
  }
}

void CensusSgmMatcher::compute(const cv::Mat& left, const cv::Mat& right, cv::Mat& disparity,
                               const std::vector<RowRange>& row_ranges) {
  if (left.empty() || left.type() != CV_8UC1 || right.type() != CV_8UC1 ||
      left.size() != right.size()) {
    throw std::invalid_argument("census-sgm: left and right must be CV_8UC1 images of one size");
  }
  if (!row_ranges.empty() && static_cast<int>(row_ranges.size()) != left.rows) {
    throw std::invalid_argument("census-sgm: row_ranges needs one entry per image row");
  }
  const int h = left.rows;
  width_ = left.cols;
  bases_.assign(static_cast<size_t>(h), params_.min_disparity);
  int max_base = params_.min_disparity;
  for (int y = 0; y < static_cast<int>(row_ranges.size()); ++y) {
    bases_[static_cast<size_t>(y)] = std::max(0, row_ranges[static_cast<size_t>(y)].min_px);
    max_base = std::max(max_base, bases_[static_cast<size_t>(y)]);
  }
  plane_stride_ = width_ + max_base + slots_ + 32;

  pool_.parallel_for(2, [&](int i) {
    if (i == 0) census_transform(left, census_left_, pad_left_, params_.force_scalar);
    else census_transform(right, census_right_, pad_right_, params_.force_scalar);
  });
  // The right census as reversed byte planes, once per frame (both passes of every strip use it).
  planes_.resize(static_cast<size_t>(h) * 4 * plane_stride_);
  pool_.parallel_for(pool_.size(), [&](int i) {
    build_planes(h * i / pool_.size(), h * (i + 1) / pool_.size());
  });
  disparity.create(left.size(), CV_32F);
  if (ambiguity_percent_ >= 0) ambiguous_.create(left.size(), CV_8U);
  else ambiguous_.release();
  const int strips = std::min(pool_.size(), std::max(1, h / 16));
  pool_.parallel_for(strips, [&](int s) {
    const int ys = h * s / strips, ye = h * (s + 1) / strips;
    run_strip(ys, ye, *workspaces_[static_cast<size_t>(s)], disparity);
  });
  // Before the median, so that it does not spread them, and after it, as it can move a valid pixel
  // to a neighbour's disparity.
  const int max_d = max_base + slots_;
  auto drop_clipped = [&] {
    for (int y = 0; y < disparity.rows; ++y)
      drop_clipped_census_matches(disparity.ptr<float>(y), width_, max_d);
  };
  drop_clipped();
  if (params_.median) {
    median_.apply(disparity);  // a median is one of its inputs: invalid -1 stays -1
    drop_clipped();
  }
  if (params_.fill_invalid) fill_invalid_rows(disparity);
}

namespace {
// One bit per pixel of the row, set where the disparity is invalid (!(d >= 0), so NaN too), in
// 64-bit words; the bits past the row's end are clear. Four compares per SSE2 movemask.
void invalid_bits(const float* row, int w, std::vector<uint64_t>& bits) {
  bits.assign(static_cast<size_t>(w + 63) / 64, 0);
  int x = 0;
#if defined(__SSE2__)
  // Whole words in a register (an OR into memory per four pixels made a serial chain).
  const __m128 zero = _mm_setzero_ps();
  for (; x + 64 <= w; x += 64) {
    uint64_t word = 0;
    for (int j = 0; j < 64; j += 4) {
      const int m = _mm_movemask_ps(_mm_cmpnge_ps(_mm_loadu_ps(row + x + j), zero));
      word |= static_cast<uint64_t>(m) << j;
    }
    bits[static_cast<size_t>(x) / 64] = word;
  }
#endif
  for (; x < w; ++x) {
    if (!is_valid_disparity(row[x])) bits[static_cast<size_t>(x) / 64] |= uint64_t{1} << (x % 64);
  }
}

// The first x' >= x whose bit equals `set`, or w (the words past the row read as valid).
int next_bit(const std::vector<uint64_t>& bits, int x, int w, bool set) {
  size_t i = static_cast<size_t>(x) / 64;
  uint64_t word = (set ? bits[i] : ~bits[i]) & (~uint64_t{0} << (x % 64));
  while (word == 0) {
    if (++i == bits.size()) return w;
    word = set ? bits[i] : ~bits[i];
  }
  return std::min(w, static_cast<int>(i * 64) + __builtin_ctzll(word));
}
}  // namespace

// Runs of invalid pixels are found from a bit mask of the row: a few branches per run instead of
// the per-pixel scans, whose exits mispredicted at every run's start and end (many short runs on
// cones-640x400).
void fill_invalid_rows(cv::Mat& disparity) {
  std::vector<uint64_t> bits;
  const int w = disparity.cols;
  if (w == 0) return;
  for (int y = 0; y < disparity.rows; ++y) {
    float* row = disparity.ptr<float>(y);
    invalid_bits(row, w, bits);
    for (int x = next_bit(bits, 0, w, true); x < w;) {
      const int end = next_bit(bits, x, w, false);
      const float lv = x > 0 ? row[x - 1] : kInvalidDisparity;
      const float rv = end < w ? row[end] : kInvalidDisparity;
      float v = kInvalidDisparity;
      if (is_valid_disparity(lv) && is_valid_disparity(rv)) v = std::min(lv, rv);
      else if (is_valid_disparity(lv)) v = lv;
      else v = rv;
      std::fill(row + x, row + end, v);
      x = end < w ? next_bit(bits, end, w, true) : w;
    }
  }
}

}  // namespace hc::stereo
