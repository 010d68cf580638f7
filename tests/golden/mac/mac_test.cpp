// MAC arithmetic: exact products of every FP8 pair, the FP32 accumulator
// (RNE after every add), the Kulisch register, the posit quire (one rounding,
// NaR sticky, overflow -> NaR), the integer accumulator and the MX block dot,
// each against exact rationals.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <random>

#include "golden/formats/minifloat.hpp"
#include "golden/mac/element_int_table.hpp"
#include "golden/mac/fp32_accumulator.hpp"
#include "golden/mac/int_accumulator.hpp"
#include "golden/mac/kulisch_accumulator.hpp"
#include "golden/mac/mx_dot.hpp"
#include "golden/mac/posit_quire.hpp"
#include "golden/mac/products.hpp"
#include "tests/golden/fp32_reference.hpp"
#include "tests/golden/posit_reference.hpp"

namespace qmac::test {
namespace {

using golden::Value;

const RefFloat kE4M3{4, 3, 7, RefFloat::NanOnlyAllOnes};
const RefFloat kE5M2{5, 2, 15, RefFloat::Ieee};

void every_product(const char* na, const RefFloat& ra, const char* nb, const RefFloat& rb) {
  const auto& fa = golden::find_format(na);
  const auto& fb = golden::find_format(nb);
  for (std::uint64_t a = 0; a < 256; ++a)
    for (std::uint64_t b = 0; b < 256; ++b) {
      const Value p = golden::exact_product(fa, a, fb, b);
      const auto va = ra.value(a), vb = rb.value(b);
      if (!va || !vb) {
        // NaN in -> NaN; Inf * 0 -> NaN; otherwise Inf.
        const bool nan = ra.is_nan(a) || rb.is_nan(b) || (va && *va == 0) || (vb && *vb == 0);
        ASSERT_EQ(p.is_nan(), nan) << na << " " << hex(a) << " x " << nb << " " << hex(b);
        if (!nan) ASSERT_TRUE(p.is_inf());
        continue;
      }
      ASSERT_FALSE(p.sticky);
      ASSERT_EQ(to_rational(p), *va * *vb) << na << " " << hex(a) << " x " << nb << " " << hex(b);
      // FP32 holds it exactly.
      ASSERT_EQ(to_rational(golden::from_fp32_bits(golden::to_fp32_bits(p))), *va * *vb);
    }
}

TEST(Products, EveryE4M3Pair) { every_product("e4m3", kE4M3, "e4m3", kE4M3); }
TEST(Products, EveryE5M2Pair) { every_product("e5m2", kE5M2, "e5m2", kE5M2); }
TEST(Products, EveryMixedE4M3xE5M2Pair) { every_product("e4m3", kE4M3, "e5m2", kE5M2); }

TEST(Fp32Accumulator, RoundsAfterEveryAdd) {
  std::mt19937_64 rng(11);
  const auto& f = golden::find_format("e4m3");
  for (int run = 0; run < 2000; ++run) {
    golden::Fp32Accumulator acc;
    std::uint32_t ref = 0;
    for (int i = 0; i < 64; ++i) {
      std::uint64_t a = rng() & 0xFF, b = rng() & 0xFF;
      if ((a & 0x7F) == 0x7F) a ^= 1;  // keep NaN out; NaN is tested below
      if ((b & 0x7F) == 0x7F) b ^= 1;
      const Value p = golden::exact_product(f, a, f, b);
      acc.add(p);
      ref = ref_round_fp32(to_rational(golden::from_fp32_bits(ref)) + to_rational(p));
      ASSERT_EQ(acc.bits(), ref) << "run " << run << " step " << i;
    }
  }
  golden::Fp32Accumulator acc;
  acc.add(Value::inf());
  acc.add(Value::inf(true));
  EXPECT_TRUE(acc.value().is_nan()) << "Inf + -Inf";
  golden::Fp32Accumulator big(0x7F7FFFFFu);
  big.add(golden::from_fp32_bits(0x7F7FFFFFu));
  EXPECT_EQ(big.bits(), 0x7F800000u) << "overflow to Inf";
  golden::Fp32Accumulator sub;
  sub.add(golden::from_fp32_bits(0x00000001u));
  sub.add(golden::from_fp32_bits(0x00000001u));
  EXPECT_EQ(sub.bits(), 0x00000002u) << "subnormals add exactly";
  golden::Fp32Accumulator cancel(0x3F800000u);
  cancel.add(golden::from_fp32_bits(0xBF800000u));
  EXPECT_EQ(cancel.bits(), 0x00000000u) << "x - x = +0";
}

TEST(KulischAccumulator, ExactSumAndOneRounding) {
  std::mt19937_64 rng(5);
  for (int run = 0; run < 300; ++run) {
    golden::KulischAccumulator acc(400, -200);
    Rational sum = 0;
    for (int i = 0; i < 100; ++i) {
      const Value v = Value::finite(rng() & 1, rng() >> 8, static_cast<int>(rng() % 250) - 200);
      ASSERT_TRUE(acc.add(v));
      sum += to_rational(v);
    }
    ASSERT_EQ(golden::to_fp32_bits(acc.value()), ref_round_fp32(sum)) << "run " << run;
  }
  golden::KulischAccumulator small(16, 0);
  EXPECT_TRUE(small.add(Value::from_int(32767)));
  EXPECT_FALSE(small.add(Value::from_int(1))) << "16-bit overflow is reported";
  golden::KulischAccumulator neg(70, 0);
  neg.add(Value::from_int(-5));
  EXPECT_EQ(to_rational(neg.value()), -5);
  // Merging two registers (partial sums of two PEs): 2^14 + 2^14 overflows
  // 16 bits (max 2^15 - 1) and is reported; -2^14 + -2^14 = -2^15 fits; so
  // does a merge across the 64-bit limb boundary of a wide register.
  golden::KulischAccumulator x(16, 0), y(16, 0);
  ASSERT_TRUE(x.add(Value::from_int(16384)));
  ASSERT_TRUE(y.add(Value::from_int(16384)));
  EXPECT_FALSE(x.add(y)) << "Kulisch + Kulisch overflow is reported";
  golden::KulischAccumulator p(16, 0), q(16, 0);
  ASSERT_TRUE(p.add(Value::from_int(-16384)));
  ASSERT_TRUE(q.add(Value::from_int(-16384)));
  EXPECT_TRUE(p.add(q));
  EXPECT_EQ(to_rational(p.value()), -32768);
  golden::KulischAccumulator w1(100, 0), w2(100, 0);
  ASSERT_TRUE(w1.add(Value::finite(false, 3, 62)));  // 3 * 2^62 spans the limb boundary
  ASSERT_TRUE(w2.add(Value::finite(false, 1, 62)));
  EXPECT_TRUE(w1.add(w2));
  EXPECT_EQ(to_rational(w1.value()), pow2(64));
}

TEST(IntAccumulator, WrapsLikeHardware) {
  golden::IntAccumulator acc(32);
  acc.add(INT32_MAX);
  EXPECT_FALSE(acc.wrapped());
  acc.add(1);
  EXPECT_EQ(acc.value(), INT32_MIN);
  EXPECT_TRUE(acc.wrapped());
}

TEST(PositQuire, RandomDotsRoundOnceIncludingCancellation) {
  std::mt19937_64 rng(2024);
  const golden::PositSpec p = golden::kPosit16;
  int differs_from_stepwise = 0;
  for (int run = 0; run < 1000; ++run) {
    const std::size_t k = 1 + rng() % 256;
    std::vector<std::uint64_t> a(k), b(k);
    for (std::size_t i = 0; i < k; ++i) {
      a[i] = rng() & p.mask();
      b[i] = rng() & p.mask();
      if (a[i] == p.nar()) a[i] = 0x4000;
      if (b[i] == p.nar()) b[i] = 0x4000;
    }
    // Cancellation: the second half repeats the first with a negated.
    if (run % 2) {
      for (std::size_t i = k / 2; i < k; ++i) {
        a[i] = p.negate(a[i - k / 2]);
        b[i] = b[i - k / 2];
      }
      a[k - 1] = rng() & 0x0FFF;  // a small term that survives only in the quire
    }
    Rational sum = 0;
    std::uint64_t stepwise = 0;
    for (std::size_t i = 0; i < k; ++i) {
      const Rational prod = *ref_posit(16, 2, a[i]) * *ref_posit(16, 2, b[i]);
      sum += prod;
      stepwise = ref_posit_round(16, 2, *ref_posit(16, 2, stepwise) + *ref_posit(16, 2, ref_posit_round(16, 2, prod)));
    }
    const std::uint64_t want = ref_posit_round(16, 2, sum);
    const std::uint64_t got = golden::posit_fdp(p, a.data(), b.data(), k);
    ASSERT_EQ(got, want) << "run " << run << " k=" << k;
    differs_from_stepwise += stepwise != want;
  }
  EXPECT_GT(differs_from_stepwise, 100) << "the cases must exercise single rounding";
}

TEST(PositQuire, Posit32RandomDotsRoundOnce) {
  std::mt19937_64 rng(32);
  const golden::PositSpec p = golden::kPosit32;
  std::size_t products = 0;
  for (int run = 0; run < 1000; ++run) {
    const std::size_t k = 1 + rng() % 256;
    std::vector<std::uint64_t> a(k), b(k);
    Rational sum = 0;
    for (std::size_t i = 0; i < k; ++i) {
      a[i] = rng() & p.mask();
      b[i] = rng() & p.mask();
      if (a[i] == p.nar()) a[i] = 0;
      if (b[i] == p.nar()) b[i] = 0;
      if (run % 2 && i >= k / 2) {  // cancellation against the first half
        a[i] = p.negate(a[i - k / 2]);
        b[i] = b[i - k / 2];
      }
      sum += *ref_posit(32, 2, a[i]) * *ref_posit(32, 2, b[i]);
    }
    products += k;
    ASSERT_EQ(golden::posit_fdp(p, a.data(), b.data(), k), ref_posit_round(32, 2, sum)) << "run " << run;
  }
  EXPECT_GT(products, 100000u) << "at least 1e5 quire products";
}

TEST(PositQuire, NaRIsStickyAndLayoutIsTheStandards) {
  golden::PositQuire q(golden::kPosit16);
  EXPECT_EQ(q.accumulator().width(), 256);
  EXPECT_EQ(q.accumulator().lsb_exp(), -112) << "LSB = minpos^2";
  EXPECT_EQ(golden::PositQuire(golden::kPosit32).accumulator().width(), 512);
  EXPECT_EQ(golden::PositQuire(golden::kPosit8).accumulator().width(), 128);
  q.add_product(0x4000, 0x4000);
  q.add_product(0x8000, 0x4000);
  q.add_product(0x4000, 0x4000);
  EXPECT_EQ(q.to_posit(), 0x8000u);
  EXPECT_TRUE(q.raw().is_min_pattern()) << "NaR quire = 10...0";
  q.clear();
  q.add_product(0x7FFF, 0x7FFF);  // maxpos^2 = 2^112, exact in the quire
  q.sub_product(0x7FFF, 0x7FFF);
  q.add_product(0x0001, 0x0001);  // minpos^2
  EXPECT_EQ(q.to_posit(), 0x0001u) << "minpos^2 rounds to minpos, never 0";
}

// The standard's quire is its bits: a sum that lands on 10...0 is NaR, and
// NaR in is NaR out, so adding to it again cannot bring a number back.
TEST(PositQuire, SumLandingOnTheNaRPatternStaysNaR) {
  const golden::PositSpec p = golden::kPosit8;
  // 10...01 in 128 bits: the most negative number (-2^127 + 1 LSBs).
  std::vector<std::uint64_t> bits = {1, std::uint64_t{1} << 63};
  golden::PositQuire q = golden::PositQuire::from_raw(p, bits);
  EXPECT_FALSE(q.is_nar());
  EXPECT_EQ(q.to_posit(), 0x81u) << "-2^79 rounds to -maxpos";
  q.sub_product(0x01, 0x01);  // minpos^2 = 1 LSB: lands on 10...0
  EXPECT_TRUE(q.is_nar());
  q.add_product(0x01, 0x01);  // would be 10...01 again if NaR were not sticky
  EXPECT_EQ(q.to_posit(), 0x80u);
  EXPECT_TRUE(q.raw().is_min_pattern());
  // from_raw reads the pattern as NaR, and a partial sum holding it poisons the sum.
  golden::PositQuire nar = golden::PositQuire::from_raw(p, {0, std::uint64_t{1} << 63});
  EXPECT_TRUE(nar.is_nar());
  golden::PositQuire sum(p);
  sum.add_product(0x40, 0x40);
  sum.add_quire(nar);
  EXPECT_EQ(sum.to_posit(), 0x80u);
  // Raw bits round-trip for a number: 3 x (0x44 = 1.5) x (0x40 = 1) = 4.5 = 0x51 (posit8 es=2: 2^2 x 1.125).
  golden::PositQuire a(p);
  for (int i = 0; i < 3; ++i) a.add_product(0x44, 0x40);
  const golden::KulischAccumulator raw = a.raw();
  const auto& l = raw.limbs();
  const golden::PositQuire back = golden::PositQuire::from_raw(p, l);
  EXPECT_EQ(back.raw().limbs(), l);
  EXPECT_EQ(a.to_posit(), 0x51u);
  EXPECT_EQ(back.to_posit(), 0x51u);
}

TEST(MxDot, ExactBlockDotScaled) {
  std::mt19937_64 rng(99);
  for (const char* e : {"e2m1", "e2m3", "e3m2", "e4m3", "e5m2", "mxint8_elem"}) {
    const auto& f = golden::find_format(e);
    const auto& t = golden::ElementIntTable::of(f);
    for (int run = 0; run < 500; ++run) {
      std::vector<std::uint8_t> a(32), b(32);
      Rational sum = 0;
      for (int i = 0; i < 32; ++i) {
        do a[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(rng() & ((1u << f.bits) - 1));
        while (!f.decode(a[static_cast<std::size_t>(i)]).is_finite() && !f.decode(a[static_cast<std::size_t>(i)]).is_zero());
        do b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(rng() & ((1u << f.bits) - 1));
        while (!f.decode(b[static_cast<std::size_t>(i)]).is_finite() && !f.decode(b[static_cast<std::size_t>(i)]).is_zero());
        sum += to_rational(f.decode(a[static_cast<std::size_t>(i)])) * to_rational(f.decode(b[static_cast<std::size_t>(i)]));
      }
      const std::uint8_t sa = static_cast<std::uint8_t>(rng() % 255), sb = static_cast<std::uint8_t>(rng() % 255);
      const Value d = golden::mx_block_dot(t, sa, a, t, sb, b).value();
      ASSERT_EQ(to_rational(d), sum * pow2(sa - 127) * pow2(sb - 127)) << e << " run " << run;
    }
  }
  const auto& t = golden::ElementIntTable::of(golden::find_format("e5m2"));
  std::vector<std::uint8_t> a(32, 0x3C), b(32, 0x3C);  // 1.0s
  EXPECT_TRUE(golden::mx_block_dot(t, 0xFF, a, t, 127, b).value().is_nan()) << "NaN scale";
  a[0] = 0x7C;  // +Inf
  EXPECT_TRUE(golden::mx_block_dot(t, 127, a, t, 127, b).value().is_inf());
  b[0] = 0x00;  // Inf * 0
  EXPECT_TRUE(golden::mx_block_dot(t, 127, a, t, 127, b).value().is_nan());
}

// A block sum wider than a Value's 64-bit significand, added into an FP32 sum
// it nearly cancels: the low bits decide the result, so it must be added
// whole (found by co-simulating the MXFP8-E5M2 array: golden gave 0, the RTL 2^-35).
TEST(Fp32AddExact, WideBlockSumThatNearlyCancelsKeepsItsLowBits) {
  const __int128 two70 = static_cast<__int128>(1) << 70;
  auto bits = [](float f) { return std::bit_cast<std::uint32_t>(f); };
  // -2^70 + (2^70 + 1) = 1
  EXPECT_EQ(golden::fp32_add_exact(bits(-std::ldexp(1.0f, 70)), two70 + 1, 0), bits(1.0f));
  // 2^60 + (-(2^70) - 3) * 2^-10 = -3 * 2^-10
  EXPECT_EQ(golden::fp32_add_exact(bits(std::ldexp(1.0f, 60)), -two70 - 3, -10), bits(std::ldexp(-3.0f, -10)));
  // Exact cancellation is +0 (RNE), and far-apart magnitudes round as usual: 2^100 + (2^70 + 1) = 2^100.
  EXPECT_EQ(golden::fp32_add_exact(bits(-std::ldexp(1.0f, 70)), two70, 0), 0u);
  EXPECT_EQ(golden::fp32_add_exact(bits(std::ldexp(1.0f, 100)), two70 + 1, 0), bits(std::ldexp(1.0f, 100)));
  // The same through Fp32Accumulator and a Kulisch register (the gemm paths).
  golden::Fp32Accumulator acc(bits(-std::ldexp(1.0f, 70)));
  acc.add(golden::Term::of_int(two70 + 1, 0));
  EXPECT_EQ(acc.bits(), bits(1.0f));
  golden::KulischAccumulator kul(200, -20);
  ASSERT_TRUE(kul.add(golden::Term::of_int(two70 + 1, 0)));
  ASSERT_TRUE(kul.add(golden::Term::of_int(-two70, 0)));
  EXPECT_EQ(golden::to_fp32_bits(kul.value()), bits(1.0f));
}

}  // namespace
}  // namespace qmac::test
