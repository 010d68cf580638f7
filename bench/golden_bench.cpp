// Speed of the golden library (Google Benchmark). Rates are reported as
// items/s: values converted or quantized, or MACs.
#include <benchmark/benchmark.h>

#include <bit>
#include <random>
#include <vector>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/block/mx_quantizer.hpp"
#include "golden/block/nf4_quantizer.hpp"
#include "golden/formats/bf16.hpp"
#include "golden/formats/e2m1.hpp"
#include "golden/formats/e2m3.hpp"
#include "golden/formats/e3m2.hpp"
#include "golden/formats/e8m0.hpp"
#include "golden/formats/int4.hpp"
#include "golden/formats/int8.hpp"
#include "golden/formats/nf4.hpp"
#include "golden/formats/tf32.hpp"
#include "golden/formats/e4m3.hpp"
#include "golden/formats/e5m2.hpp"
#include "golden/formats/fp16.hpp"
#include "golden/formats/posit.hpp"
#include "golden/gemm/gemm.hpp"
#include "golden/gemm/scaled_int_gemm.hpp"
#include "golden/mac/posit_quire.hpp"

namespace {

using namespace qmac::golden;

std::vector<std::uint32_t> random_fp32(std::size_t n, float sigma = 1.0f, unsigned seed = 1) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> nd(0.0f, sigma);
  std::vector<std::uint32_t> v(n);
  for (auto& x : v) x = std::bit_cast<std::uint32_t>(nd(rng));
  return v;
}

template <class F>
void BM_EncodeFromFp32(benchmark::State& state) {
  const auto in = random_fp32(4096, 100.0f);
  std::uint64_t sink = 0;
  for (auto _ : state) {
    for (std::uint32_t b : in) sink += F::encode(from_fp32_bits(b));
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_EncodeFromFp32<E4M3>)->Name("encode_fp32/e4m3");
BENCHMARK(BM_EncodeFromFp32<E5M2>)->Name("encode_fp32/e5m2");
BENCHMARK(BM_EncodeFromFp32<E2M1>)->Name("encode_fp32/e2m1");
BENCHMARK(BM_EncodeFromFp32<Fp16>)->Name("encode_fp32/fp16");
BENCHMARK(BM_EncodeFromFp32<Bf16>)->Name("encode_fp32/bf16");
BENCHMARK(BM_EncodeFromFp32<E2M3>)->Name("encode_fp32/e2m3");
BENCHMARK(BM_EncodeFromFp32<E3M2>)->Name("encode_fp32/e3m2");
BENCHMARK(BM_EncodeFromFp32<Tf32>)->Name("encode_fp32/tf32");
BENCHMARK(BM_EncodeFromFp32<E8M0>)->Name("encode_fp32/e8m0");
BENCHMARK(BM_EncodeFromFp32<Int8>)->Name("encode_fp32/int8");
BENCHMARK(BM_EncodeFromFp32<Int4>)->Name("encode_fp32/int4");
BENCHMARK(BM_EncodeFromFp32<Nf4>)->Name("encode_fp32/nf4");

template <class F>
void BM_DecodeToFp32(benchmark::State& state) {
  std::uint64_t sink = 0;
  for (auto _ : state) {
    for (std::uint64_t c = 0; c < 256; ++c) sink += to_fp32_bits(F::decode(c));
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * 256));
}
BENCHMARK(BM_DecodeToFp32<E4M3>)->Name("decode_fp32/e4m3");
BENCHMARK(BM_DecodeToFp32<E5M2>)->Name("decode_fp32/e5m2");
BENCHMARK(BM_DecodeToFp32<E2M3>)->Name("decode_fp32/e2m3");
BENCHMARK(BM_DecodeToFp32<E2M1>)->Name("decode_fp32/e2m1");
BENCHMARK(BM_DecodeToFp32<E8M0>)->Name("decode_fp32/e8m0");
BENCHMARK(BM_DecodeToFp32<Int8>)->Name("decode_fp32/int8");
BENCHMARK(BM_DecodeToFp32<Nf4>)->Name("decode_fp32/nf4");

