// mx_scale_unit vs golden (formats.md §6.5: exact block dot, scaled exactly,
// one FP32 RNE per block): 3e5 random blocks per configuration with scales
// at both ends of E8M0, NaN scales, special flags, overflow to Inf and
// subnormal results; and the mac_mx_elem -> mx_scale_unit chain on real MX
// blocks against golden's MX GEMM.
#include <gtest/gtest.h>

#include <random>

#include "Vmx_scale_tb_top.h"
#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/e8m0.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/gemm/gemm.hpp"
#include "golden/mac/fp32_accumulator.hpp"
#include "tests/golden/reference.hpp"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

bool is_nan32(std::uint32_t x) { return (x & 0x7F800000u) == 0x7F800000u && (x & 0x7FFFFFu); }

golden::Value block_value(__int128 dot, unsigned flags, int lsb, std::uint8_t sa, std::uint8_t sb) {
  if (sa == 0xFF || sb == 0xFF || (flags & 1) || ((flags & 6) == 6)) return golden::Value::nan();
  if (flags & 6) return golden::Value::inf((flags & 4) != 0);
  return golden::from_int128(dot, lsb + golden::E8M0::exponent(sa) + golden::E8M0::exponent(sb));
}

// Reset leaves the FP32 sum at +0: a sum begun without a clear starts there.
TEST(MxScaleUnit, ResetStartsTheSumAtPlusZero) {
  Clocked<Vmx_scale_tb_top> m;
  EXPECT_EQ(m->fp4_o, 0u);
  m->valid_i = 1;
  m->clear_i = 0;
  m->dot_i[0] = 4;  // 1.0 for the FP4 configuration
  m->dot_i[1] = 0;
  m->dot_i[2] = 0;
  m->flags_i = 0;
  m->scale_a_i = 127;
  m->scale_b_i = 127;
  m.tick();
  EXPECT_EQ(m->fp4_o, 0x3F800000u);
}

TEST(MxScaleUnit, LatencyOneInitiationIntervalOne) {
  Clocked<Vmx_scale_tb_top> m;
  m->valid_i = 1;
  m->clear_i = 1;
  m->dot_i[0] = 4;  // 4 * 2^(-2 + 0 + 0) = 1.0 for the FP4 configuration
  m->dot_i[1] = 0;
  m->dot_i[2] = 0;
  m->flags_i = 0;
  m->scale_a_i = 127;
  m->scale_b_i = 127;
  m.model().eval();
  EXPECT_EQ(m->fp4_o, 0u) << "latency >= 1";
  m.tick();
  EXPECT_EQ(m->fp4_o, 0x3F800000u) << "latency 1";
  m->clear_i = 0;
  m.tick();
  m.tick();
  EXPECT_EQ(m->fp4_o, 0x40400000u) << "II 1: a block per cycle";
}

