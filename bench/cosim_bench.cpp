// Speed of the Verilated arrays (docs/rtl.md), simulated cycles per second:
// the RTL array alone in the controller's place (cosim::rtl_array_factory)
// and co-simulated in lockstep with the C++ model (cosim::lockstep_factory),
// for int8, e4m3, mxfp4 and dialectfp4 at 4x4 and 8x8, weight-stationary,
// on a 64 x 256 x 64 GEMM (K whole blocks of 32). `make bench`.
#include <benchmark/benchmark.h>
#include <systemc>

#include "models/accelerator.hpp"
#include "sim/cosim/rtl_arrays.hpp"
#include "sim/run/random_operands.hpp"
#include "sim/verify/mac_kinds.hpp"

namespace {

using namespace qmac;

models::ArchSpec arch(const char* fmt, int n) {
  models::ArchSpec a;
  a.rows = a.cols = n;
  a.mac = verify::mac_kind_named(fmt);
  a.input_sram.bytes = a.output_sram.bytes = a.weight_sram.bytes = 1 << 20;
  a.dram = {64, 100};
  return a;
}

void rtl_array(benchmark::State& st, const char* fmt, int n, bool lockstep) {
  const models::ArchSpec a = arch(fmt, n);
  const models::GemmLayer L{"gemm", 64, 256, 64, 1, 0};
  const models::FoldPlan plan(a, L);
  const auto ops = sim::random_operands(a, L, 1);
  cosim::LockstepStats stats;
  const models::ArrayFactory factory = lockstep ? cosim::lockstep_factory(&stats) : cosim::rtl_array_factory();
  std::uint64_t cycles = 0;
  for (auto _ : st) cycles += models::Accelerator::instance().run(plan, ops, factory).counters.compute_cycles;
  if (lockstep && !stats.ok()) st.SkipWithError(stats.first_mismatch.c_str());
  st.counters["cycles_per_s"] = benchmark::Counter(static_cast<double>(cycles), benchmark::Counter::kIsRate);
}

#define QMAC_RTL_BENCH(fmt, n)                                                                            \
  BENCHMARK_CAPTURE(rtl_array, fmt##_##n##x##n##_alone, #fmt, n, false)->Unit(benchmark::kMillisecond);   \
  BENCHMARK_CAPTURE(rtl_array, fmt##_##n##x##n##_lockstep, #fmt, n, true)->Unit(benchmark::kMillisecond)
QMAC_RTL_BENCH(int8, 4);
QMAC_RTL_BENCH(int8, 8);
QMAC_RTL_BENCH(e4m3, 4);
QMAC_RTL_BENCH(e4m3, 8);
QMAC_RTL_BENCH(mxfp4, 4);
QMAC_RTL_BENCH(mxfp4, 8);
QMAC_RTL_BENCH(dialectfp4, 4);
QMAC_RTL_BENCH(dialectfp4, 8);

}  // namespace

int sc_main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
