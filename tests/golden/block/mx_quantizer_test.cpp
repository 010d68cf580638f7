// OCP MX block quantization (formats.md §2.2, §6.3): the worked example,
// special blocks, saturation, both ends of E8M0, every block size, and the
// CEIL scale rule; element expectations come from exact rationals.
#include <gtest/gtest.h>

#include <random>

#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "tests/golden/reference.hpp"

namespace qmac::test {
namespace {

using golden::MxBlockQuantizer;
using golden::MxConfig;

std::uint32_t f32(float x) { return std::bit_cast<std::uint32_t>(x); }

std::vector<std::uint32_t> worked_block() {
  std::vector<std::uint32_t> v = {f32(7.3f), f32(-5.1f), f32(4.9f), f32(4.6f), f32(3.1f), f32(-2.2f), f32(1.0f), f32(0.4f)};
  v.resize(32, 0);
  return v;
}

struct Worked {
  const char* fmt;
  std::uint8_t scale;
  std::vector<std::uint8_t> codes;
};

TEST(MxQuantizer, WorkedExampleOfFormatsMd) {
  const std::vector<Worked> cases = {
      {"mxfp4", 0x7F, {0x7, 0xF, 0x6, 0x6, 0x5, 0xC, 0x2, 0x1}},
      {"mxfp6_e2m3", 0x7F, {0x1F, 0x3A, 0x1A, 0x19, 0x14, 0x31, 0x08, 0x03}},
      {"mxfp6_e3m2", 0x7D, {0x1F, 0x3D, 0x1D, 0x1D, 0x1A, 0x38, 0x14, 0x0E}},
      {"mxfp8_e4m3", 0x79, {0x7E, 0xFA, 0x7A, 0x79, 0x74, 0xF1, 0x68, 0x5D}},
      {"mxfp8_e5m2", 0x72, {0x7B, 0xF9, 0x79, 0x79, 0x76, 0xF4, 0x70, 0x6A}},
      {"mxint8", 0x81, {117, static_cast<std::uint8_t>(-82), 78, 74, 50, static_cast<std::uint8_t>(-35), 16, 6}},
  };
  for (const auto& w : cases) {
    MxBlockQuantizer q(golden::find_format(w.fmt));
    std::vector<std::uint8_t> codes(32);
    EXPECT_EQ(q.quantize(worked_block(), codes), w.scale) << w.fmt;
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(codes[i], w.codes[i]) << w.fmt << " element " << i;
    for (std::size_t i = 8; i < 32; ++i) EXPECT_EQ(codes[i], 0) << w.fmt;
  }
}

TEST(MxQuantizer, SpecialBlocks) {
  for (const char* fmt : {"mxfp4", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp8_e4m3", "mxfp8_e5m2", "mxint8"}) {
    MxBlockQuantizer q(golden::find_format(fmt));
    std::vector<std::uint8_t> codes(32, 0xAA);
    std::vector<std::uint32_t> zeros(32, 0);
    zeros[3] = 0x80000000u;  // -0 counts as zero
    EXPECT_EQ(q.quantize(zeros, codes), 0x00) << fmt;
    for (auto c : codes) EXPECT_EQ(c, 0) << fmt;
    for (std::uint32_t special : {0x7FC00000u, 0xFF800000u}) {
      auto v = worked_block();
      v[17] = special;
      std::fill(codes.begin(), codes.end(), 0xAA);
      EXPECT_EQ(q.quantize(v, codes), 0xFF) << fmt << " NaN/Inf block";
      for (auto c : codes) EXPECT_EQ(c, 0) << fmt;
      EXPECT_EQ(golden::to_fp32_bits(q.element_value(0xFF, 0)) & 0x7FC00000u, 0x7FC00000u) << "decodes NaN";
    }
  }
}

// Elements against exact rationals: P = sat(RNE(V / 2^x)) for random blocks.
TEST(MxQuantizer, ElementsAreRoundedOnceAndSaturate) {
  std::mt19937 rng(7);
  for (const char* fmt : {"mxfp4", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp8_e4m3", "mxfp8_e5m2"}) {
    const auto& f = golden::find_format(fmt);
    const auto& e = golden::find_format(f.element);
    MxBlockQuantizer q(f);
    // Sorted element values for a brute-force nearest search.
    ValueTable t;
    for (std::uint64_t c = 0; c < (1u << e.bits); ++c) {
      const auto v = e.decode(c);
      if (v.is_finite() || v.is_zero()) t.entries.emplace_back(to_rational(v), c);
    }
    t.sort_unique();
    for (int trial = 0; trial < 300; ++trial) {
      std::vector<std::uint32_t> x(32);
      std::normal_distribution<float> nd(0.0f, std::ldexp(1.0f, static_cast<int>(rng() % 60) - 30));
      for (auto& b : x) b = f32(nd(rng));
      std::vector<std::uint8_t> codes(32);
      const std::uint8_t s = q.quantize(x, codes);
      Rational amax = 0;
      for (auto b : x) amax = std::max(amax, Rational(boost::multiprecision::abs(to_rational(golden::from_fp32_bits(b)))));
      // floor(log2 amax) by comparison with powers of two.
      int e2 = 0;
      while (pow2(e2) > amax) --e2;
      while (pow2(e2 + 1) <= amax) ++e2;
      ASSERT_EQ(static_cast<int>(s) - 127, e2 - f.emax_elem) << fmt;
      for (std::size_t i = 0; i < 32; ++i) {
        const Rational v = to_rational(golden::from_fp32_bits(x[i])) / pow2(static_cast<int>(s) - 127);
        const Rational a = Rational(boost::multiprecision::abs(v));
        long k = t.floor_index(a);
        std::uint64_t want;
        if (k == static_cast<long>(t.entries.size()) - 1) {
          want = t.entries.back().second;  // saturate
        } else {
          const auto& [v0, c0] = t.entries[static_cast<std::size_t>(k)];
          const auto& [v1, c1] = t.entries[static_cast<std::size_t>(k) + 1];
          const Rational m = (v0 + v1) / 2;
          want = a < m ? c0 : a > m ? c1 : ((c0 & 1) ? c1 : c0);
        }
        const std::uint64_t sign = std::uint64_t{1} << (e.bits - 1);
        ASSERT_EQ(codes[i] & ~sign, want) << fmt << " element " << i << " input " << hex(x[i]);
        ASSERT_EQ((codes[i] & sign) != 0, v < 0)            << fmt << " element " << i << " input " << hex(x[i]);
      }
    }
  }
}

TEST(MxQuantizer, ScalesAtBothEndsOfE8M0) {
  MxBlockQuantizer q(golden::find_format("mxfp8_e4m3"));
  std::vector<std::uint8_t> codes(32);
  std::vector<std::uint32_t> tiny(32, 0x00000001u);  // 2^-149: x = -149 - 8 clamps to -127
  EXPECT_EQ(q.quantize(tiny, codes), 0x00);
  EXPECT_EQ(codes[0], 0x00) << "2^-149 / 2^-127 = 2^-22 underflows E4M3";
  std::vector<std::uint32_t> huge(32, 0x7F7FFFFFu);  // max FP32: x = 127 - 8 = 119
  EXPECT_EQ(q.quantize(huge, codes), 119 + 127);
  EXPECT_EQ(codes[0], 0x7E) << "1.99.. * 2^8 = 511.9 saturates to 448";
  MxBlockQuantizer qi(golden::find_format("mxint8"));
  EXPECT_EQ(qi.quantize(huge, codes), 127 + 127) << "emax 0 reaches the top scale";
  EXPECT_EQ(codes[0], 0x7F);
}

TEST(MxQuantizer, CeilRuleNeverSaturates) {
  MxConfig cfg;
  cfg.scale_rule = golden::ScaleRule::Ceil;
  MxBlockQuantizer q(golden::find_format("mxfp8_e4m3"), cfg);
  std::vector<std::uint8_t> codes(32);
  auto v = worked_block();
  // amax 7.3: ceil(log2(7.3/448)) = ceil(-5.94) = -5
  EXPECT_EQ(q.quantize(v, codes), 127 - 5);
  v.assign(32, f32(448.0f));
  EXPECT_EQ(q.quantize(v, codes), 127) << "amax == elem max: x = 0";
  EXPECT_EQ(codes[0], 0x7E);
}

TEST(MxQuantizer, BlockSizes) {
  for (int k : {8, 16, 32, 64, 128, 256}) {
    golden::MxConfig cfg;
    cfg.block = k;
    MxBlockQuantizer q(golden::find_format("mxfp4"), cfg);
    std::vector<std::uint32_t> v(static_cast<std::size_t>(k), f32(1.0f));
    std::vector<std::uint8_t> codes(v.size());
    EXPECT_EQ(q.quantize(v, codes), 127 - 2);
    EXPECT_EQ(codes.back(), 0x6) << "1.0 = 4 * 2^-2";
  }
  for (int k : {0, 4, 12, 48, 512}) {
    golden::MxConfig cfg;
    cfg.block = k;
    EXPECT_THROW(MxBlockQuantizer(golden::find_format("mxfp4"), cfg), std::invalid_argument) << k;
  }
  EXPECT_THROW(MxBlockQuantizer(golden::find_format("e4m3")), std::invalid_argument);
}

}  // namespace
}  // namespace qmac::test
