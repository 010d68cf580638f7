// mac_posit (posit8, posit16) vs golden's PositQuire: every posit8 product
// (rounded result and the raw 128-bit quire), and posit16 quire dot products
// of length 1..256 (>= 1e5 products) with cancellation, subtraction and NaR,
// comparing the 256-bit quire after every step and the rounded result.
#include <gtest/gtest.h>

#include <random>

#include "Vmac_posit_tb_top.h"
#include "golden/mac/posit_quire.hpp"
#include "tests/golden/reference.hpp"
#include "sim/unitcheck/unit_check.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

TEST(MacPosit, LatencyOneInitiationIntervalOne) {
  Clocked<Vmac_posit_tb_top> m;
  m->valid_i = 1;
  m->clear_i = 1;
  m->sub_i = 0;
  m->a16_i = 0x4000;  // 1.0
  m->b16_i = 0x4800;  // 2.0
  m->a8_i = 0;
  m->b8_i = 0;
  m.model().eval();
  EXPECT_EQ(m->p16_o, 0u) << "latency >= 1";
  m.tick();
  EXPECT_EQ(m->p16_o, 0x4800u) << "latency 1: 2.0";
  m->clear_i = 0;
  m.tick();
  m.tick();
  EXPECT_EQ(m->p16_o, 0x5400u) << "II 1: 6.0";
}

// Every posit8 product and seeded posit16 dots: qmac verify's unit checks, the same drivers.
TEST(MacPosit, EveryPosit8Product) {
  const unitcheck::UnitCheckResult r = unitcheck::mac_posit_every_posit8_product();
  EXPECT_TRUE(r.ok()) << r.first_mismatch;
  EXPECT_EQ(r.compared, 65536u * 2) << "quire and rounded result of every pair";
}

TEST(MacPosit, Posit16QuireDotsOfLength1To256) {
  const unitcheck::UnitCheckResult r = unitcheck::mac_posit_posit16_dots(16, 3000);
  EXPECT_TRUE(r.ok()) << r.first_mismatch;
  EXPECT_GE(r.compared, 100000u) << "products, each quire compared";
}

// A sum that overflows the quire is NaR (sticky until clear). posit8 maxpos
// = 2^24 (0x7F), so maxpos^2 = 2^48 = 2^96 LSBs (minpos^2 = 2^-48). On the
// 104-bit test quire 127 of them sum to 127 * 2^96 < 2^103 (fits); the 128th
// reaches 2^103, past the largest positive 2^103 - 1.
// n products maxpos x maxpos from a cleared quire, added (or subtracted).
void maxpos_squared(Clocked<Vmac_posit_tb_top>& m, int n, bool subtract) {
  m->sub_i = subtract;
  m->a8_i = 0x7F;
  m->b8_i = 0x7F;
  m->valid_i = 1;
  m->clear_i = 1;
  m.tick();
  m->clear_i = 0;
  for (int i = 1; i < n; ++i) m.tick();
}

TEST(MacPosit, QuireOverflowIsNaR) {
  Clocked<Vmac_posit_tb_top> m;
  maxpos_squared(m, 127, false);
  EXPECT_NE(m->p8n_o, 0x80) << "127 x maxpos^2 fits";
  EXPECT_EQ(m->q8n_o[3] >> 0, 127u) << "quire bits 96..103 hold 127";
  m.tick();
  EXPECT_EQ(m->p8n_o, 0x80) << "the 128th overflows: NaR";
  EXPECT_EQ(m->q8n_o[3], 0x80u) << "the NaR pattern 10...0";
  EXPECT_EQ(m->q8n_o[0] | m->q8n_o[1] | m->q8n_o[2], 0u);
  m->a8_i = 0xC0;  // -1: would bring the sum back in range, but NaR is sticky
  m.tick();
  EXPECT_EQ(m->p8n_o, 0x80) << "NaR stays";
  m->clear_i = 1;
  m->a8_i = 0x40;  // 1.0 x maxpos
  m.tick();
  EXPECT_EQ(m->p8n_o, 0x7F) << "clear ends NaR";
}

// The most negative quire, 10...0, reads as NaR though nothing overflowed
// (Posit Standard 2022 §5.11): 128 x -(maxpos^2) = -2^103 on the 104-bit quire.
TEST(MacPosit, MostNegativeQuireReadsAsNaR) {
  Clocked<Vmac_posit_tb_top> m;
  maxpos_squared(m, 127, true);
  EXPECT_NE(m->p8n_o, 0x80) << "-127 x maxpos^2 is a number";
  m.tick();
  EXPECT_EQ(m->q8n_o[3], 0x80u) << "-2^103: the pattern 10...0";
  EXPECT_EQ(m->p8n_o, 0x80) << "which reads as NaR";
}

TEST(MacPosit, NaRIsStickyUntilClear) {
  Clocked<Vmac_posit_tb_top> m;
  auto step = [&](std::uint16_t a, std::uint16_t b, bool clear) {
    m->valid_i = 1;
    m->clear_i = clear;
    m->sub_i = 0;
    m->a16_i = a;
    m->b16_i = b;
    m.tick();
  };
  step(0x4000, 0x4000, true);
  EXPECT_EQ(m->p16_o, 0x4000);
  step(0x8000, 0x4000, false);
  EXPECT_EQ(m->p16_o, 0x8000);
  step(0x4000, 0x4000, false);
  EXPECT_EQ(m->p16_o, 0x8000) << "NaR stays";
  step(0x4000, 0x4000, true);
  EXPECT_EQ(m->p16_o, 0x4000) << "clear ends NaR";
}

}  // namespace
}  // namespace qmac::test
