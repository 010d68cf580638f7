// mac_posit (posit8, posit16) vs golden's PositQuire: every posit8 product
// (rounded result and the raw 128-bit quire), and posit16 quire dot products
// of length 1..256 (>= 1e5 products) with cancellation, subtraction and NaR,
// comparing the 256-bit quire after every step and the rounded result.
#include <gtest/gtest.h>

#include <random>

#include "Vmac_posit_tb_top.h"
#include "golden/arith/posit_ops.hpp"
#include "golden/mac/posit_quire.hpp"
#include "tests/golden/reference.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

template <std::size_t Words>
std::string quire_diff(const VlWide<Words>& got, const golden::KulischAccumulator& want, bool& same) {
  same = true;
  std::string g, w;
  for (std::size_t i = 0; i < Words; ++i) {
    const std::uint32_t wi = static_cast<std::uint32_t>(want.limbs()[i / 2] >> (32 * (i % 2)));
    same &= got[i] == wi;
  }
  for (std::size_t i = Words; i-- > 0;) {
    char b[16];
    std::snprintf(b, sizeof b, "%08x", got[i]);
    g += b;
    std::snprintf(b, sizeof b, "%08x", static_cast<std::uint32_t>(want.limbs()[i / 2] >> (32 * (i % 2))));
    w += b;
  }
  return "expected quire " + w + "\n     got quire " + g;
}

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

TEST(MacPosit, EveryPosit8Product) {
  Clocked<Vmac_posit_tb_top> m;
  for (std::uint32_t a = 0; a < 256; ++a)
    for (std::uint32_t b = 0; b < 256; ++b) {
      m->valid_i = 1;
      m->clear_i = 1;
      m->sub_i = 0;
      m->a8_i = a;
      m->b8_i = b;
      m->a16_i = 0;
      m->b16_i = 0;
      m.tick();
      golden::PositQuire q(golden::kPosit8);
      q.add_product(a, b);
      bool same;
      const std::string d = quire_diff(m->q8_o, q.raw(), same);
      ASSERT_TRUE(same) << "a=" << hex(a) << " b=" << hex(b) << "\n" << d;
      ASSERT_EQ(m->p8_o, golden::posit_apply(golden::kPosit8, golden::PositOp::Mul, a, b))
          << "a=" << hex(a) << " b=" << hex(b) << " expected " << hex(q.to_posit()) << " got " << hex(m->p8_o);
    }
}

TEST(MacPosit, Posit16QuireDotsOfLength1To256) {
  Clocked<Vmac_posit_tb_top> m;
  std::mt19937_64 rng(16);
  const golden::PositSpec p = golden::kPosit16;
  std::size_t products = 0;
  int nar_dots = 0;
  for (int dot = 0; dot < 3000; ++dot) {
    const std::size_t k = 1 + rng() % 256;
    golden::PositQuire q(p);
    std::vector<std::uint64_t> as(k), bs(k);
    for (std::size_t i = 0; i < k; ++i) {
      as[i] = rng() & 0xFFFF;
      bs[i] = rng() & 0xFFFF;
      if (dot % 2 && i >= k / 2) {  // cancellation: repeat the first half negated
        as[i] = p.negate(as[i - k / 2]);
        bs[i] = bs[i - k / 2];
      }
      if (as[i] == p.nar()) as[i] = 0x4000;
      if (bs[i] == p.nar()) bs[i] = 0x4000;
    }
    if (dot % 97 == 0) as[k / 2] = p.nar();  // a NaR operand in some dots
    for (std::size_t i = 0; i < k; ++i) {
      const bool sub = dot % 5 == 0 && i % 3 == 0;
      m->valid_i = 1;
      m->clear_i = i == 0;
      m->sub_i = sub;
      m->a16_i = static_cast<std::uint16_t>(as[i]);
      m->b16_i = static_cast<std::uint16_t>(bs[i]);
      m->a8_i = 0;
      m->b8_i = 0;
      m.tick();
      sub ? q.sub_product(as[i], bs[i]) : q.add_product(as[i], bs[i]);
      ++products;
      bool same;
      const std::string d = quire_diff(m->q16_o, q.raw(), same);
      ASSERT_TRUE(same) << "dot " << dot << " step " << i << " a=" << hex(as[i]) << " b=" << hex(bs[i]) << "\n" << d;
    }
    nar_dots += q.is_nar();
    ASSERT_EQ(m->p16_o, q.to_posit()) << "dot " << dot << " (length " << k << "): expected " << hex(q.to_posit()) << " got "
                                      << hex(m->p16_o);
  }
  EXPECT_GE(products, 100000u);
  EXPECT_GT(nar_dots, 0) << "some dots must carry a NaR";
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
