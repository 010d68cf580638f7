// E8M0, INT8/INT4, the MXINT8 element and NF4: every code, and the encode
// rules of formats.md (E8M0 floor/ceil/nearest and its ends, integer
// saturation, NF4's strict-threshold ties), from the spec's own reasoning.
#include <gtest/gtest.h>

#include <bit>

#include "golden/formats/e8m0.hpp"
#include "golden/formats/int4.hpp"
#include "golden/formats/int8.hpp"
#include "golden/formats/mxint8_element.hpp"
#include "golden/formats/nf4.hpp"
#include "tests/golden/reference.hpp"

namespace qmac::test {
namespace {

using golden::E8M0;
using golden::Overflow;
using golden::Rounding;
using golden::Value;

TEST(E8M0, EveryCode) {
  for (int b = 0; b < 255; ++b) {
    ASSERT_EQ(to_rational(E8M0::decode(static_cast<std::uint64_t>(b))), pow2(b - 127)) << b;
    ASSERT_EQ(E8M0::encode(E8M0::decode(static_cast<std::uint64_t>(b))), static_cast<std::uint64_t>(b));
  }
  EXPECT_TRUE(E8M0::decode(0xFF).is_nan());
}

TEST(E8M0, EncodeRoundsLog2) {
  for (int k = -127; k <= 127; ++k) {
    const std::uint64_t b = static_cast<std::uint64_t>(k + 127);
    const Rational x = pow2(k);
    for (auto r : {Rounding::TowardZero, Rounding::AwayFromZero, Rounding::NearestEven, Rounding::NearestAway})
      ASSERT_EQ(E8M0::encode(to_value(x), r), b) << "exact 2^" << k;
    const Rational up = x * Rational(1025, 1024), tie = x * Rational(3, 2), below_tie = x * Rational(1535, 1024);
    ASSERT_EQ(E8M0::encode(to_value(up), Rounding::TowardZero), b);
    ASSERT_EQ(E8M0::encode(to_value(-up), Rounding::TowardZero), b) << "sign ignored";
    const std::uint64_t next = k == 127 ? 0xFE : b + 1;
    ASSERT_EQ(E8M0::encode(to_value(up), Rounding::AwayFromZero), k == 127 ? 0xFEu : b + 1);
    ASSERT_EQ(E8M0::encode(to_value(below_tie), Rounding::NearestEven), b);
    ASSERT_EQ(E8M0::encode(to_value(tie), Rounding::NearestAway), next);
    // Tie 1.5*2^k: the even code of b and b+1.
    if (k < 127) ASSERT_EQ(E8M0::encode(to_value(tie), Rounding::NearestEven), (b & 1) ? b + 1 : b);
  }
  // Ends: below 2^-127 -> 0x00; above 2^127 -> 0xFE (sat) / 0xFF (nosat).
  EXPECT_EQ(E8M0::encode(to_value(pow2(-140))), 0x00u);
  EXPECT_EQ(E8M0::encode(to_value(pow2(-128) * 3 / 2), Rounding::AwayFromZero), 0x00u);
  EXPECT_EQ(E8M0::encode(to_value(pow2(127) * 3 / 2), Rounding::AwayFromZero, Overflow::Saturate), 0xFEu);
  EXPECT_EQ(E8M0::encode(to_value(pow2(127) * 3 / 2), Rounding::AwayFromZero, Overflow::NoSaturate), 0xFFu);
  EXPECT_EQ(E8M0::encode(to_value(pow2(127) * 3 / 2), Rounding::TowardZero, Overflow::NoSaturate), 0xFEu);
  EXPECT_EQ(E8M0::encode(Value::zero()), 0x00u);
  EXPECT_EQ(E8M0::encode(Value::nan()), 0xFFu);
  EXPECT_EQ(E8M0::encode(Value::inf(), Rounding::TowardZero, Overflow::Saturate), 0xFEu);
  EXPECT_EQ(E8M0::encode(Value::inf(), Rounding::TowardZero, Overflow::NoSaturate), 0xFFu);
}

template <class I>
void check_int() {
  for (std::int64_t k = I::kMin; k <= I::kMax; ++k) {
    const std::uint64_t c = static_cast<std::uint64_t>(k) & I::kMask;
    ASSERT_EQ(to_rational(I::decode(c)), Rational(k));
    ASSERT_EQ(I::encode(I::decode(c)), c);
    if (k < I::kMax) {  // midpoint k + 1/2 ties to the even integer
      const Rational m = Rational(2 * k + 1, 2);
      const std::int64_t even = (k % 2 == 0) ? k : k + 1;
      ASSERT_EQ(I::encode(to_value(m)), static_cast<std::uint64_t>(even) & I::kMask) << "tie at " << m;
      ASSERT_EQ(I::encode(to_value(m), Rounding::NearestAway), static_cast<std::uint64_t>(k >= 0 ? k + 1 : k) & I::kMask);
      ASSERT_EQ(I::encode(to_value(m - Rational(1, 1024))), static_cast<std::uint64_t>(k) & I::kMask);
    }
  }
  golden::Flags f;
  EXPECT_EQ(I::encode(to_value(Rational(I::kMax) + 10), Rounding::NearestEven, Overflow::Saturate, &f),
            static_cast<std::uint64_t>(I::kMax));
  EXPECT_TRUE(f.overflow);
  EXPECT_EQ(I::encode(to_value(Rational(I::kMin) - 10)), static_cast<std::uint64_t>(I::kMin) & I::kMask);
  EXPECT_EQ(I::encode(Value::inf(true)), static_cast<std::uint64_t>(I::kMin) & I::kMask);
  EXPECT_EQ(I::encode(Value::nan()), 0u);
}

TEST(Int, Int8EveryCode) { check_int<golden::Int8>(); }
TEST(Int, Int4EveryCode) { check_int<golden::Int4>(); }

TEST(MxInt8Element, ValuesAndSymmetricClamp) {
  using golden::MxInt8Element;
  for (int c = 0; c < 256; ++c) {
    const int k = c < 128 ? c : c - 256;
    ASSERT_EQ(to_rational(MxInt8Element::decode(static_cast<std::uint64_t>(c))), Rational(k, 64));
  }
  EXPECT_EQ(to_rational(MxInt8Element::decode(0x80)), -2);
  EXPECT_EQ(MxInt8Element::encode(to_value(-2)), 0x81u) << "never 0x80";
  EXPECT_EQ(MxInt8Element::encode(to_value(Rational(127, 64))), 0x7Fu);
  EXPECT_EQ(MxInt8Element::encode(to_value(Rational(3, 128))), 0x02u) << "1.5/64 ties to even 2/64";
}

TEST(Nf4, TableAndThresholds) {
  using golden::Nf4;
  for (int c = 0; c < 16; ++c) {
    ASSERT_EQ(golden::to_fp32_bits(Nf4::decode(static_cast<std::uint64_t>(c))), std::bit_cast<std::uint32_t>(Nf4::kTable[c]));
    ASSERT_EQ(Nf4::encode(Nf4::decode(static_cast<std::uint64_t>(c))), static_cast<std::uint64_t>(c));
  }
  for (int i = 0; i < 15; ++i) {
    const std::uint32_t t = std::bit_cast<std::uint32_t>(Nf4::kThresholds[i]);
    const Value at = golden::from_fp32_bits(t);
    // Strict '>' in the kernel: exactly at the threshold stays below.
    ASSERT_EQ(Nf4::encode(at), static_cast<std::uint64_t>(i)) << "threshold " << i;
    // The next FP32 above the threshold (in magnitude order) is above it.
    const std::uint32_t above = (t & 0x80000000u) ? t - 1 : t + 1;
    ASSERT_EQ(Nf4::encode(golden::from_fp32_bits(above)), static_cast<std::uint64_t>(i + 1));
    ASSERT_EQ(Nf4::encode_float(std::bit_cast<float>(above)), static_cast<std::uint64_t>(i + 1));
  }
  EXPECT_EQ(Nf4::encode(to_value(5)), 15u);
  EXPECT_EQ(Nf4::encode(to_value(-5)), 0u);
  EXPECT_EQ(Nf4::encode(Value::nan()), 0u) << "the kernel's tree sends NaN to code 0";
}

}  // namespace
}  // namespace qmac::test
