// mac_mx_elem (all six element formats and mixed E4M3 x E5M2, one model) vs
// golden: every code pair of every configuration, FP8 specials, and 1e5
// random blocks of 32 (with zeros, NaN/Inf and extreme codes) against
// golden's mx_block_dot.
#include <gtest/gtest.h>

#include <random>

#include "Vmx_elem_tb_top.h"
#include "golden/formats/registry.hpp"
#include "golden/mac/element_int_table.hpp"
#include "golden/mac/mx_dot.hpp"
#include "tests/golden/reference.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

struct Config {
  const char* a;
  const char* b;
  int acc_bits;
};

// Reads one configuration's accumulator (and flags) from the model.
__int128 acc_of(Vmx_elem_tb_top& m, int cfg, unsigned& flags) {
  flags = 0;
  switch (cfg) {
    case 0: flags = m.e4m3_flags_o; return sext(m.e4m3_acc_o, 42);
    case 1: flags = m.e5m2_flags_o; return sext(wide128(m.e5m2_acc_o), 70);
    case 2: flags = m.finite_flags_o & 7u; return sext(m.e2m3_acc_o, 18);
    case 3: flags = (m.finite_flags_o >> 3) & 7u; return sext(m.e3m2_acc_o, 24);
    case 4: flags = (m.finite_flags_o >> 6) & 7u; return sext(m.e2m1_acc_o, 14);
    case 5: flags = (m.finite_flags_o >> 9) & 7u; return sext(m.mxint8_acc_o, 22);
    default: flags = m.mixed_flags_o; return sext(m.mixed_acc_o, 56);
  }
}

const Config kConfigs[] = {{"e4m3", "e4m3", 42}, {"e5m2", "e5m2", 70}, {"e2m3", "e2m3", 18}, {"e3m2", "e3m2", 24},
                           {"e2m1", "e2m1", 14}, {"mxint8_elem", "mxint8_elem", 22}, {"e4m3", "e5m2", 56}};

// Golden's view of a block: the exact sum in units of the two LSBs, or a special.
struct Expected {
  __int128 sum;
  unsigned flags;  // bit0 NaN, bit1 +Inf, bit2 -Inf
};
Expected golden_block(const Config& c, const std::vector<std::uint8_t>& a, const std::vector<std::uint8_t>& b) {
  const auto& ta = golden::ElementIntTable::of(golden::find_format(c.a));
  const auto& tb = golden::ElementIntTable::of(golden::find_format(c.b));
  const golden::Value d = golden::mx_block_dot(ta, 127, a, tb, 127, b);
  if (d.is_nan()) return {0, 1};
  if (d.is_inf()) return {0, d.neg ? 4u : 2u};
  const Rational s = to_rational(d) / pow2(ta.lsb_exp + tb.lsb_exp);
  return {to_i128(s), 0};
}

// Reset leaves every sum and flag at zero, and a sum begun without a clear starts there.
TEST(MacMxElem, ResetClearsSumsAndFlags) {
  Clocked<Vmx_elem_tb_top> m;
  for (int c = 0; c < 7; ++c) {
    unsigned flags;
    EXPECT_EQ(acc_of(m.model(), c, flags), 0) << c;
    EXPECT_EQ(flags, 0u) << c;
  }
  m->valid_i = 1;
  m->clear_i = 0;
  m->a_i = 0x38;  // E4M3 1.0 = k 512 (LSB 2^-9)
  m->b_i = 0x38;
  m.tick();
  unsigned flags;
  EXPECT_EQ(acc_of(m.model(), 0, flags), 512 * 512);
  EXPECT_EQ(flags, 0u);
}

