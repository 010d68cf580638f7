// fp32_add_rne vs golden's add + RNE to FP32: edge cases (zeros, Inf/NaN,
// overflow, subnormal results, exact cancellation, ties) and 3e5 seeded
// random cases per addend width, half of them near cancellation.
#include <gtest/gtest.h>

#include <random>

#include "Vfp32_add_tb_top.h"
#include "golden/arith/value_arith.hpp"
#include "golden/formats/minifloat.hpp"
#include "tests/golden/reference.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

struct Case {
  std::uint32_t a;
  bool sign;
  int exp;
  unsigned __int128 sig;  // <= 70 bits
  bool nan = false, inf = false;
};

std::uint32_t golden_sum(const Case& c) {
  golden::Value b;
  if (c.nan) b = golden::Value::nan();
  else if (c.inf) b = golden::Value::inf(c.sign);
  else {
    b = golden::from_int128(static_cast<__int128>(c.sig), c.exp);
    if (!b.is_zero()) b.neg = c.sign;
    else b = golden::Value::zero(c.sign);
  }
  return golden::to_fp32_bits(golden::add(golden::from_fp32_bits(c.a), b));
}

class Fp32Add : public ::testing::Test {
 protected:
  Vfp32_add_tb_top m;
  void check(Case c, bool wide) {
    if (!wide) c.sig &= 0xFF;  // the 8-bit instance sees the low byte
    m.a_i = c.a;
    m.b_sign_i = c.sign;
    m.b_exp_i = static_cast<std::uint16_t>(c.exp) & 0xFFF;
    for (int w = 0; w < 3; ++w) m.b_sig_i[w] = static_cast<std::uint32_t>(c.sig >> (32 * w));
    m.b_nan_i = c.nan;
    m.b_inf_i = c.inf;
    m.eval();
    const std::uint32_t want = golden_sum(c);
    const std::uint32_t got = wide ? m.sum70_o : m.sum8_o;
    const bool both_nan = (want & 0x7F800000u) == 0x7F800000u && (want & 0x7FFFFFu) && got == 0x7FC00000u;
    ASSERT_TRUE(got == want || both_nan) << "a=" << hex(c.a) << " b=" << (c.sign ? "-" : "+") << hex128(static_cast<__int128>(c.sig))
                                         << "*2^" << c.exp << (c.nan ? " NaN" : "") << (c.inf ? " Inf" : "") << " expected "
                                         << hex(want) << " got " << hex(got) << (wide ? " (70-bit)" : " (8-bit)");
  }
};

TEST_F(Fp32Add, EdgeCases) {
  const std::uint32_t as[] = {0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x7F7FFFFF, 0xFF7FFFFF, 0x00000001,
                              0x80000001, 0x007FFFFF, 0x00800000, 0x7F800000, 0xFF800000, 0x7FC00000, 0x4B800000};
  std::vector<Case> bs = {
      {0, false, 0, 0},          {0, true, 0, 0},           {0, false, 0, 1},         {0, true, 0, 1},
      {0, false, -24, 1},        {0, false, -24, 3},        {0, false, -149, 1},      {0, true, -149, 1},
      {0, false, -150, 1},       {0, false, -150, 3},       {0, false, -151, 3},      {0, false, 120, 255},
      {0, true, 120, 255},       {0, false, 0, 0, true},    {0, false, 0, 0, false, true},
      {0, true, 0, 0, false, true}, {0, false, 104, 0xFFFFFF}, {0, true, -23, 0x800000}, {0, false, -300, 5},
  };
  for (auto a : as)
    for (auto b : bs) {
      b.a = a;
      for (bool wide : {false, true}) check(b, wide);
    }
  // Ties: 1 + 2^-24 -> 1 (even); 1 + 3*2^-24 -> 1 + 2^-22; (1 + 2^-23) + 2^-24 -> 1 + 2^-22.
  check({0x3F800000, false, -24, 1}, false);
  check({0x3F800000, false, -24, 3}, false);
  check({0x3F800001, false, -24, 1}, false);
  // Overflow by rounding: max + half ulp ties up to Inf.
  check({0x7F7FFFFF, false, 103, 1}, false);
  // Exact cancellation gives +0.
  check({0x3F800000, true, 0, 1}, false);
  // A 70-bit addend far above and far below the accumulator.
  check({0x3F800000, false, 60, (static_cast<unsigned __int128>(1) << 69) | 12345}, true);
  check({0x3F800000, false, -200, (static_cast<unsigned __int128>(1) << 69) | 12345}, true);
}

TEST_F(Fp32Add, RandomIncludingCancellation) {
  std::mt19937_64 rng(2026);
  for (bool wide : {false, true}) {
    const int sig_bits = wide ? 70 : 8;
    for (int i = 0; i < 300000; ++i) {
      Case c;
      const int len = 1 + static_cast<int>(rng() % static_cast<unsigned>(sig_bits));
      c.sig = (static_cast<unsigned __int128>(rng()) << 64 | rng()) & ((static_cast<unsigned __int128>(1) << len) - 1);
      c.sign = rng() & 1;
      c.exp = wide ? static_cast<int>(rng() % 400) - 330 : static_cast<int>(rng() % 300) - 170;
      if (i % 2 == 0) {
        // a near -b: the rounded addend, nudged a few ulps, with the other sign.
        golden::Value b = golden::from_int128(static_cast<__int128>(c.sig), c.exp);
        b.neg = c.sign;
        const std::uint32_t rb = golden::to_fp32_bits(b);
        c.a = ((rb + static_cast<std::uint32_t>(rng() % 7) - 3u) & 0x7FFFFFFFu) | (c.sign ? 0u : 0x80000000u);
        if ((c.a & 0x7F800000u) == 0x7F800000u) c.a = rb ^ 0x80000000u;
      } else {
        c.a = static_cast<std::uint32_t>(rng());
        if (rng() % 4) c.a = (c.a & 0x807FFFFFu) | (static_cast<std::uint32_t>(rng() % 254) << 23);
      }
      if (rng() % 1000 == 0) c.nan = true;
      if (rng() % 1000 == 0) c.inf = true;
      check(c, wide);
      if (HasFatalFailure()) return;
    }
  }
}

}  // namespace
}  // namespace qmac::test
