// posit<n, es>: decode against the standard's formula, round trips, rounding
// at every encoding-space midpoint, exhaustive posit8 add/mul, and seeded
// random posit16/posit32 arithmetic (>= 1e5 cases each) against exact
// rationals rounded by the independent reference.
#include <gtest/gtest.h>

#include <random>

#include "golden/arith/posit_ops.hpp"
#include "golden/formats/posit.hpp"
#include "tests/golden/posit_reference.hpp"

namespace qmac::test {
namespace {

using golden::PositOp;
using golden::PositSpec;
using golden::Value;

void check_all_codes(PositSpec p) {
  for (std::uint64_t c = 0; c <= p.mask(); ++c) {
    const Value v = p.decode(c);
    const auto r = ref_posit(p.n, p.es, c);
    if (!r) {
      ASSERT_TRUE(v.is_nan()) << "NaR " << hex(c);
      ASSERT_EQ(p.encode(v), p.nar());
      continue;
    }
    ASSERT_EQ(to_rational(v), *r) << "posit<" << p.n << "," << p.es << "> code " << hex(c);
    ASSERT_EQ(p.encode(v), c) << "round trip posit<" << p.n << "," << p.es << "> " << hex(c);
  }
}

void check_midpoints(PositSpec p) {
  for (std::uint64_t c = 1; c + 1 <= p.maxpos_code(); ++c) {
    const Rational v0 = *ref_posit(p.n, p.es, c), v1 = *ref_posit(p.n, p.es, c + 1);
    const Rational m = *ref_posit(p.n + 1, p.es, 2 * c + 1);
    const Rational d = (v1 - v0) / 65536;
    const std::uint64_t even = (c & 1) ? c + 1 : c;
    ASSERT_EQ(p.encode(to_value(m)), even) << "tie above " << hex(c) << " posit<" << p.n << "," << p.es << ">";
    ASSERT_EQ(p.encode(to_value(m - d)), c) << "below midpoint above " << hex(c);
    ASSERT_EQ(p.encode(to_value(m + d)), c + 1) << "above midpoint above " << hex(c);
    ASSERT_EQ(p.encode(to_value(-m)), p.negate(even)) << "negative tie above " << hex(c);
  }
  // Never 0, never NaR.
  const Rational minpos = *ref_posit(p.n, p.es, 1), maxpos = *ref_posit(p.n, p.es, p.maxpos_code());
  EXPECT_EQ(p.encode(to_value(minpos / 1024)), 1u);
  EXPECT_EQ(p.encode(to_value(-minpos / 1024)), p.mask());
  EXPECT_EQ(p.encode(to_value(maxpos * 1024)), p.maxpos_code());
  EXPECT_EQ(p.encode(Value::inf()), p.nar());
  EXPECT_EQ(p.encode(Value::nan()), p.nar());
  EXPECT_EQ(p.encode(Value::zero(true)), 0u);
}

TEST(Posit, EveryPosit8And16CodeDecodesAndRoundTrips) {
  check_all_codes(golden::kPosit8);
  check_all_codes(golden::kPosit16);
}

// Every posit<n, es> of at most 16 bits, every code.
TEST(Posit, EveryPositUpTo16BitsOfEveryEsDecodesAndRoundTrips) {
  for (int n = 2; n <= 16; ++n)
    for (int es = 0; es <= 4; ++es) check_all_codes(PositSpec{n, es});
}

TEST(Posit, EveryMidpointRoundsToNearestEvenOnTheBitString) {
  for (int n = 3; n <= 16; ++n)
    for (int es = 0; es <= 4; ++es) check_midpoints(PositSpec{n, es});
}

TEST(Posit, RandomCodesOfWidePositsRoundTrip) {
  std::mt19937_64 rng(42);
  for (int n = 13; n <= 32; ++n)
    for (int es = 0; es <= 4; ++es) {
      const PositSpec p{n, es};
      for (int i = 0; i < 2000; ++i) {
        const std::uint64_t c = rng() & p.mask();
        const auto r = ref_posit(n, es, c);
        if (!r) continue;
        ASSERT_EQ(to_rational(p.decode(c)), *r) << "posit<" << n << "," << es << "> " << hex(c);
        ASSERT_EQ(p.encode(p.decode(c)), c);
      }
    }
}

// formats.md §3.1 / §3.2 hand-derived vectors.
TEST(Posit, SpecVectors) {
  const PositSpec p = golden::kPosit8;
  const std::vector<std::pair<std::uint64_t, Rational>> dec = {
      {0x01, pow2(-24)}, {0x08, pow2(-12)}, {0x20, Rational(1, 16)}, {0x38, Rational(1, 2)}, {0x40, 1},
      {0x41, Rational(9, 8)}, {0x48, 2}, {0x4C, 3}, {0x50, 4}, {0x60, 16}, {0x70, 256}, {0x7E, pow2(20)},
      {0x7F, pow2(24)}, {0xC0, -1}, {0xB9, Rational(-15, 8)}, {0xFF, -pow2(-24)}};
  for (const auto& [c, v] : dec) EXPECT_EQ(to_rational(p.decode(c)), v) << hex(c);
  EXPECT_TRUE(p.decode(0x80).is_nan());
  EXPECT_EQ(p.encode(to_value(Rational(3, 2) * pow2(20))), 0x7Eu);
  EXPECT_EQ(p.encode(to_value(pow2(22))), 0x7Eu);
  EXPECT_EQ(p.encode(to_value(pow2(23))), 0x7Fu);
  EXPECT_EQ(p.encode(to_value(Rational(17, 16))), 0x40u);
  EXPECT_EQ(p.encode(to_value(Rational(35, 32))), 0x41u);
}

Rational exact(PositOp op, const Rational& a, const Rational& b) {
  switch (op) {
    case PositOp::Add: return a + b;
    case PositOp::Sub: return a - b;
    case PositOp::Mul: return a * b;
    case PositOp::Div: return a / b;
    default: break;
  }
  return 0;
}

void check_op(PositSpec p, PositOp op, std::uint64_t a, std::uint64_t b) {
  const auto ra = ref_posit(p.n, p.es, a), rb = ref_posit(p.n, p.es, b);
  const std::uint64_t got = golden::posit_apply(p, op, a, b);
  std::uint64_t want;
  if (!ra || !rb || (op == PositOp::Div && *rb == 0)) want = p.nar();
  else want = ref_posit_round(p.n, p.es, exact(op, *ra, *rb));
  ASSERT_EQ(got, want) << "posit" << p.n << " op " << static_cast<int>(op) << " a=" << hex(a) << " b=" << hex(b)
                       << " expected " << hex(want) << " got " << hex(got);
}

TEST(Posit, EveryPosit8AddAndMulPair) {
  for (std::uint64_t a = 0; a < 256; ++a)
    for (std::uint64_t b = 0; b < 256; ++b) {
      check_op(golden::kPosit8, PositOp::Add, a, b);
      check_op(golden::kPosit8, PositOp::Mul, a, b);
    }
}

TEST(Posit, EveryPosit8SubAndDivPair) {
  for (std::uint64_t a = 0; a < 256; ++a)
    for (std::uint64_t b = 0; b < 256; ++b) {
      check_op(golden::kPosit8, PositOp::Sub, a, b);
      check_op(golden::kPosit8, PositOp::Div, a, b);
    }
}

class PositRandom : public ::testing::TestWithParam<int> {};

TEST_P(PositRandom, HundredThousandSeededOperations) {
  const PositSpec p{GetParam(), 2};
  std::mt19937_64 rng(1234 + static_cast<unsigned>(GetParam()));
  const PositOp ops[] = {PositOp::Add, PositOp::Sub, PositOp::Mul, PositOp::Div};
  for (int i = 0; i < 100000; ++i) {
    std::uint64_t a = rng() & p.mask(), b = rng() & p.mask();
    // A quarter of the additions are near-cancellations: b close to -a.
    if (i % 4 == 0) b = p.negate((a + (rng() % 5)) & p.mask());
    check_op(p, ops[i % 4], a, b);
  }
}

INSTANTIATE_TEST_SUITE_P(Posit16And32, PositRandom, ::testing::Values(16, 32));

TEST(Posit, SquareRootBracketsTheExactRoot) {
  // sqrt(a) rounds to c iff the encoding midpoints around c bracket sqrt(a),
  // i.e. lo^2 <= a <= hi^2 (exact, no irrational arithmetic needed).
  for (PositSpec p : {golden::kPosit8, golden::kPosit16}) {
    for (std::uint64_t a = 1; a <= p.maxpos_code(); ++a) {
      const std::uint64_t c = golden::posit_apply(p, PositOp::Sqrt, a);
      const Rational x = *ref_posit(p.n, p.es, a);
      const Rational lo = c > 1 ? *ref_posit(p.n + 1, p.es, 2 * c - 1) : Rational(0);
      ASSERT_LE(lo * lo, x) << "sqrt " << hex(a) << " -> " << hex(c);
      if (c < p.maxpos_code()) {
        const Rational hi = *ref_posit(p.n + 1, p.es, 2 * c + 1);
        ASSERT_LE(x, hi * hi) << "sqrt " << hex(a) << " -> " << hex(c);
      }
    }
    EXPECT_EQ(golden::posit_apply(p, PositOp::Sqrt, p.negate(0x40)), p.nar());
    EXPECT_EQ(golden::posit_apply(p, PositOp::Sqrt, 0), 0u);
  }
}

}  // namespace
}  // namespace qmac::test
