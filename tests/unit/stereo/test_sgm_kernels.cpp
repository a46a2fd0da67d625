// Every optimised kernel against the plain scalar reference, on random data with odd widths.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <random>
#include <utility>
#include <vector>

#include "stereo/census_planes.h"
#include "stereo/census_sgm_matcher.h"
#include "stereo/census_transform.h"
#include "stereo/sgm_kernels.h"
#include "synthetic_scene.h"

namespace hc::stereo {
namespace {

const SgmKernels* simd_or_skip() { return avx2_sgm_kernels(); }

// Every SIMD set this CPU runs: plain AVX2 and, where present, AVX2 with the BITALG cost row.
std::vector<const SgmKernels*> simd_sets() {
  std::vector<const SgmKernels*> out;
  for (const bool wide : {false, true}) {
    const SgmKernels* k = avx2_sgm_kernels(wide);
    if (k && std::find(out.begin(), out.end(), k) == out.end()) out.push_back(k);
  }
  return out;
}

class SgmKernelSet : public ::testing::TestWithParam<const SgmKernels*> {};

std::vector<uint8_t> random_bytes(size_t n, int lo, int hi, std::mt19937& rng) {
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(d(rng));
  return v;
}

TEST(CensusTransform, FastMatchesReferenceOnOddSizes) {
  for (auto [w, h] : {std::pair{37, 23}, {101, 9}, {9, 7}, {3, 2}, {641, 5}, {95, 13}}) {
    const cv::Mat img = testing::random_image(w, h, static_cast<unsigned>(w * 31 + h));
    cv::Mat fast, scalar, ref, pad;
    census_transform(img, fast, pad);
    census_transform(img, scalar, pad, true);
    census_transform_reference(img, ref);
    ASSERT_EQ(cv::countNonZero(fast != ref), 0) << w << "x" << h;
    ASSERT_EQ(cv::countNonZero(scalar != ref), 0) << w << "x" << h;
  }
}

TEST(CensusTransform, RejectsWrongType) {
  cv::Mat img(5, 5, CV_16UC1, cv::Scalar(0)), out, pad;
  EXPECT_THROW(census_transform(img, out, pad), std::invalid_argument);
}

TEST(CensusPlanes, FastMatchesPlainDefinitionOnOddWidths) {
  std::mt19937 rng(5);
  for (int w : {1, 15, 16, 17, 37, 101, 641}) {
    const int stride = w + 45;
    std::vector<uint32_t> codes(static_cast<size_t>(w));
    for (auto& c : codes) c = static_cast<uint32_t>(rng());
    std::vector<uint8_t> expected(static_cast<size_t>(4 * stride));
    for (int p = 0; p < 4; ++p) {
      for (int r = 0; r < stride; ++r) {
        const uint32_t code = codes[static_cast<size_t>(r < w ? w - 1 - r : 0)];
        expected[static_cast<size_t>(p * stride + r)] = static_cast<uint8_t>(code >> (8 * p));
      }
    }
    for (const bool scalar : {false, true}) {
      std::vector<uint8_t> planes(expected.size(), 0xAB);
      reversed_byte_planes(codes.data(), w, planes.data(), stride, scalar);
      ASSERT_EQ(planes, expected) << "width " << w << (scalar ? " scalar" : " fast");
    }
  }
}

TEST_P(SgmKernelSet, CostRowMatchesScalar) {
  const SgmKernels* simd = GetParam();
  std::mt19937 rng(7);
  for (int w : {1, 17, 99, 333}) {
    for (int slots : {16, 32, 48, 64, 112, 128}) {
      for (int base : {0, 3, 21}) {
        const int stride = w + base + slots + 32;
        std::vector<uint32_t> cl(static_cast<size_t>(w));
        for (auto& c : cl) c = rng() & 0x7FFFFFFFu;
        const auto planes = random_bytes(static_cast<size_t>(4 * stride), 0, 255, rng);
        std::vector<uint8_t> a(static_cast<size_t>(w * slots)), b(a.size());
        scalar_sgm_kernels().cost_row(cl.data(), planes.data(), stride, w, base, slots, a.data());
        simd->cost_row(cl.data(), planes.data(), stride, w, base, slots, b.data());
        ASSERT_EQ(a, b) << w << " " << slots << " " << base;
      }
    }
  }
}

TEST_P(SgmKernelSet, AggregateMatchesScalar) {
  const SgmKernels* simd = GetParam();
  std::mt19937 rng(11);
  for (int slots : {16, 32, 48, 64, 80, 96, 128}) {
    for (int trial = 0; trial < 50; ++trial) {
      const int p1 = static_cast<int>(rng() % 20), p2 = p1 + 1 + static_cast<int>(rng() % (96 - p1));
      const auto cost = random_bytes(static_cast<size_t>(slots), 0, 31, rng);
      auto prev = random_bytes(static_cast<size_t>(slots + 2), trial % 3 == 0 ? 200 : 0, 255, rng);
      prev.front() = prev.back() = 255;
      std::vector<uint8_t> a(prev.size(), 0), b(prev.size(), 0);
      scalar_sgm_kernels().aggregate(cost.data(), prev.data(), a.data(), slots, p1, p2);
      simd->aggregate(cost.data(), prev.data(), b.data(), slots, p1, p2);
      ASSERT_EQ(a, b) << slots << " trial " << trial;
    }
  }
}

TEST_P(SgmKernelSet, AddSumPackAndMinMatchScalar) {
  const SgmKernels* simd = GetParam();
  std::mt19937 rng(13);
  for (int slots : {16, 48, 64, 128}) {
    const auto pa = random_bytes(static_cast<size_t>(slots + 2), 0, 127, rng);
    const auto pb = random_bytes(static_cast<size_t>(slots + 2), 0, 127, rng);
    std::vector<uint8_t> sa(static_cast<size_t>(slots)), sb(sa.size());
    scalar_sgm_kernels().add_paths(pa.data(), pb.data(), sa.data(), slots);
    simd->add_paths(pa.data(), pb.data(), sb.data(), slots);
    ASSERT_EQ(sa, sb);
    std::vector<uint16_t> ka(static_cast<size_t>(slots)), kb(ka.size());
    const uint16_t ma = scalar_sgm_kernels().sum_pack(sa.data(), pa.data(), pb.data(), ka.data(), slots);
    const uint16_t mb = simd->sum_pack(sa.data(), pa.data(), pb.data(), kb.data(), slots);
    ASSERT_EQ(ka, kb);
    ASSERT_EQ(ma, mb);
  }
  for (int n : {1, 15, 17, 33, 131}) {
    std::vector<uint16_t> src(static_cast<size_t>(n)), da(src.size());
    for (auto& v : src) v = static_cast<uint16_t>(rng());
    for (auto& v : da) v = static_cast<uint16_t>(rng());
    auto db = da;
    scalar_sgm_kernels().min_into(da.data(), src.data(), n);
    simd->min_into(db.data(), src.data(), n);
    ASSERT_EQ(da, db) << n;
  }
}

TEST_P(SgmKernelSet, FusedRowPassesMatchScalar) {
  const SgmKernels* simd = GetParam();
  const SgmKernels& ref = scalar_sgm_kernels();
  std::mt19937 rng(17);
  // The matcher's penalties, then the extremes the matcher accepts (the step's folded jump term
  // relies on every candidate being >= the previous minimum, for any P1 < P2 <= 96).
  for (auto [p1, p2] : {std::pair{16, 36}, std::pair{0, 1}, std::pair{7, 96}, std::pair{95, 96}}) {
    for (int slots : {16, 32, 48, 64, 80, 96, 128}) {  // fixed-size and generic instantiations
      for (int w : {37, 3, 1}) {  // odd widths, and rows shorter than the prefetch distance
        const int stride = slots + 2, base = 3;
        const auto cost = random_bytes(static_cast<size_t>(w * slots), 0, 31, rng);
        auto col = random_bytes(static_cast<size_t>(w * stride), 0, 120, rng);
        for (int x = 0; x < w; ++x) col[static_cast<size_t>(x * stride)] = col[static_cast<size_t>(x * stride + slots + 1)] = 255;
        std::vector<uint8_t> mins(static_cast<size_t>(w));
        for (int x = 0; x < w; ++x) mins[static_cast<size_t>(x)] = *std::min_element(col.begin() + x * stride + 1, col.begin() + x * stride + 1 + slots);
        // in_place: the vertical paths read and written in one buffer, as the matcher runs them.
        auto run = [&](const SgmKernels& k, bool in_place, std::vector<uint8_t>& s1,
                       std::vector<uint16_t>& packed, std::vector<uint16_t>& best,
                       std::vector<uint32_t>& neighbours, std::vector<uint16_t>& right) {
          auto prev = col, cur = col, m = mins;
          std::vector<uint8_t> scratch(static_cast<size_t>(2 * stride));
          uint8_t* out = in_place ? prev.data() : cur.data();
          k.pass1_row(cost.data(), prev.data(), out, m.data(), scratch.data(), s1.data(), w, slots, p1, p2);
          auto cur2 = col;
          uint8_t* out2 = in_place ? out : cur2.data();
          k.pass2_row(cost.data(), out, out2, m.data(), scratch.data(), s1.data(), packed.data() + 1,
                      best.data(), neighbours.data(), right.data(), base, w, slots, p1, p2);
          return std::vector<uint8_t>(out2, out2 + col.size());
        };
        std::vector<uint8_t> s1a(static_cast<size_t>(w * slots));
        // packed: the row and one padding entry on each side (pass2_row's contract).
        constexpr uint16_t kPad = 0xABCD;
        std::vector<uint16_t> pa(static_cast<size_t>(w * slots + 2), kPad), ba(static_cast<size_t>(w));
        std::vector<uint16_t> ra(static_cast<size_t>(w + base + slots + 32), 0xFFFF);
        std::vector<uint32_t> na(static_cast<size_t>(w));
        const auto ca = run(ref, false, s1a, pa, ba, na, ra);
        // The fit's neighbours against their definition (sgm_kernels.h): the packed sums of the
        // winner's neighbour slots, not clamped (at slot 0 or D - 1: the adjacent pixel's sums or
        // the padding entry before or after the row, which pass2_row leaves as it was).
        ASSERT_EQ(kPad, pa.front());
        ASSERT_EQ(kPad, pa.back());
        for (int x = 0; x < w; ++x) {
          const int kb = ba[static_cast<size_t>(x)] & 127;
          const uint16_t* pk = pa.data() + 1 + x * slots + kb;
          const uint32_t expected = pk[-1] | static_cast<uint32_t>(pk[1]) << 16;
          ASSERT_EQ(expected, na[static_cast<size_t>(x)]) << slots << " w " << w << " x " << x;
        }
        for (int variant = 0; variant < 3; ++variant) {  // SIMD two buffers, SIMD and scalar in place
          const SgmKernels& k = variant == 2 ? ref : *simd;
          std::vector<uint8_t> s1b(s1a.size());
          std::vector<uint16_t> pb(pa.size(), kPad), bb(ba.size()), rb(ra.size(), 0xFFFF);
          std::vector<uint32_t> nb(na.size());
          const auto cb = run(k, variant > 0, s1b, pb, bb, nb, rb);
          ASSERT_EQ(s1a, s1b) << slots << " variant " << variant;
          ASSERT_EQ(pa, pb) << slots << " variant " << variant;
          ASSERT_EQ(ba, bb) << slots << " variant " << variant;
          ASSERT_EQ(na, nb) << slots << " w " << w << " variant " << variant;
          ASSERT_EQ(ra, rb) << slots << " variant " << variant;
          ASSERT_EQ(ca, cb) << slots << " w " << w << " variant " << variant << " p1 " << p1 << " p2 " << p2;
        }
      }
    }
  }
}

TEST_P(SgmKernelSet, ResolveRowMatchesScalarBitExactly) {
  const SgmKernels* simd = GetParam();
  std::mt19937 rng(19);
  int unmatched = 0;  // winners with x - d < 0 among the cases
  for (int w : {1, 7, 9, 37, 333}) {
    for (int slots : {16, 48, 64}) {
      for (int base : {0, 5}) {
        // Packed totals in a narrow range so that ties, flat fits and exact left-right agreement occur.
        std::vector<uint16_t> packed(static_cast<size_t>(w * slots)), best(static_cast<size_t>(w));
        for (int x = 0; x < w; ++x) {
          for (int k = 0; k < slots; ++k) {
            packed[static_cast<size_t>(x * slots + k)] = static_cast<uint16_t>((rng() % 40) << 7 | k);
          }
          best[static_cast<size_t>(x)] = *std::min_element(packed.begin() + x * slots, packed.begin() + (x + 1) * slots);
        }
        std::vector<uint16_t> right(static_cast<size_t>(w + base + slots + 32));
        for (auto& r : right) r = static_cast<uint16_t>(rng() % 3 == 0 ? 0xFFFF : rng() % 4096);
        // The fit's neighbours as pass2_row leaves them; at the edge slots (kb = 0 or D - 1)
        // pass2_row stores whatever lies next to the pixel's sums, so random values here: the
        // resolve step must not read them.
        std::vector<uint32_t> neighbours(static_cast<size_t>(w));
        for (int x = 0; x < w; ++x) {
          const int kb = best[static_cast<size_t>(x)] & 127;
          const uint16_t* pk = packed.data() + x * slots + kb;
          neighbours[static_cast<size_t>(x)] = kb > 0 && kb < slots - 1 ? pk[-1] | static_cast<uint32_t>(pk[1]) << 16 : static_cast<uint32_t>(rng());
        }
        for (const int lr : {-1, 0, 2}) {
          for (const bool subpixel : {false, true}) {
            std::vector<float> a(static_cast<size_t>(w)), b(a.size());
            scalar_sgm_kernels().resolve_row(best.data(), right.data(), neighbours.data(), base, w, slots, slots - 3, lr, subpixel, a.data());
            simd->resolve_row(best.data(), right.data(), neighbours.data(), base, w, slots, slots - 3, lr, subpixel, b.data());
            ASSERT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(float)))
                << w << " " << slots << " " << base << " lr " << lr << " subpixel " << subpixel;
            // A plain reference written from the definition in sgm_kernels.h, for both sets.
            std::vector<float> expected(a.size());
            for (int x = 0; x < w; ++x) {
              const int kb = best[static_cast<size_t>(x)] & 127, xr = x - base - kb;
              bool valid = xr >= 0 && kb < slots - 3;
              if (valid && lr >= 0) valid = std::abs((right[static_cast<size_t>(w - 1 - xr)] & 127) - kb) <= lr;
              float disp = valid ? static_cast<float>(base + kb) : kInvalidDisparity;
              if (valid && subpixel && kb > 0 && kb < slots - 1) {
                const uint16_t* pk = packed.data() + x * slots + kb;
                const int c0 = pk[-1] >> 7, c1 = pk[0] >> 7, c2 = pk[1] >> 7, rise = std::max(c0, c2) - c1;
                if (rise > 0) disp += 0.5f * static_cast<float>(c0 - c2) / static_cast<float>(rise);
              }
              expected[static_cast<size_t>(x)] = disp;
              // A winner without a counterpart in the right image (x - d < 0) is invalid.
              if (xr < 0) ++unmatched;
            }
            ASSERT_EQ(0, std::memcmp(a.data(), expected.data(), a.size() * sizeof(float)))
                << w << " " << slots << " " << base << " lr " << lr << " subpixel " << subpixel;
          }
        }
      }
    }
  }
  EXPECT_GT(unmatched, 1000);
}

