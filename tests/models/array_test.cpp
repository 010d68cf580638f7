// The SystemC model against golden and against the fast model:
// - its output equals golden::gemm() bit for bit, with the accumulation order
//   of the dataflow, for every MAC kind and dataflow, ragged shapes included;
// - fast mode's cycles and every counter equal cycle mode's;
// - under ideal timing, compute cycles equal SCALE-Sim v2's per-fold sum,
//   written here from its source (scalesim/compute/systolic_compute_*.py).
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "golden/mac/pe_arith.hpp"
#include "golden/gemm/gemm.hpp"
#include "models/accelerator.hpp"
#include "models/fast/fast_model.hpp"
#include "sim/run/golden_check.hpp"
#include "sim/run/random_operands.hpp"

namespace qmac {
namespace {

using models::ArchSpec;
using models::Dataflow;
using models::GemmLayer;

struct Kind {
  const char* a;
  const char* b;
  golden::AccumulatorKind acc;
  golden::ActivationInput act = golden::ActivationInput::Prequantized;
};

const std::vector<Kind> kKinds = {
    {"int8", "int8", golden::AccumulatorKind::Int},
    {"int4", "int4", golden::AccumulatorKind::Int},
    {"e4m3", "e4m3", golden::AccumulatorKind::Fp32},
    {"e5m2", "e5m2", golden::AccumulatorKind::Fp32},
    {"e4m3", "e5m2", golden::AccumulatorKind::Fp32},
    {"e4m3", "e4m3", golden::AccumulatorKind::Kulisch},
    {"mxfp8_e4m3", "mxfp8_e4m3", golden::AccumulatorKind::Fp32},
    {"mxfp8_e5m2", "mxfp8_e5m2", golden::AccumulatorKind::Fp32},
    {"mxfp6_e2m3", "mxfp6_e2m3", golden::AccumulatorKind::Fp32},
    {"mxfp6_e3m2", "mxfp6_e3m2", golden::AccumulatorKind::Fp32},
    {"mxfp4", "mxfp4", golden::AccumulatorKind::Fp32},
    {"mxint8", "mxint8", golden::AccumulatorKind::Fp32},
    {"dialectfp4", "dialectfp4", golden::AccumulatorKind::Fp32, golden::ActivationInput::Fp16},
    {"posit8", "posit8", golden::AccumulatorKind::Quire},
    {"posit16", "posit16", golden::AccumulatorKind::Quire},
};

ArchSpec arch_for(const Kind& k, Dataflow df, int rows, int cols, models::TimingMode timing, bool dbl) {
  ArchSpec a;
  a.rows = rows;
  a.cols = cols;
  a.dataflow = df;
  a.mac = golden::resolve_mac_kind({k.a, k.b, k.acc, 32, 32, {}});
  a.activation_input = k.act;
  a.timing = timing;
  a.dram = {3.0, 7};  // a narrow channel, so that loads stall
  for (auto* s : {&a.input_sram, &a.weight_sram, &a.output_sram}) {
    s->bytes = 1 << 20;
    s->word_bits = 32;
    s->double_buffered = dbl;
  }
  return a;
}

using models::describe;

// SCALE-Sim v2's cycles per fold, restated from its compute classes:
// WS/IS 2R + C + T - 2, OS R + C + T - 2; folds ceil(Sr/R) * ceil(Sc/C).
std::uint64_t scalesim_compute_cycles(Dataflow df, std::int64_t R, std::int64_t C, std::int64_t M, std::int64_t K, std::int64_t N) {
  auto cd = [](std::int64_t a, std::int64_t b) { return (a + b - 1) / b; };
  switch (df) {
    case Dataflow::WS: return static_cast<std::uint64_t>(cd(K, R) * cd(N, C) * (2 * R + C + M - 2));
    case Dataflow::IS: return static_cast<std::uint64_t>(cd(K, R) * cd(M, C) * (2 * R + C + N - 2));
    case Dataflow::OS: return static_cast<std::uint64_t>(cd(M, R) * cd(N, C) * (R + C + K - 2));
  }
  return 0;
}

// stream_bytes > 0: that small an SRAM for the streamed operand and the
// outputs, so that streamed tiles pass through and partial sums spill.
models::LayerRun run_case(const Kind& k, Dataflow df, int rows, int cols, GemmLayer L, models::TimingMode timing, bool dbl,
                          std::uint64_t seed, std::uint64_t stream_bytes = 0) {
  ArchSpec arch = arch_for(k, df, rows, cols, timing, dbl);
  if (stream_bytes) {
    (df == Dataflow::IS ? arch.weight_sram : arch.input_sram).bytes = stream_bytes;
    arch.output_sram.bytes = stream_bytes;
  }
  const models::FoldPlan plan(arch, L);
  const models::LayerOperands ops = sim::random_operands(arch, L, seed);
  const models::LayerRun run = models::Accelerator::instance().run(plan, ops);
  const std::string where = std::string(k.a) + "x" + k.b + " " + std::string(models::dataflow_name(df)) + " " +
                            std::to_string(rows) + "x" + std::to_string(cols) + " M" + std::to_string(L.m) + " K" +
                            std::to_string(L.k) + " N" + std::to_string(L.n) + (dbl ? " dbl" : " single");

  // Golden multiplies the same tokens in the dataflow's order (sim/run/golden_check).
  const golden::GemmResult g = golden::gemm(sim::golden_spec_for(arch), sim::to_golden(arch, sim::quantized_a(arch, L, ops.a), L.m, L.k, true),
                                            sim::to_golden(arch, ops.b, L.k, L.n, false));
  const std::uint64_t mask = arch.mac.output_bits >= 64 ? ~0ull : (1ull << arch.mac.output_bits) - 1;
  int bad = 0;
  for (std::size_t i = 0; i < g.c.size() && bad < 5; ++i)
    if ((g.c[i] & mask) != run.c[i]) {
      ++bad;
      ADD_FAILURE() << where << ": C[" << i / static_cast<std::size_t>(L.n) << "][" << i % static_cast<std::size_t>(L.n)
                    << "] golden 0x" << std::hex << (g.c[i] & mask) << " model 0x" << run.c[i] << std::dec;
    }
  const models::Counters fast = models::fast_layer(plan);
  EXPECT_EQ(describe(run.counters), describe(fast)) << where << " (cycle mode first, fast mode second)";
  EXPECT_EQ(run.counters.macs, static_cast<std::uint64_t>(L.m * L.k * L.n)) << where;
  if (timing == models::TimingMode::Ideal) {
    EXPECT_EQ(run.counters.compute_cycles, scalesim_compute_cycles(df, rows, cols, L.m, L.k, L.n)) << where;
    EXPECT_EQ(run.counters.stall_cycles, 0u) << where;
  }
  return run;
}

class EveryKind : public ::testing::TestWithParam<std::size_t> {};

TEST_P(EveryKind, EveryDataflowMatchesGoldenAndFastMode) {
  const Kind& k = kKinds[GetParam()];
  const bool block = golden::find_format(k.a).is_block();
  // Ragged everywhere: M and N are not multiples of the array; K is too for scalar formats.
  const GemmLayer L{"t", 9, block ? 64 : 13, 7, 1, 0};
  std::uint64_t seed = 1;
  for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) {
    run_case(k, df, 4, 3, L, models::TimingMode::Rtl, true, seed++);
    run_case(k, df, 4, 3, L, models::TimingMode::Rtl, false, seed++);
    run_case(k, df, 4, 3, L, models::TimingMode::Ideal, true, seed++);
  }
}

INSTANTIATE_TEST_SUITE_P(Models, EveryKind, ::testing::Range<std::size_t>(0, kKinds.size()),
                         [](const auto& info) {
                           std::string n = std::string(kKinds[info.param].a) + "_" + kKinds[info.param].b + "_" +
                                           std::to_string(static_cast<int>(kKinds[info.param].acc));
                           for (auto& ch : n) if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           return n;
                         });

// Shapes and array sizes for the fast = cycle proof, int8 (the cheap PE).
TEST(FastMode, EqualsCycleModeOnSampledShapes) {
  const Kind k{"int8", "int8", golden::AccumulatorKind::Int};
  std::uint64_t seed = 100;
  for (auto [r, c] : {std::pair{2, 2}, {8, 8}, {3, 5}, {8, 2}})
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS})
      for (GemmLayer L : {GemmLayer{"a", 1, 1, 1, 1, 0}, GemmLayer{"b", 17, 9, 11, 1, 0}, GemmLayer{"c", 8, 16, 8, 1, 0},
                          GemmLayer{"d", 3, 40, 2, 1, 0}})
        run_case(k, df, r, c, L, seed % 2 ? models::TimingMode::Rtl : models::TimingMode::Ideal, seed % 3 != 0, seed), ++seed;
}