void BM_PositEncode(benchmark::State& state) {
  const PositSpec p{static_cast<int>(state.range(0)), 2};
  const auto in = random_fp32(4096);
  std::uint64_t sink = 0;
  for (auto _ : state) {
    for (std::uint32_t b : in) sink += p.encode(from_fp32_bits(b));
    benchmark::DoNotOptimize(sink);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_PositEncode)->Name("encode_fp32/posit")->Arg(8)->Arg(16)->Arg(32);

void BM_MxQuantize(benchmark::State& state, const char* fmt) {
  MxBlockQuantizer q(find_format(fmt));
  const auto in = random_fp32(32 * 256);
  std::vector<std::uint8_t> codes(in.size());
  for (auto _ : state) {
    for (std::size_t b = 0; b < in.size(); b += 32)
      benchmark::DoNotOptimize(q.quantize(std::span(in).subspan(b, 32), std::span(codes).subspan(b, 32)));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK_CAPTURE(BM_MxQuantize, mxfp8_e4m3, "mxfp8_e4m3")->Name("mx_quantize/mxfp8_e4m3");
BENCHMARK_CAPTURE(BM_MxQuantize, mxfp6_e2m3, "mxfp6_e2m3")->Name("mx_quantize/mxfp6_e2m3");
BENCHMARK_CAPTURE(BM_MxQuantize, mxfp4, "mxfp4")->Name("mx_quantize/mxfp4");
BENCHMARK_CAPTURE(BM_MxQuantize, mxint8, "mxint8")->Name("mx_quantize/mxint8");

void BM_DialectQuantize(benchmark::State& state, DialectSelect sel) {
  BlockDialectQuantizer q(32, sel);
  const auto in = random_fp32(32 * 256);
  std::vector<std::uint8_t> codes(in.size());
  for (auto _ : state)
    for (std::size_t b = 0; b < in.size(); b += 32)
      benchmark::DoNotOptimize(q.quantize(std::span(in).subspan(b, 32), std::span(codes).subspan(b, 32)));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK_CAPTURE(BM_DialectQuantize, two_stage, DialectSelect::TwoStage)->Name("dialectfp4_quantize/two_stage");
BENCHMARK_CAPTURE(BM_DialectQuantize, mse, DialectSelect::Mse)->Name("dialectfp4_quantize/mse");
BENCHMARK_CAPTURE(BM_DialectQuantize, mx, DialectSelect::Mx)->Name("dialectfp4_quantize/mx_mode");

void BM_DialectBlockDot(benchmark::State& state) {
  BlockDialectQuantizer q;
  const auto a = random_fp32(32, 1.0f, 1), b = random_fp32(32, 1.0f, 2);
  std::vector<std::uint8_t> ca(32), cb(32);
  const auto ma = q.quantize(a, ca), mb = q.quantize(b, cb);
  for (auto _ : state) benchmark::DoNotOptimize(dialect_block_dot(ma, ca, mb, cb));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 32);
}
BENCHMARK(BM_DialectBlockDot)->Name("dialectfp4_block_dot_mac");

void BM_Nf4Quantize(benchmark::State& state) {
  Nf4BlockQuantizer q;
  const auto in = random_fp32(64 * 128);
  std::vector<std::uint8_t> codes(in.size());
  for (auto _ : state)
    for (std::size_t b = 0; b < in.size(); b += 64)
      benchmark::DoNotOptimize(q.quantize(std::span(in).subspan(b, 64), std::span(codes).subspan(b, 64)));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * in.size()));
}
BENCHMARK(BM_Nf4Quantize)->Name("nf4_quantize/block64");

void BM_QuireDot(benchmark::State& state) {
  const PositSpec p{static_cast<int>(state.range(0)), 2};
  std::mt19937_64 rng(3);
  const std::size_t k = 256;
  std::vector<std::uint64_t> a(k), b(k);
  for (std::size_t i = 0; i < k; ++i) {
    a[i] = rng() & p.mask();
    b[i] = rng() & p.mask();
    if (a[i] == p.nar()) a[i] = 0;
    if (b[i] == p.nar()) b[i] = 0;
  }
  for (auto _ : state) benchmark::DoNotOptimize(posit_fdp(p, a.data(), b.data(), k));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * k));
}
BENCHMARK(BM_QuireDot)->Name("quire_dot_mac/posit")->Arg(8)->Arg(16)->Arg(32);

GemmOperand operand(int rows, int cols, const Format& f, bool block, unsigned seed) {
  std::mt19937_64 rng(seed);
  GemmOperand o;
  o.rows = rows;
  o.cols = cols;
  const Format& e = block ? find_format(f.element) : f;
  for (int i = 0; i < rows * cols; ++i) {
    std::uint64_t c;
    do c = rng() & e.code_mask();
    while (!e.decode(c).is_finite() && !e.decode(c).is_zero());
    if (e.bits <= 8) o.codes.push_back(static_cast<std::uint8_t>(c));
    else o.wide.push_back(c);
  }
  if (block) o.scales.assign(static_cast<std::size_t>(rows * cols / 32), 127);
  return o;
}

