// The golden GEMM for each accumulator and order, against references built
// from exact rationals step by step: FP32 chains (one chain and K-chunks), the
// MX per-block rounding, the Kulisch single rounding, INT wrap-free sums and
// the posit quire.
#include <gtest/gtest.h>

#include <random>

#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/gemm/gemm.hpp"
#include "tests/golden/fp32_reference.hpp"
#include "tests/golden/posit_reference.hpp"

namespace qmac::test {
namespace {

using golden::AccumulatorKind;
using golden::GemmOperand;
using golden::GemmSpec;

GemmOperand random_operand(int rows, int cols, const golden::Format& f, std::mt19937_64& rng) {
  GemmOperand o;
  o.rows = rows;
  o.cols = cols;
  for (int i = 0; i < rows * cols; ++i) {
    std::uint64_t c;
    do c = rng() & f.code_mask();
    while (f.decode(c).is_nan() || f.decode(c).is_inf());
    if (f.bits <= 8) o.codes.push_back(static_cast<std::uint8_t>(c));
    else o.wide.push_back(c);
  }
  return o;
}

Rational val(const golden::Format& f, const GemmOperand& o, int r, int c) { return to_rational(f.decode(o.code(r, c))); }

TEST(Gemm, E4m3Fp32ChainAndChunkedOrders) {
  std::mt19937_64 rng(1);
  const auto& f = golden::find_format("e4m3");
  const int M = 5, K = 37, N = 6;
  const GemmOperand a = random_operand(M, K, f, rng), b = random_operand(K, N, f, rng);
  for (int chunk : {0, 1, 4, 8, 37}) {
    GemmSpec s{"e4m3", "e4m3", AccumulatorKind::Fp32};
    s.order.chunk = chunk;
    const auto r = golden::gemm(s, a, b);
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) {
        const int c = chunk ? chunk : K;
        std::uint32_t out = 0;
        for (int k0 = 0; k0 < K; k0 += c) {
          std::uint32_t part = 0;
          for (int k = k0; k < std::min(K, k0 + c); ++k)
            part = ref_round_fp32(to_rational(golden::from_fp32_bits(part)) + val(f, a, i, k) * val(f, b, k, j));
          out = c == K ? part : ref_round_fp32(to_rational(golden::from_fp32_bits(out)) + to_rational(golden::from_fp32_bits(part)));
        }
        ASSERT_EQ(r.c[static_cast<std::size_t>(i * N + j)], out) << "chunk " << chunk << " C[" << i << "][" << j << "]";
      }
  }
}

TEST(Gemm, OrderMattersForFp32) {
  // 1 + 2^-24 + 2^-24 + 2^-24: a chain rounds every small term away (each
  // 1 + 2^-24 ties to 1); chunks of two keep 2^-24 + 2^-24 = 2^-23.
  GemmOperand a, b;
  a.rows = 1; a.cols = 4; b.rows = 4; b.cols = 1;
  a.wide = {0x3F80, 0x3380, 0x3380, 0x3380};  // bf16: 1, 2^-24, 2^-24, 2^-24
  b.wide = {0x3F80, 0x3F80, 0x3F80, 0x3F80};
  GemmSpec s{"bf16", "bf16", AccumulatorKind::Fp32};
  const auto chain = golden::gemm(s, a, b);
  s.order.chunk = 2;
  const auto chunks = golden::gemm(s, a, b);
  EXPECT_EQ(chain.c[0], 0x3F800000u);
  EXPECT_EQ(chunks.c[0], 0x3F800001u);
}

TEST(Gemm, Int8IntAccumulator) {
  std::mt19937_64 rng(2);
  const auto& f = golden::find_format("int8");
  const GemmOperand a = random_operand(7, 50, f, rng), b = random_operand(50, 3, f, rng);
  const auto r = golden::gemm(GemmSpec{"int8", "int8", AccumulatorKind::Int}, a, b);
  for (int i = 0; i < 7; ++i)
    for (int j = 0; j < 3; ++j) {
      std::int64_t s = 0;
      for (int k = 0; k < 50; ++k) {
        auto iv = [](std::uint64_t c) { return static_cast<std::int64_t>(static_cast<std::int8_t>(c)); };
        s += iv(a.code(i, k)) * iv(b.code(k, j));
      }
      ASSERT_EQ(r.c_int[static_cast<std::size_t>(i * 3 + j)], s);
    }
}

TEST(Gemm, MxFp4OneRoundingPerBlockAndKulisch) {
  std::mt19937_64 rng(3);
  const auto& f = golden::find_format("mxfp4");
  const auto& e = golden::find_format("e2m1");
  const int M = 3, K = 128, N = 4, B = 32, KB = K / B;
  GemmOperand a = random_operand(M, K, e, rng), b = random_operand(K, N, e, rng);
  for (int i = 0; i < M * KB; ++i) a.scales.push_back(static_cast<std::uint8_t>(110 + rng() % 30));
  for (int i = 0; i < KB * N; ++i) b.scales.push_back(static_cast<std::uint8_t>(110 + rng() % 30));
  const auto r = golden::gemm(GemmSpec{"mxfp4", "mxfp4", AccumulatorKind::Fp32}, a, b);
  const auto rk = golden::gemm(GemmSpec{"mxfp4", "mxfp4", AccumulatorKind::Kulisch}, a, b);
  for (int i = 0; i < M; ++i)
    for (int j = 0; j < N; ++j) {
      std::uint32_t acc = 0;
      Rational exact = 0;
      for (int kb = 0; kb < KB; ++kb) {
        Rational blk = 0;
        for (int t = 0; t < B; ++t) blk += val(e, a, i, kb * B + t) * val(e, b, kb * B + t, j);
        blk *= pow2(a.scales[static_cast<std::size_t>(i * KB + kb)] - 127) * pow2(b.scales[static_cast<std::size_t>(kb * N + j)] - 127);
        exact += blk;
        acc = ref_round_fp32(to_rational(golden::from_fp32_bits(acc)) + blk);
      }
      ASSERT_EQ(r.c[static_cast<std::size_t>(i * N + j)], acc) << "FP32, C[" << i << "][" << j << "]";
      ASSERT_EQ(rk.c[static_cast<std::size_t>(i * N + j)], ref_round_fp32(exact)) << "Kulisch, C[" << i << "][" << j << "]";
    }
  (void)f;
}

TEST(Gemm, Posit16Quire) {
  std::mt19937_64 rng(4);
  const auto& f = golden::find_format("posit16");
  const GemmOperand a = random_operand(4, 70, f, rng), b = random_operand(70, 5, f, rng);
  const auto r = golden::gemm(GemmSpec{"posit16", "posit16", AccumulatorKind::Quire}, a, b);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 5; ++j) {
      Rational s = 0;
      for (int k = 0; k < 70; ++k) s += val(f, a, i, k) * val(f, b, k, j);
      ASSERT_EQ(r.c[static_cast<std::size_t>(i * 5 + j)], ref_posit_round(16, 2, s));
    }
}

TEST(Gemm, RejectsBadCombinations) {
  GemmOperand a, b;
  a.rows = 2; a.cols = 3; a.codes.assign(6, 0);
  b.rows = 4; b.cols = 2; b.codes.assign(8, 0);
  EXPECT_THROW(golden::gemm(GemmSpec{"int8", "int8", AccumulatorKind::Int}, a, b), std::invalid_argument) << "K mismatch";
  b.rows = 3; b.codes.assign(6, 0);
  EXPECT_THROW(golden::gemm(GemmSpec{"e4m3", "e4m3", AccumulatorKind::Int}, a, b), std::invalid_argument);
  EXPECT_THROW(golden::gemm(GemmSpec{"e4m3", "e4m3", AccumulatorKind::Quire}, a, b), std::invalid_argument);
  EXPECT_THROW(golden::gemm(GemmSpec{"mxfp4", "mxfp4", AccumulatorKind::Fp32}, a, b), std::invalid_argument) << "K % block";
  EXPECT_THROW(golden::gemm(GemmSpec{"mxfp4", "e2m1", AccumulatorKind::Fp32}, a, b), std::invalid_argument);
}

}  // namespace
}  // namespace qmac::test
