// mac_fp8 (E4M3, E5M2, mixed; FP32 and Kulisch accumulation) vs golden:
// every FP8 x FP8 pair in each mode, and 2e5 cycles of random accumulation
// (with NaN/Inf operands and clears) against golden's Fp32Accumulator and an
// exact rational sum rounded once.
#include <gtest/gtest.h>

#include <random>

#include "Vmac_fp8_tb_top.h"
#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "golden/mac/fp32_accumulator.hpp"
#include "golden/mac/products.hpp"
#include "tests/golden/fp32_reference.hpp"
#include "sim/unitcheck/unit_check.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

struct Mode {
  const char* a;
  const char* b;
  int lsb;  // register LSB exponent
};
const Mode kModes[3] = {{"e4m3", "e4m3", -18}, {"e5m2", "e5m2", -32}, {"e4m3", "e5m2", -25}};

std::uint32_t fp32_out(Vmac_fp8_tb_top& m, int mode, bool kulisch) {
  if (kulisch) return mode == 0 ? m.e4m3_k_o : mode == 1 ? m.e5m2_k_o : m.mixed_k_o;
  return mode == 0 ? m.e4m3_o : mode == 1 ? m.e5m2_o : m.mixed_o;
}
__int128 reg_out(Vmac_fp8_tb_top& m, int mode) {
  if (mode == 0) return sext(m.e4m3_reg_o, 53);
  if (mode == 1) return sext(wide128(m.e5m2_reg_o), 81);
  return sext(wide128(m.mixed_reg_o), 67);
}
bool is_nan32(std::uint32_t x) { return (x & 0x7F800000u) == 0x7F800000u && (x & 0x7FFFFFu); }

TEST(MacFp8, LatencyOneInitiationIntervalOne) {
  Clocked<Vmac_fp8_tb_top> m;
  m->valid_i = 1;
  m->clear_i = 1;
  m->a_i = 0x38;  // E4M3 1.0
  m->b_i = 0x40;  // E4M3 2.0
  m.model().eval();
  EXPECT_EQ(m->e4m3_o, 0u) << "latency >= 1";
  m.tick();
  EXPECT_EQ(m->e4m3_o, 0x40000000u) << "latency 1: 2.0";
  EXPECT_EQ(m->e4m3_k_o, 0x40000000u);
  m->clear_i = 0;
  m.tick();
  m.tick();
  EXPECT_EQ(m->e4m3_o, 0x40C00000u) << "II 1: 6.0";
  EXPECT_EQ(m->e4m3_k_o, 0x40C00000u);
}

// The FP32 results: qmac verify's unit check, the same driver.
TEST(MacFp8, EveryPairInEveryMode) {
  const unitcheck::UnitCheckResult r = unitcheck::mac_fp8_every_product();
  EXPECT_TRUE(r.ok()) << r.first_mismatch;
  EXPECT_EQ(r.compared, 65536u * 3 * 2) << "every pair, three modes, FP32 and Kulisch";
}

// The Kulisch register holds each product exactly (an exact rational, not golden's code).
TEST(MacFp8, EveryPairsRegisterIsTheExactProduct) {
  Clocked<Vmac_fp8_tb_top> m;
  for (std::uint32_t a = 0; a < 256; ++a)
    for (std::uint32_t b = 0; b < 256; ++b) {
      one_product(m, a, b);
      for (int mode = 0; mode < 3; ++mode) {
        const golden::Value p =
            golden::exact_product(golden::find_format(kModes[mode].a), a, golden::find_format(kModes[mode].b), b);
        if (p.is_finite() || p.is_zero())
          ASSERT_EQ(reg_out(m.model(), mode), to_i128(to_rational(p) / pow2(kModes[mode].lsb)))
              << kModes[mode].a << "x" << kModes[mode].b << " register, a=" << hex(a) << " b=" << hex(b);
      }
    }
}

TEST(MacFp8, RandomAccumulationMatchesGolden) {
  Clocked<Vmac_fp8_tb_top> m;
  std::mt19937_64 rng(88);
  golden::Fp32Accumulator acc[3];
  Rational exact[3];
  bool nan[3] = {}, pinf[3] = {}, ninf[3] = {};
  for (int cyc = 0; cyc < 200000; ++cyc) {
    const bool clear = rng() % 211 == 0, valid = rng() % 7 != 0;
    std::uint32_t a = rng() & 0xFF, b = rng() & 0xFF;
    if (rng() % 300 != 0) {  // keep most operands finite in both formats
      if ((a & 0x7C) == 0x7C) a &= 0xBB;
      if ((b & 0x7C) == 0x7C) b &= 0xBB;
    }
    m->valid_i = valid;
    m->clear_i = clear;
    m->a_i = a;
    m->b_i = b;
    m.tick();
    for (int mode = 0; mode < 3; ++mode) {
      if (clear) {
        acc[mode].clear();
        exact[mode] = 0;
        nan[mode] = pinf[mode] = ninf[mode] = false;
      }
      if (valid) {
        const golden::Value p = golden::exact_product(golden::find_format(kModes[mode].a), a, golden::find_format(kModes[mode].b), b);
        acc[mode].add(p);
        if (p.is_nan()) nan[mode] = true;
        else if (p.is_inf()) (p.neg ? ninf[mode] : pinf[mode]) = true;
        else exact[mode] += to_rational(p);
      }
      const std::uint32_t want = acc[mode].bits();
      const std::uint32_t got = fp32_out(m.model(), mode, false);
      ASSERT_TRUE(got == want || (is_nan32(got) && is_nan32(want)))
          << "fp32 " << kModes[mode].a << "x" << kModes[mode].b << " cycle " << cyc << " expected " << hex(want) << " got " << hex(got);
      std::uint32_t wk;
      if (nan[mode] || (pinf[mode] && ninf[mode])) wk = 0x7FC00000u;
      else if (pinf[mode] || ninf[mode]) wk = ninf[mode] ? 0xFF800000u : 0x7F800000u;
      else wk = ref_round_fp32(exact[mode]);
      const std::uint32_t gk = fp32_out(m.model(), mode, true);
      ASSERT_TRUE(gk == wk || (is_nan32(gk) && is_nan32(wk)))
          << "kulisch " << kModes[mode].a << "x" << kModes[mode].b << " cycle " << cyc << " expected " << hex(wk) << " got " << hex(gk);
    }
  }
}

}  // namespace
}  // namespace qmac::test
