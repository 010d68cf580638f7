// NF4 (bitsandbytes) and symmetric INT group quantization. The reference
// performs the kernels' FP32 steps with exact rationals rounded by
// ref_round_fp32, not with host floats.
#include <gtest/gtest.h>

#include <random>

#include "golden/block/int_group_quantizer.hpp"
#include "golden/block/nf4_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/formats/nf4.hpp"
#include "tests/golden/fp32_reference.hpp"

namespace qmac::test {
namespace {

Rational r32(std::uint32_t b) { return to_rational(golden::from_fp32_bits(b)); }
std::uint32_t bits(float f) { return std::bit_cast<std::uint32_t>(f); }

TEST(Nf4Block, MatchesTheKernelsFp32Steps) {
  std::mt19937 rng(17);
  for (int block : {64, 32, 128}) {
    golden::Nf4BlockQuantizer q(block);
    for (int run = 0; run < 200; ++run) {
      std::vector<std::uint32_t> x(static_cast<std::size_t>(block));
      std::normal_distribution<float> nd(0.0f, 0.02f);
      for (auto& v : x) v = bits(nd(rng));
      std::vector<std::uint8_t> codes(x.size());
      const std::uint32_t absmax = q.quantize(x, codes);
      Rational amax = 0;
      for (auto v : x) amax = std::max(amax, Rational(boost::multiprecision::abs(r32(v))));
      ASSERT_EQ(r32(absmax), amax);
      const std::uint32_t r = ref_round_fp32(Rational(1) / amax);
      for (std::size_t i = 0; i < x.size(); ++i) {
        const Rational y = r32(ref_round_fp32(r32(x[i]) * r32(r)));
        std::uint8_t want = 0;
        for (float t : golden::Nf4::kThresholds) want += y > r32(bits(t)) ? 1 : 0;
        ASSERT_EQ(codes[i], want) << "element " << i << " " << hex(x[i]);
        ASSERT_EQ(golden::Nf4BlockQuantizer::dequantize_fp32(absmax, codes[i]),
                  ref_round_fp32(r32(bits(golden::Nf4::kTable[want])) * amax));
      }
    }
  }
  // All-zero block: r = Inf, y = NaN -> code 0, dequantized -1 * 0 = -0.
  golden::Nf4BlockQuantizer q;
  std::vector<std::uint32_t> z(64, 0);
  std::vector<std::uint8_t> codes(64, 9);
  EXPECT_EQ(q.quantize(z, codes), 0u);
  EXPECT_EQ(codes[0], 0);
  EXPECT_EQ(golden::Nf4BlockQuantizer::dequantize_fp32(0, 0), 0x80000000u);
  EXPECT_THROW(golden::Nf4BlockQuantizer(48), std::invalid_argument);
}

TEST(IntGroup, SymmetricScaleAndOneRounding) {
  std::mt19937 rng(23);
  for (int nbits : {8, 4}) {
    const std::int64_t qmax = nbits == 8 ? 127 : 7;
    golden::IntGroupQuantizer q(nbits, 128);
    for (int run = 0; run < 100; ++run) {
      std::vector<std::uint32_t> x(128);
      std::normal_distribution<float> nd(0.0f, 1.0f);
      for (auto& v : x) v = bits(nd(rng));
      std::vector<std::uint8_t> codes(128);
      const std::uint32_t scale = q.quantize(x, codes);
      Rational amax = 0;
      for (auto v : x) amax = std::max(amax, Rational(boost::multiprecision::abs(r32(v))));
      ASSERT_EQ(scale, ref_round_fp32(amax / qmax));
      for (std::size_t i = 0; i < 128; ++i) {
        const Rational t = r32(x[i]) / r32(scale);
        BigInt fl = boost::multiprecision::numerator(t) / boost::multiprecision::denominator(t);  // toward zero
        Rational rem = t - Rational(fl);
        if (rem < 0) { rem = -rem; }
        const bool neg = t < 0;
        if (rem > Rational(1, 2) || (rem == Rational(1, 2) && (fl & 1) != 0)) fl += neg ? -1 : 1;
        std::int64_t k = static_cast<std::int64_t>(fl);
        k = std::clamp(k, -qmax, qmax);
        ASSERT_EQ(codes[i], static_cast<std::uint8_t>(static_cast<std::uint64_t>(k) & ((1u << nbits) - 1))) << i;
        ASSERT_EQ(q.dequantize_fp32(scale, codes[i]), ref_round_fp32(Rational(k) * r32(scale)));
      }
    }
  }
}

}  // namespace
}  // namespace qmac::test