// Without AVX2 there is nothing to compare: the suite has no instances.
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(SgmKernelSet);
INSTANTIATE_TEST_SUITE_P(Simd, SgmKernelSet, ::testing::ValuesIn(simd_sets()),
                         [](const auto& param_info) {
                           return std::string(param_info.param->name) == "avx2" ? "avx2" : "avx2_bitalg";
                         });

TEST(CensusSgm, SimdAndScalarMatchersAgreeExactly) {
  if (!simd_or_skip()) GTEST_SKIP() << "no AVX2 on this CPU";
  for (auto [w, h, wide] : {std::tuple{97, 41, false}, {131, 67, false}, {97, 41, true}, {131, 67, true}}) {
    const cv::Mat left = testing::random_image(w, h, 3), right = testing::random_image(w, h, 4);
    MatcherParameters p;
    p.num_disparities = 40;  // 48 slots: exercises the 16-slot tails
    p.allow_avx512 = wide;
    CensusSgmMatcher fast(p);
    p.force_scalar = true;
    CensusSgmMatcher slow(p);
    cv::Mat a, b;
    fast.compute(left, right, a);
    slow.compute(left, right, b);
    ASSERT_EQ(cv::norm(a, b, cv::NORM_INF), 0.0) << w << "x" << h;
    // Per-row ranges too.
    std::vector<RowRange> ranges(static_cast<size_t>(h));
    for (int y = 0; y < h; ++y) ranges[static_cast<size_t>(y)].min_px = y / 5;
    fast.compute(left, right, a, ranges);
    slow.compute(left, right, b, ranges);
    ASSERT_EQ(cv::norm(a, b, cv::NORM_INF), 0.0) << w << "x" << h << " with row ranges";
  }
}

}  // namespace
}  // namespace hc::stereo