TEST(MxScaleUnit, RandomBlocksScalesAndSpecials) {
  Clocked<Vmx_scale_tb_top> m;
  std::mt19937_64 rng(31);
  golden::Fp32Accumulator acc[3];
  const int widths[3] = {70, 14, 16}, lsbs[3] = {-32, -2, -2};
  for (int cyc = 0; cyc < 300000; ++cyc) {
    const bool clear = rng() % 17 == 0, valid = rng() % 5 != 0;
    const unsigned __int128 raw = (static_cast<unsigned __int128>(rng()) << 64) | rng();
    const int len = 1 + static_cast<int>(rng() % 70);
    const unsigned __int128 dot_bits = raw & ((static_cast<unsigned __int128>(1) << len) - 1);
    auto pick_scale = [&] {
      const auto r = rng() % 10;
      return static_cast<std::uint8_t>(r == 0 ? 0x00 : r == 1 ? 0xFE : r == 2 ? (rng() % 200 == 0 ? 0xFF : 0xFD) : rng() % 255);
    };
    const std::uint8_t sa = pick_scale(), sb = pick_scale();
    const unsigned flags = rng() % 500 == 0 ? static_cast<unsigned>(1u << (rng() % 3)) : 0u;
    m->valid_i = valid;
    m->clear_i = clear;
    for (int w = 0; w < 3; ++w) m->dot_i[w] = static_cast<std::uint32_t>(dot_bits >> (32 * w));
    m->flags_i = flags;
    m->scale_a_i = sa;
    m->scale_b_i = sb;
    m->elem_valid_i = 0;
    m->elem_clear_i = 0;
    m.tick();
    for (int c = 0; c < 3; ++c) {
      if (clear) acc[c].clear();
      if (valid) acc[c].add(block_value(sext(dot_bits, widths[c]), c == 0 ? flags : 0, lsbs[c], sa, sb));
      const std::uint32_t got = c == 0 ? m->e5m2_o : c == 1 ? m->fp4_o : m->dialect_o;
      ASSERT_TRUE(got == acc[c].bits() || (is_nan32(got) && is_nan32(acc[c].bits())))
          << "config " << c << " cycle " << cyc << " dot=" << hex128(sext(dot_bits, widths[c])) << " scales " << hex(sa) << ","
          << hex(sb) << " flags " << flags << " expected " << hex(acc[c].bits()) << " got " << hex(got);
    }
  }
}

TEST(MxScaleUnit, ChainMatchesGoldenMxGemm) {
  Clocked<Vmx_scale_tb_top> m;
  std::mt19937 rng(5);
  const auto& f = golden::find_format("mxfp8_e4m3");
  golden::MxBlockQuantizer q(f);
  const int K = 256, B = 32;
  for (int run = 0; run < 2000; ++run) {
    std::vector<std::uint32_t> x(K), w(K);
    std::normal_distribution<float> nd(0.0f, std::ldexp(1.0f, static_cast<int>(rng() % 60) - 30));
    for (int i = 0; i < K; ++i) {
      x[static_cast<std::size_t>(i)] = std::bit_cast<std::uint32_t>(nd(rng));
      w[static_cast<std::size_t>(i)] = std::bit_cast<std::uint32_t>(nd(rng));
    }
    golden::GemmOperand a, b;
    a.rows = 1; a.cols = K; b.rows = K; b.cols = 1;
    a.codes.resize(K); b.codes.resize(K);
    for (int k0 = 0; k0 < K; k0 += B) {
      a.scales.push_back(q.quantize(std::span(x).subspan(static_cast<std::size_t>(k0), B), std::span(a.codes).subspan(static_cast<std::size_t>(k0), B)));
      b.scales.push_back(q.quantize(std::span(w).subspan(static_cast<std::size_t>(k0), B), std::span(b.codes).subspan(static_cast<std::size_t>(k0), B)));
    }
    const auto want = golden::gemm(golden::GemmSpec{"mxfp8_e4m3", "mxfp8_e4m3", golden::AccumulatorKind::Fp32}, a, b).c[0];
    for (int k0 = 0; k0 < K; k0 += B) {
      for (int t = 0; t < B; ++t) {  // the element MAC sums one block
        m->elem_valid_i = 1;
        m->elem_clear_i = t == 0;
        m->elem_a_i = a.codes[static_cast<std::size_t>(k0 + t)];
        m->elem_b_i = b.codes[static_cast<std::size_t>(k0 + t)];
        m->valid_i = 0;
        m->clear_i = 0;
        m.tick();
      }
      m->elem_valid_i = 0;  // then the scale unit takes the block
      m->valid_i = 1;
      m->clear_i = k0 == 0;
      m->scale_a_i = a.scales[static_cast<std::size_t>(k0 / B)];
      m->scale_b_i = b.scales[static_cast<std::size_t>(k0 / B)];
      m.tick();
    }
    ASSERT_EQ(m->chain_o, want) << "run " << run;
  }
}

}  // namespace
}  // namespace qmac::test
