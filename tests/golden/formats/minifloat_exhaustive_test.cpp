// Every code of every minifloat of <= 19 bits (E4M3, E5M2, E2M3, E3M2, E2M1,
// FP16, BF16, TF32): decode against the field formula, decode -> encode round
// trips, and every neighbour and midpoint rounds as specified, for all four
// rounding modes and both overflow policies. References: reference.hpp.
#include <gtest/gtest.h>

#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "tests/golden/reference.hpp"

namespace qmac::test {
namespace {

using golden::Flags;
using golden::Overflow;
using golden::Rounding;
using golden::Value;

struct Case {
  const char* name;
  RefFloat ref;
  // IEEE 754 interchange format: Inf in stays Inf under SAT, and the registry's
  // default policy is IEEE overflow (OCP FP8 SAT maps Inf to max, formats.md §6.1).
  bool ieee754 = false;
};

class MinifloatExhaustive : public ::testing::TestWithParam<Case> {
 protected:
  const golden::Format& fmt() const { return golden::find_format(GetParam().name); }
  const RefFloat& ref() const { return GetParam().ref; }
  std::uint64_t sign() const { return std::uint64_t{1} << (ref().bits() - 1); }
  std::uint64_t enc(const Rational& x, Rounding r = Rounding::NearestEven, Overflow o = Overflow::Saturate) const {
    return fmt().encode(to_value(x), r, o, nullptr);
  }
  // Positive finite values and codes, ascending.
  ValueTable positives() const {
    ValueTable t;
    for (std::uint64_t c = 0; c < sign(); ++c)
      if (auto v = ref().value(c)) t.entries.emplace_back(*v, c);
    t.sort_unique();
    return t;
  }
};

TEST_P(MinifloatExhaustive, DecodeMatchesFieldFormula) {
  for (std::uint64_t c = 0; c < (std::uint64_t{1} << ref().bits()); ++c) {
    const Value v = fmt().decode(c);
    const bool neg = (c & sign()) != 0;
    if (ref().is_nan(c)) {
      ASSERT_TRUE(v.is_nan()) << GetParam().name << " code " << hex(c);
    } else if (ref().is_inf(c)) {
      ASSERT_TRUE(v.is_inf() && v.neg == neg) << GetParam().name << " code " << hex(c);
    } else {
      ASSERT_FALSE(v.is_nan() || v.is_inf()) << GetParam().name << " code " << hex(c);
      ASSERT_EQ(to_rational(v), *ref().value(c)) << GetParam().name << " code " << hex(c);
      ASSERT_EQ(v.neg, neg) << GetParam().name << " sign of code " << hex(c);
    }
  }
}

TEST_P(MinifloatExhaustive, DecodeEncodeRoundTrips) {
  for (std::uint64_t c = 0; c < (std::uint64_t{1} << ref().bits()); ++c) {
    const Value v = fmt().decode(c);
    for (auto o : {Overflow::Saturate, Overflow::NoSaturate}) {
      const std::uint64_t back = fmt().encode(v, Rounding::NearestEven, o, nullptr);
      if (ref().is_nan(c)) {
        ASSERT_TRUE(ref().is_nan(back)) << GetParam().name << " NaN " << hex(c) << " -> " << hex(back);
        ASSERT_EQ(back & sign(), c & sign()) << "NaN keeps its sign";
      } else if (ref().is_inf(c) && o == Overflow::Saturate && !GetParam().ieee754) {  // OCP SAT: Inf -> max
        ASSERT_EQ(back, (c & sign()) | fmt().encode(fmt().max_finite, Rounding::NearestEven, o, nullptr));
      } else {
        ASSERT_EQ(back, c) << GetParam().name << " code " << hex(c);
      }
    }
  }
}

TEST_P(MinifloatExhaustive, NeighboursAndMidpointsRound) {
  const ValueTable t = positives();
  for (std::size_t i = 0; i + 1 < t.entries.size(); ++i) {
    const auto& [v0, c0] = t.entries[i];
    const auto& [v1, c1] = t.entries[i + 1];
    ASSERT_EQ(c1, c0 + 1) << "positive codes are consecutive";
    const Rational mid = (v0 + v1) / 2, d = (v1 - v0) / 4096;
    const std::uint64_t even = (c0 & 1) == 0 ? c0 : c1;
    for (int s = 0; s < 2; ++s) {
      const Rational k = s ? -1 : 1;
      const std::uint64_t sg = s ? sign() : 0;
      ASSERT_EQ(enc(k * mid), sg | even) << GetParam().name << " tie between " << hex(c0) << " and " << hex(c1);
      ASSERT_EQ(enc(k * (mid - d)), sg | c0) << GetParam().name << " just below the midpoint of " << hex(c0);
      ASSERT_EQ(enc(k * (mid + d)), sg | c1) << GetParam().name << " just above the midpoint of " << hex(c0);
      ASSERT_EQ(enc(k * mid, Rounding::NearestAway), sg | c1) << "ties away";
      ASSERT_EQ(enc(k * (v1 - d), Rounding::TowardZero), sg | c0) << "rz";
      ASSERT_EQ(enc(k * (v0 + d), Rounding::AwayFromZero), sg | c1) << "ru";
      ASSERT_EQ(enc(k * v1, Rounding::AwayFromZero), sg | c1) << "ru of an exact value";
    }
  }
}

TEST_P(MinifloatExhaustive, OverflowAndUnderflowBoundaries) {
  const ValueTable t = positives();
  const auto& [vmax, cmax] = t.entries.back();
  const Rational ulp = vmax - t.entries[t.entries.size() - 2].first;  // top binade step
  const Rational tie = vmax + ulp / 2;
  const std::uint64_t ov = ref().kind == RefFloat::Ieee ? (fmt().encode(Value::inf(), Rounding::NearestEven, Overflow::NoSaturate, nullptr))
                                                        : (ref().kind == RefFloat::NanOnlyAllOnes ? sign() - 1 : cmax);
  // The virtual next code cmax+1 decides the tie: even code wins.
  const bool tie_overflows = (cmax & 1) != 0;
  EXPECT_EQ(enc(tie, Rounding::NearestEven, Overflow::Saturate), cmax);
  EXPECT_EQ(enc(tie, Rounding::NearestEven, Overflow::NoSaturate), tie_overflows ? ov : cmax) << GetParam().name;
  EXPECT_EQ(enc(tie + ulp / 1024, Rounding::NearestEven, Overflow::NoSaturate), ov);
  EXPECT_EQ(enc(tie - ulp / 1024, Rounding::NearestEven, Overflow::NoSaturate), cmax);
  EXPECT_EQ(enc(-(tie + ulp / 1024), Rounding::NearestEven, Overflow::Saturate), sign() | cmax);
  EXPECT_EQ(enc(vmax * 4, Rounding::TowardZero, Overflow::NoSaturate), cmax) << "rz never overflows to Inf";
  Flags f;
  fmt().encode(to_value(tie + ulp), Rounding::NearestEven, Overflow::Saturate, &f);
  EXPECT_TRUE(f.overflow);
  // Inf and NaN inputs.
  EXPECT_EQ(fmt().encode(Value::inf(true), Rounding::NearestEven, Overflow::Saturate, nullptr),
            GetParam().ieee754 ? sign() | ov : sign() | cmax);
  EXPECT_EQ(fmt().default_overflow, GetParam().ieee754 ? Overflow::NoSaturate : Overflow::Saturate);
  EXPECT_EQ(fmt().encode(Value::inf(false), Rounding::NearestEven, Overflow::NoSaturate, nullptr), ov);
  Flags fn;
  const std::uint64_t nan = fmt().encode(Value::nan(true), Rounding::NearestEven, Overflow::Saturate, &fn);
  if (ref().kind == RefFloat::NoSpecials) {
    EXPECT_EQ(nan, sign()) << "formats.md §6.2: sign-set zero";
    EXPECT_TRUE(fn.invalid);
  } else {
    EXPECT_TRUE(ref().is_nan(nan));
    EXPECT_EQ(nan & sign(), sign());
  }
  // Underflow: half the smallest subnormal ties to even (0); a hair above rounds up.
  const Rational minsub = t.entries[1].first;
  EXPECT_EQ(enc(minsub / 2), 0u);
  EXPECT_EQ(enc(-minsub / 2), sign());
  EXPECT_EQ(enc(minsub / 2 + minsub / 1024), 1u);
  EXPECT_EQ(enc(minsub * 3 / 2), 2u) << "1.5 x min subnormal ties to even (2)";
  EXPECT_EQ(enc(minsub / 1024, Rounding::AwayFromZero), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Formats, MinifloatExhaustive,
    ::testing::Values(Case{"e4m3", {4, 3, 7, RefFloat::NanOnlyAllOnes}}, Case{"e5m2", {5, 2, 15, RefFloat::Ieee}},
                      Case{"e2m3", {2, 3, 1, RefFloat::NoSpecials}}, Case{"e3m2", {3, 2, 3, RefFloat::NoSpecials}},
                      Case{"e2m1", {2, 1, 1, RefFloat::NoSpecials}}, Case{"fp16", {5, 10, 15, RefFloat::Ieee}, true},
                      Case{"bf16", {8, 7, 127, RefFloat::Ieee}, true}, Case{"tf32", {8, 10, 127, RefFloat::Ieee}, true}),
    [](const auto& info) { return std::string(info.param.name); });

// The vectors formats.md §1.2 derives by hand (SAT / NOSAT).
TEST(Fp8SpecVectors, E4M3) {
  const auto& f = golden::find_format("e4m3");
  auto e = [&](const Rational& x, Overflow o) { return f.encode(to_value(x), Rounding::NearestEven, o, nullptr); };
  for (auto [x, sat, nosat] : std::vector<std::tuple<Rational, int, int>>{
           {448, 0x7E, 0x7E}, {464, 0x7E, 0x7E}, {465, 0x7E, 0x7F}, {480, 0x7E, 0x7F}, {240, 0x77, 0x77},
           {248, 0x78, 0x78}, {272, 0x78, 0x78}, {pow2(-9), 0x01, 0x01}, {pow2(-10), 0x00, 0x00},
           {Rational(3, 2) * pow2(-10), 0x01, 0x01}}) {
    EXPECT_EQ(e(x, Overflow::Saturate), static_cast<std::uint64_t>(sat)) << x;
    EXPECT_EQ(e(x, Overflow::NoSaturate), static_cast<std::uint64_t>(nosat)) << x;
  }
}

TEST(Fp8SpecVectors, E5M2) {
  const auto& f = golden::find_format("e5m2");
  auto e = [&](const Rational& x, Overflow o) { return f.encode(to_value(x), Rounding::NearestEven, o, nullptr); };
  EXPECT_EQ(e(57344, Overflow::Saturate), 0x7Bu);
  EXPECT_EQ(e(61439, Overflow::NoSaturate), 0x7Bu);
  EXPECT_EQ(e(61440, Overflow::Saturate), 0x7Bu);
  EXPECT_EQ(e(61440, Overflow::NoSaturate), 0x7Cu);
  EXPECT_EQ(e(pow2(-16), Overflow::Saturate), 0x01u);
  EXPECT_EQ(e(pow2(-17), Overflow::Saturate), 0x00u);
  EXPECT_EQ(e(Rational(3, 2) * pow2(-17), Overflow::Saturate), 0x01u);
  EXPECT_EQ(f.encode(Value::nan(), Rounding::NearestEven, Overflow::Saturate, nullptr), 0x7Eu) << "S.11111.10";
}

TEST(Bf16SpecVectors, RneOnTopBits) {
  const auto& f = golden::find_format("bf16");
  auto e = [&](std::uint32_t b) { return f.encode(golden::from_fp32_bits(b), Rounding::NearestEven, Overflow::NoSaturate, nullptr); };
  EXPECT_EQ(e(0x3F808000), 0x3F80u);
  EXPECT_EQ(e(0x3F818000), 0x3F82u);
  EXPECT_EQ(e(0x3F80C000), 0x3F81u);
}

}  // namespace
}  // namespace qmac::test