void BM_Gemm(benchmark::State& state, const char* fmt, AccumulatorKind acc) {
  const Format& f = find_format(fmt);
  const int M = 32, K = 256, N = 32;
  GemmOperand a = operand(M, K, f, f.is_block(), 1), b = operand(K, N, f, f.is_block(), 2);
  if (f.is_block()) {
    a.scales.assign(static_cast<std::size_t>(M * K / 32), 127);
    b.scales.assign(static_cast<std::size_t>(K / 32 * N), 127);
  }
  const GemmSpec spec{fmt, fmt, acc};
  for (auto _ : state) benchmark::DoNotOptimize(gemm(spec, a, b));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * M * K * N);
}
BENCHMARK_CAPTURE(BM_Gemm, int8, "int8", AccumulatorKind::Int)->Name("gemm_mac/int8_int32");
BENCHMARK_CAPTURE(BM_Gemm, e4m3, "e4m3", AccumulatorKind::Fp32)->Name("gemm_mac/e4m3_fp32");
BENCHMARK_CAPTURE(BM_Gemm, mxfp4, "mxfp4", AccumulatorKind::Fp32)->Name("gemm_mac/mxfp4_fp32");
BENCHMARK_CAPTURE(BM_Gemm, posit16, "posit16", AccumulatorKind::Quire)->Name("gemm_mac/posit16_quire");

// ScaledIntGemmNt (explore's GEMM) on a 64 x 1024 x 256 product, one path each:
// FP8-like values (products exact in float), FP32-wide values (round to odd in
// double), MX-like blocks of 32 with power-of-two or FP32 units, posit-like
// values into the quire. Rates are MACs.
ScaledIntMatrix grid(int rows, int cols, int block, int kbits, bool pow2_units, unsigned seed) {
  std::mt19937_64 rng(seed);
  ScaledIntMatrix m;
  m.rows = rows;
  m.cols = cols;
  m.block = block;
  for (int i = 0; i < rows * cols; ++i) m.k.push_back(static_cast<std::int64_t>(rng() % (1u << kbits)) - (1 << (kbits - 1)));
  for (int i = 0; i < rows * cols / block; ++i)
    m.unit.push_back(pow2_units ? Value::finite(false, 1, static_cast<int>(rng() % 8) - 12)
                                : from_fp32_bits(0x3C000000u + (static_cast<std::uint32_t>(rng() % 0x01000000u) & ~0x1Fu)));  // 19-bit significands: with k, exact in 26 bits
  return m;
}

void BM_ScaledIntGemm(benchmark::State& state, int block, int kbits, bool pow2_units, bool quire) {
  const int M = 64, K = 1024, N = 256;
  ScaledIntMatrix a = grid(M, K, block, kbits, pow2_units, 1), b = grid(N, K, block, kbits, pow2_units, 2);
  if (block == 1) {
    compact(a);
    compact(b);
  }
  const ScaledIntGemmNt g(a, b, quire ? &find_format("posit16") : nullptr);
  std::vector<std::uint32_t> c(static_cast<std::size_t>(M) * N);
  for (auto _ : state) {
    g.rows(0, M, c.data());
    benchmark::DoNotOptimize(c.data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * M * K * N);
}
BENCHMARK_CAPTURE(BM_ScaledIntGemm, fp32_float, 1, 4, true, false)->Name("scaled_int_gemm_mac/fp32_float");
BENCHMARK_CAPTURE(BM_ScaledIntGemm, fp32_odd, 1, 4, false, false)->Name("scaled_int_gemm_mac/fp32_odd");
BENCHMARK_CAPTURE(BM_ScaledIntGemm, blocks_pow2, 32, 8, true, false)->Name("scaled_int_gemm_mac/blocks32_pow2");
BENCHMARK_CAPTURE(BM_ScaledIntGemm, blocks_fp32, 32, 4, false, false)->Name("scaled_int_gemm_mac/blocks32_fp32_units");
BENCHMARK_CAPTURE(BM_ScaledIntGemm, quire, 1, 8, true, true)->Name("scaled_int_gemm_mac/quire");

}  // namespace

BENCHMARK_MAIN();