TEST(MacMxElem, LatencyOneInitiationIntervalOne) {
  Clocked<Vmx_elem_tb_top> m;
  m->valid_i = 1;
  m->clear_i = 1;
  m->a_i = 0x38;  // E4M3 1.0 (k from golden's table below)
  m->b_i = 0x38;
  m.model().eval();
  EXPECT_EQ(sext(m->e4m3_acc_o, 42), 0) << "latency >= 1";
  m.tick();
  const auto& t = golden::ElementIntTable::of(golden::find_format("e4m3"));
  const __int128 p = static_cast<__int128>(t.k[0x38]) * t.k[0x38];
  EXPECT_EQ(sext(m->e4m3_acc_o, 42), p) << "latency 1";
  m->clear_i = 0;
  m.tick();
  m.tick();
  EXPECT_EQ(sext(m->e4m3_acc_o, 42), 3 * p) << "II 1";
}

TEST(MacMxElem, EveryCodePairOfEveryConfiguration) {
  Clocked<Vmx_elem_tb_top> m;
  for (std::uint32_t a = 0; a < 256; ++a)
    for (std::uint32_t b = 0; b < 256; ++b) {
      one_product(m, a, b);
      for (int c = 0; c < 7; ++c) {
        const auto& cfg = kConfigs[c];
        const int wa = golden::find_format(cfg.a).bits, wb = golden::find_format(cfg.b).bits;
        const std::vector<std::uint8_t> va = {static_cast<std::uint8_t>(a & ((1u << wa) - 1))};
        const std::vector<std::uint8_t> vb = {static_cast<std::uint8_t>(b & ((1u << wb) - 1))};
        const Expected e = golden_block(cfg, va, vb);
        unsigned flags;
        const __int128 got = acc_of(m.model(), c, flags);
        ASSERT_EQ(flags, e.flags) << cfg.a << "x" << cfg.b << " a=" << hex(va[0]) << " b=" << hex(vb[0]);
        if (!e.flags) ASSERT_EQ(got, e.sum) << cfg.a << "x" << cfg.b << " a=" << hex(va[0]) << " b=" << hex(vb[0])
                                            << " expected " << hex128(e.sum) << " got " << hex128(got);
      }
    }
}

TEST(MacMxElem, RandomBlocksWithZerosSpecialsAndExtremes) {
  Clocked<Vmx_elem_tb_top> m;
  std::mt19937_64 rng(77);
  std::vector<std::uint8_t> a(32), b(32);
  for (int blk = 0; blk < 100000; ++blk) {
    const int style = static_cast<int>(rng() % 4);
    for (int i = 0; i < 32; ++i) {
      std::uint8_t x = static_cast<std::uint8_t>(rng()), y = static_cast<std::uint8_t>(rng());
      if (style == 1 && rng() % 3 == 0) x = 0;                         // zeros
      if (style == 2) { x |= 0x78; y |= 0x78; }                        // near the top of every format
      if (style == 3 && rng() % 64 == 0) x = (rng() & 1) ? 0x7F : 0x7C;  // E4M3 NaN / E5M2 Inf
      a[static_cast<std::size_t>(i)] = x;
      b[static_cast<std::size_t>(i)] = y;
    }
    for (int i = 0; i < 32; ++i) {
      m->valid_i = 1;
      m->clear_i = i == 0;
      m->a_i = a[static_cast<std::size_t>(i)];
      m->b_i = b[static_cast<std::size_t>(i)];
      m.tick();
    }
    for (int c = 0; c < 7; ++c) {
      const auto& cfg = kConfigs[c];
      const int wa = golden::find_format(cfg.a).bits, wb = golden::find_format(cfg.b).bits;
      std::vector<std::uint8_t> va(32), vb(32);
      for (int i = 0; i < 32; ++i) {
        va[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(a[static_cast<std::size_t>(i)] & ((1u << wa) - 1));
        vb[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(b[static_cast<std::size_t>(i)] & ((1u << wb) - 1));
      }
      const Expected e = golden_block(cfg, va, vb);
      unsigned flags;
      const __int128 got = acc_of(m.model(), c, flags);
      ASSERT_EQ(flags, e.flags) << cfg.a << "x" << cfg.b << " block " << blk;
      if (!e.flags) ASSERT_EQ(got, e.sum) << cfg.a << "x" << cfg.b << " block " << blk << " expected " << hex128(e.sum) << " got " << hex128(got);
    }
  }
}

}  // namespace
}  // namespace qmac::test
