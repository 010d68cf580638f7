// TensorScaleQuantizer: the scale exponent from the tensor max (exact
// rationals) and every element the nearest scaled value (ties to even,
// saturating), by brute force over the element format's values.
#include <gtest/gtest.h>

#include <random>

#include "golden/block/tensor_scale_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "tests/golden/reference.hpp"

namespace qmac::test {
namespace {

TEST(TensorScaleQuantizer, ScaleFromTheMaxAndNearestEvenElements) {
  std::mt19937 rng(12);
  for (const char* name : {"e4m3", "e5m2", "e2m1", "e3m2"}) {
    const auto& f = golden::find_format(name);
    golden::TensorScaleQuantizer q(f);
    ValueTable t;
    for (std::uint64_t c = 0; c < (1u << (f.bits - 1)); ++c) {
      const auto v = f.decode(c);
      if (v.is_finite() || v.is_zero()) t.entries.emplace_back(to_rational(v), c);
    }
    t.sort_unique();
    for (int run = 0; run < 200; ++run) {
      std::vector<std::uint32_t> x(64);
      std::normal_distribution<float> nd(0.0f, std::ldexp(1.0f, static_cast<int>(rng() % 40) - 20));
      for (auto& b : x) b = std::bit_cast<std::uint32_t>(nd(rng));
      const int s = q.scale_exponent(x);
      Rational amax = 0;
      for (auto b : x) amax = std::max(amax, Rational(boost::multiprecision::abs(to_rational(golden::from_fp32_bits(b)))));
      int e = 0;
      while (pow2(e) > amax) --e;
      while (pow2(e + 1) <= amax) ++e;
      ASSERT_EQ(s, e - f.max_finite.log2_floor()) << name;
      for (auto b : x) {
        const Rational v = to_rational(golden::from_fp32_bits(b)) / pow2(s);
        const Rational a = Rational(boost::multiprecision::abs(v));
        const long k = t.floor_index(a);
        Rational want;
        if (k == static_cast<long>(t.entries.size()) - 1) {
          want = t.entries.back().first;  // saturate
        } else {
          const auto& [v0, c0] = t.entries[static_cast<std::size_t>(k)];
          const auto& [v1, c1] = t.entries[static_cast<std::size_t>(k) + 1];
          const Rational mid = (v0 + v1) / 2;
          want = a < mid ? v0 : a > mid ? v1 : ((c0 & 1) ? v1 : v0);
        }
        if (v < 0) want = -want;
        ASSERT_EQ(to_rational(q.value(q.encode(b, s), s)), want * pow2(s)) << name << " input " << hex(b);
      }
    }
  }
  const std::vector<std::uint32_t> zeros(8, 0);
  EXPECT_EQ(golden::TensorScaleQuantizer(golden::find_format("e4m3")).scale_exponent(zeros), 0);
}

}  // namespace
}  // namespace qmac::test