// A layer whose streamed tile and output tile exceed their SRAMs still runs:
// the streamed operand passes through (reloaded, never resident), partial sums
// spill to DRAM and come back, and the result, fast = cycle and (ideal timing)
// SCALE-Sim's compute cycles all still hold. The spill is in the DRAM bytes.
TEST(Spill, TilesLargerThanTheirSramStillRunAndMatch) {
  std::uint64_t seed = 300;
  for (const Kind& k : {kKinds[0], kKinds[2], kKinds[5]})
    for (Dataflow df : {Dataflow::WS, Dataflow::IS})
      for (auto timing : {models::TimingMode::Rtl, models::TimingMode::Ideal})
        for (bool dbl : {true, false}) {
          // 4x4 array, a 64-long stream, K = 3 folds of 4.
          const GemmLayer L{"s", 64, 12, 64, 1, 0};
          const auto big = run_case(k, df, 4, 4, L, timing, dbl, seed);
          const auto small = run_case(k, df, 4, 4, L, timing, dbl, seed++, 256);
          EXPECT_EQ(small.c, big.c);
          EXPECT_EQ(small.counters.compute_cycles, big.counters.compute_cycles);
          // Outputs spill once per non-last K-fold and come back: 2 x (K-folds - 1) x M x N x 32 bits more traffic.
          const std::uint64_t psums = 2ull * 2 * 64 * 64 * 4;
          EXPECT_GE(small.counters.dram_read_bytes, big.counters.dram_read_bytes + psums / 2);
          EXPECT_EQ(small.counters.dram_write_bytes, big.counters.dram_write_bytes + psums / 2);
          if (timing == models::TimingMode::Rtl) {
            EXPECT_GT(small.counters.total_cycles, big.counters.total_cycles);
          }
        }
}

// A stationary tile that cannot fit is refused with the numbers.
TEST(Spill, StationaryTileLargerThanItsSramIsRefused) {
  ArchSpec arch = arch_for(kKinds[0], Dataflow::WS, 32, 32, models::TimingMode::Rtl, true);
  arch.weight_sram.bytes = 1024;  // 512 B per buffer; a 32x32 int8 B tile is 1 KiB
  try {
    models::FoldPlan plan(arch, GemmLayer{"w", 8, 64, 64, 1, 0});
    FAIL() << "accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("stationary B tile needs 1 KiB (8192 bits)"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace qmac
