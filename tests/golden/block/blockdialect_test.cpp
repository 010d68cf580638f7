// BlockDialect / DialectFP4 (formats.md §4, §6.7): the formatbook, the
// beneficial ranges re-derived from nearest-value errors, the worked example,
// the two-stage rule against a plain re-statement on exact rationals, the
// exact-MSE choice against brute force, ties, zero/NaN blocks, both ends of
// E8M0, FP16/BF16/FP32 inputs, MX mode, and the exact block dot product.
#include <gtest/gtest.h>

#include <random>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/bf16.hpp"
#include "golden/formats/dialectfp4.hpp"
#include "golden/formats/e2m1.hpp"
#include "golden/formats/fp16.hpp"
#include "golden/formats/minifloat.hpp"
#include "tests/golden/reference.hpp"

namespace qmac::test {
namespace {

using golden::BlockDialectQuantizer;
using golden::DialectBlockMeta;
using golden::DialectFp4;
using golden::DialectSelect;

std::uint32_t f32(float x) { return std::bit_cast<std::uint32_t>(x); }

// formats.md §4.3 "real top two" column, written out independently.
const std::vector<std::pair<Rational, Rational>> kTopTwo = {
    {Rational(11, 2), Rational(15, 2)}, {Rational(9, 2), Rational(15, 2)}, {Rational(11, 2), 7}, {Rational(9, 2), 7},
    {5, Rational(13, 2)}, {4, Rational(13, 2)}, {5, 6}, {4, 6}, {Rational(9, 2), Rational(11, 2)},
    {Rational(7, 2), Rational(11, 2)}, {Rational(9, 2), 5}, {Rational(7, 2), 5}, {4, Rational(9, 2)},
    {Rational(7, 2), Rational(9, 2)}, {Rational(7, 2), 4}, {3, 4}};

TEST(DialectFp4, EveryDialectsDecodeTable) {
  for (int d = 0; d < 16; ++d) {
    for (std::uint8_t c = 0; c < 16; ++c) {
      const Rational v = to_rational(DialectFp4::decode(d, c));
      const std::uint8_t idx = c & 7;
      Rational want;
      if (idx <= 4) want = Rational(idx, 2);  // 0 .5 1 1.5 2, shared by all
      else if (idx == 5) want = d == 15 ? Rational(5, 2) : Rational(3);
      else if (idx == 6) want = kTopTwo[static_cast<std::size_t>(d)].first;
      else want = kTopTwo[static_cast<std::size_t>(d)].second;
      ASSERT_EQ(v, (c & 8) ? Rational(-want) : want) << "dialect " << d << " code " << int(c);
    }
    // Pair structure: both members share the max 15 - p half-units.
    EXPECT_EQ(DialectFp4::magnitude_hu(d, 7), 15 - d / 2);
  }
  // Dialect 7 is FP4 E2M1 exactly.
  for (std::uint8_t c = 0; c < 16; ++c)
    EXPECT_EQ(to_rational(DialectFp4::decode(7, c)), to_rational(golden::E2M1::decode(c)));
}

Rational nearest_error(int d, const Rational& a) {
  Rational best = -1;
  for (int i = 0; i < 8; ++i) {
    const Rational e = boost::multiprecision::abs(a - Rational(DialectFp4::magnitude_hu(d, static_cast<std::uint8_t>(i)), 2));
    if (best < 0 || e < best) best = e;
  }
  return best;
}

TEST(DialectFp4, BeneficialRangesAreWhereAMemberIsStrictlyBetter) {
  for (int p = 0; p < 8; ++p) {
    const auto& [ra, rb] = DialectFp4::kBeneficial[static_cast<std::size_t>(p)];
    for (unsigned t = 0; t < 32; ++t) {
      // Every interior point of the cell [t/4, (t+1)/4) (sampled on 1/64).
      bool a_better = true, b_better = true;
      for (int k = 1; k < 16; ++k) {
        const Rational x = Rational(t, 4) + Rational(k, 64);
        const Rational ea = nearest_error(2 * p, x), eb = nearest_error(2 * p + 1, x);
        a_better &= ea < eb;
        b_better &= eb < ea;
      }
      EXPECT_EQ(t >= ra.lo && t < ra.hi, a_better) << "pair " << p << " t " << t;
      EXPECT_EQ(t >= rb.lo && t < rb.hi, b_better) << "pair " << p << " t " << t;
    }
  }
}

std::vector<std::uint32_t> worked_block() {
  std::vector<std::uint32_t> v = {f32(7.3f), f32(-5.1f), f32(4.9f), f32(4.6f), f32(3.1f), f32(-2.2f), f32(1.0f), f32(0.4f)};
  v.resize(32, 0);
  return v;
}

TEST(BlockDialect, WorkedExampleOfFormatsMd) {
  for (auto sel : {DialectSelect::TwoStage, DialectSelect::Mse}) {
    BlockDialectQuantizer q(32, sel);
    std::vector<std::uint8_t> codes(32);
    const DialectBlockMeta m = q.quantize(worked_block(), codes);
    EXPECT_EQ(m.scale, 0x7F);
    EXPECT_EQ(m.dialect, 1) << "both rules pick dialect 1";
    const std::vector<std::uint8_t> want = {0x7, 0xE, 0x6, 0x6, 0x5, 0xC, 0x2, 0x1};
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(codes[i], want[i]) << i;
    const std::vector<Rational> vals = {Rational(15, 2), Rational(-9, 2), Rational(9, 2), Rational(9, 2), 3, -2, 1, Rational(1, 2)};
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(to_rational(BlockDialectQuantizer::element_value(m, codes[i])), vals[i]);
  }
}

// The two-stage rule of formats.md §4.5 written plainly on exact rationals.
struct PlainResult {
  int es, dialect;
  std::vector<int> idx;
};
static Rational r32(std::uint32_t b);
PlainResult plain_two_stage(const std::vector<std::uint32_t>& x) {
  Rational amax = 0;
  for (auto b : x) amax = std::max(amax, Rational(boost::multiprecision::abs(r32(b))));
  int e = 0;
  while (pow2(e) > amax) --e;
  while (pow2(e + 1) <= amax) ++e;
  const int es = std::max(e - 2, -127);
  std::vector<int> t;
  for (auto b : x) {
    const Rational s = boost::multiprecision::abs(r32(b)) * pow2(2 - es);
    t.push_back(static_cast<int>(boost::multiprecision::numerator(s) / boost::multiprecision::denominator(s)));
  }
  const int tmax = *std::max_element(t.begin(), t.end());
  const int h = std::min(15, (tmax + 1) / 2);
  const int p = std::min(7, 15 - h);
  // Ranges from formats.md §4.5's table.
  static const int A[8][2] = {{20, 26}, {20, 25}, {18, 23}, {18, 22}, {16, 20}, {16, 19}, {15, 17}, {13, 15}};
  static const int B[8][2] = {{15, 20}, {15, 20}, {14, 18}, {14, 18}, {13, 16}, {13, 16}, {13, 15}, {9, 11}};
  int ca = 0, cb = 0;
  for (int v : t) {
    ca += v >= A[p][0] && v < A[p][1];
    cb += v >= B[p][0] && v < B[p][1];
  }
  const int d = ca >= cb ? 2 * p : 2 * p + 1;
  PlainResult r{es, d, {}};
  for (int v : t) {  // nearest, ties to the larger magnitude
    int idx = 0;
    for (int j = 0; j < 7; ++j)
      if (v >= DialectFp4::magnitude_hu(d, static_cast<std::uint8_t>(j)) + DialectFp4::magnitude_hu(d, static_cast<std::uint8_t>(j + 1))) idx = j + 1;
    r.idx.push_back(idx);
  }
  return r;
}
static Rational r32(std::uint32_t b) { return to_rational(golden::from_fp32_bits(b)); }
static Rational r32_impl(std::uint32_t b) { return r32(b); }

std::vector<std::uint32_t> random_block(std::mt19937& rng, int k) {
  std::vector<std::uint32_t> x(static_cast<std::size_t>(k));
  const int kind = static_cast<int>(rng() % 4);
  std::normal_distribution<float> nd(0.0f, std::ldexp(1.0f, static_cast<int>(rng() % 40) - 20));
  std::student_t_distribution<float> td(2.0f);
  for (auto& v : x) {
    float f = kind == 0 ? nd(rng) : kind == 1 ? td(rng) * 0.01f : kind == 2 ? static_cast<float>(rng() % 64) / 8.0f - 4.0f : nd(rng) * (rng() % 8 == 0 ? 30.0f : 1.0f);
    v = f32(f);
  }
  return x;
}

TEST(BlockDialect, TwoStageEqualsThePlainRuleOnRandomBlocks) {
  std::mt19937 rng(2501);
  BlockDialectQuantizer q(32);
  std::array<int, 16> seen{};
  for (int run = 0; run < 20000; ++run) {
    const auto x = random_block(rng, 32);
    std::vector<std::uint8_t> codes(32);
    const DialectBlockMeta m = q.quantize(x, codes);
    const PlainResult r = plain_two_stage(x);
    ASSERT_EQ(m.scale, r.es + 127) << "run " << run;
    ASSERT_EQ(m.dialect, r.dialect) << "run " << run;
    ++seen[m.dialect];
    for (std::size_t i = 0; i < 32; ++i) {
      ASSERT_EQ(codes[i] & 7, r.idx[i]) << "run " << run << " element " << i;
      ASSERT_EQ((codes[i] >> 3) & 1, x[i] >> 31) << "sign";
    }
  }
  for (int d = 0; d < 16; ++d) EXPECT_GT(seen[static_cast<std::size_t>(d)], 0) << "dialect " << d << " never chosen";
}

TEST(BlockDialect, StageTwoTieGoesToTheEvenMember) {
  // Pair 0 (max t 29..31 -> h 15): one element in A [20,26) and one in B [15,20).
  std::vector<std::uint32_t> x(32, 0);
  x[0] = f32(7.5f);   // t = 30
  x[1] = f32(5.25f);  // t = 21 in A
  x[2] = f32(4.25f);  // t = 17 in B
  BlockDialectQuantizer q;
  std::vector<std::uint8_t> codes(32);
  EXPECT_EQ(q.quantize(x, codes).dialect, 0);
  x[3] = f32(4.0f);  // t = 16, B gets ahead
  EXPECT_EQ(q.quantize(x, codes).dialect, 1);
}

TEST(BlockDialect, MseIsTheExactMinimumWithLowestIdOnTies) {
  std::mt19937 rng(77);
  for (int run = 0; run < 800; ++run) {
    const auto x = random_block(rng, 32);
    BlockDialectQuantizer q(32, DialectSelect::Mse);
    std::vector<std::uint8_t> codes(32);
    const DialectBlockMeta m = q.quantize(x, codes);
    const int es = static_cast<int>(m.scale) - 127;
    Rational best = -1;
    int best_d = -1;
    for (int d = 0; d < 16; ++d) {
      Rational err = 0;
      for (auto b : x) {
        const Rational a = boost::multiprecision::abs(r32_impl(b)) / pow2(es);
        // nearest value, ties to the larger
        Rational q_best = 0, e_best = -1;
        for (int i = 0; i < 8; ++i) {
          const Rational v = Rational(DialectFp4::magnitude_hu(d, static_cast<std::uint8_t>(i)), 2);
          const Rational e = boost::multiprecision::abs(a - v);
          if (e_best < 0 || e <= e_best) { e_best = e; q_best = v; }
        }
        err += (a - q_best) * (a - q_best);
      }
      if (best < 0 || err < best) { best = err; best_d = d; }
    }
    ASSERT_EQ(m.dialect, best_d) << "run " << run;
  }
}

TEST(BlockDialect, ZeroNaNAndBothEndsOfE8M0) {
  BlockDialectQuantizer q;
  std::vector<std::uint8_t> codes(32, 0xA);
  std::vector<std::uint32_t> zeros(32, 0);
  zeros[5] = 0x80000000u;
  EXPECT_EQ(q.quantize(zeros, codes), (DialectBlockMeta{0x00, 7}));
  for (auto c : codes) EXPECT_EQ(c, 0);
  auto nan = worked_block();
  nan[9] = 0x7FC00000u;
  EXPECT_EQ(q.quantize(nan, codes), (DialectBlockMeta{0xFF, 7}));
  EXPECT_TRUE(BlockDialectQuantizer::element_value({0xFF, 7}, 0).is_nan());
  std::vector<std::uint32_t> huge(32, 0x7F7FFFFFu);  // Es = 127 - 2
  const auto mh = q.quantize(huge, codes);
  EXPECT_EQ(mh.scale, 125 + 127);
  EXPECT_EQ(mh.dialect, 0) << "t = 31 -> h = 15 (clamped) -> pair 0; A range empty, B empty -> tie -> even";
  EXPECT_EQ(codes[0], 0x7) << "7.99.. rounds to 7.5";
  std::vector<std::uint32_t> tiny(32, 0x00000001u);  // 2^-149: Es clamps to -127
  const auto mt = q.quantize(tiny, codes);
  EXPECT_EQ(mt.scale, 0x00);
  EXPECT_EQ(codes[0], 0x0) << "underflows to 0 in quarter-units";
}

TEST(BlockDialect, Fp16Bf16AndFp32InputsAgreeWithTheirValues) {
  std::mt19937 rng(5);
  BlockDialectQuantizer q;
  for (int run = 0; run < 2000; ++run) {
    std::vector<std::uint32_t> x(32);
    for (auto& v : x) {
      const std::uint64_t code = rng() & 0xFFFF;
      const auto val = run % 2 ? golden::Fp16::decode(code) : golden::Bf16::decode(code);
      v = (val.is_nan() || val.is_inf()) ? 0u : golden::to_fp32_bits(val);  // exact widening
    }
    std::vector<std::uint8_t> codes(32);
    const auto m = q.quantize(x, codes);
    if (m.scale == 0xFF) continue;
    const PlainResult r = plain_two_stage(x);
    ASSERT_EQ(m.dialect, r.dialect);
    for (std::size_t i = 0; i < 32; ++i) ASSERT_EQ(codes[i] & 7, r.idx[i]);
  }
}

TEST(BlockDialect, MxModeIsOcpMxfp4) {
  std::mt19937 rng(9);
  BlockDialectQuantizer q(32, DialectSelect::Mx);
  golden::MxBlockQuantizer mx(golden::find_format("mxfp4"));
  for (int run = 0; run < 2000; ++run) {
    const auto x = random_block(rng, 32);
    std::vector<std::uint8_t> a(32), b(32);
    const auto m = q.quantize(x, a);
    EXPECT_EQ(m.scale, mx.quantize(x, b));
    EXPECT_EQ(m.dialect, 7);
    ASSERT_EQ(a, b) << "run " << run;
  }
}

TEST(BlockDialect, BlockDotIsTheScaledIntegerSum) {
  std::mt19937 rng(13);
  BlockDialectQuantizer q;
  for (int run = 0; run < 2000; ++run) {
    const auto x = random_block(rng, 32), y = random_block(rng, 32);
    std::vector<std::uint8_t> cx(32), cy(32);
    const auto mx = q.quantize(x, cx), my = q.quantize(y, cy);
    Rational want = 0;
    for (std::size_t i = 0; i < 32; ++i)
      want += to_rational(BlockDialectQuantizer::element_value(mx, cx[i])) * to_rational(BlockDialectQuantizer::element_value(my, cy[i]));
    ASSERT_EQ(to_rational(golden::dialect_block_dot(mx, cx, my, cy)), want) << "run " << run;
  }
}

// Stage 2's tie (formats.md §4.1 (a)): block max 23 quarter-units rounds to 12
// half-units, pair 3 (dialects 6 and 7, ranges [18, 22) and [14, 18)). One
// element in each range is a tie: Even keeps dialect 6, OddUnlessEvenLarger
// takes 7; a strict majority for the even member gives 6 either way.
TEST(BlockDialect, StageTwoTieRule) {
  using golden::BlockDialectQuantizer;
  using golden::DialectTie;
  const std::vector<unsigned> tie = {23, 18, 14, 0}, even_more = {23, 18, 19, 14};
  EXPECT_EQ(BlockDialectQuantizer::two_stage_dialect(tie, DialectTie::Even), 6);
  EXPECT_EQ(BlockDialectQuantizer::two_stage_dialect(tie, DialectTie::OddUnlessEvenLarger), 7);
  EXPECT_EQ(BlockDialectQuantizer::two_stage_dialect(even_more, DialectTie::Even), 6);
  EXPECT_EQ(BlockDialectQuantizer::two_stage_dialect(even_more, DialectTie::OddUnlessEvenLarger), 6);
}

}  // namespace
}  // namespace qmac::test
