// Speed of the SystemC model (cycle mode: PE-updates per second on a 32x32
// weight-stationary array, 512^3 GEMM) and of the fast model (simulated MACs
// per second over one LLaMA-7B decoder layer, prefill 128). `make bench`.
#include <benchmark/benchmark.h>
#include <systemc>

#include "models/accelerator.hpp"
#include "models/fast/fast_model.hpp"
#include "sim/run/random_operands.hpp"

namespace {

using namespace qmac;

models::ArchSpec arch32(const char* fmt, golden::AccumulatorKind acc, golden::ActivationInput act = golden::ActivationInput::Prequantized) {
  models::ArchSpec a;
  a.mac = golden::resolve_mac_kind({fmt, fmt, acc, 32, 32, {}});
  a.activation_input = act;
  a.input_sram.bytes = a.output_sram.bytes = 512 * 1024;
  a.weight_sram.bytes = 256 * 1024;
  a.dram = {64, 100};
  return a;
}

void cycle_mode(benchmark::State& st, models::ArchSpec a) {
  const models::GemmLayer L{"gemm512", 512, 512, 512, 1, 0};
  const models::FoldPlan plan(a, L);
  const auto ops = sim::random_operands(a, L, 1);
  std::uint64_t updates = 0;
  for (auto _ : st) {
    const auto r = models::Accelerator::instance().run(plan, ops);
    updates += static_cast<std::uint64_t>(a.rows * a.cols) * r.counters.compute_cycles;
  }
  st.counters["PE_updates_per_s"] = benchmark::Counter(static_cast<double>(updates), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(cycle_mode, int8, arch32("int8", golden::AccumulatorKind::Int))->Iterations(2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(cycle_mode, e4m3, arch32("e4m3", golden::AccumulatorKind::Fp32))->Iterations(2)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(cycle_mode, dialectfp4, arch32("dialectfp4", golden::AccumulatorKind::Fp32, golden::ActivationInput::Fp16))
    ->Iterations(2)->Unit(benchmark::kMillisecond);

void fast_mode_llama_layer(benchmark::State& st) {
  const models::ArchSpec a = arch32("int8", golden::AccumulatorKind::Int);
  const std::vector<models::GemmLayer> layer = {
      {"q", 128, 4096, 4096, 1, 0}, {"k", 128, 4096, 4096, 1, 0}, {"v", 128, 4096, 4096, 1, 0},
      {"qk", 128, 128, 128, 32, 0}, {"av", 128, 128, 128, 32, 0}, {"o", 128, 4096, 4096, 1, 0},
      {"gate", 128, 4096, 11008, 1, 0}, {"up", 128, 4096, 11008, 1, 0}, {"down", 128, 11008, 4096, 1, 0}};
  std::uint64_t macs = 0;
  for (auto _ : st)
    for (const auto& L : layer) {
      const models::FoldPlan plan(a, L);
      macs += models::fast_layer(plan).macs * L.repeat;
    }
  st.counters["MACs_per_s"] = benchmark::Counter(static_cast<double>(macs), benchmark::Counter::kIsRate);
}
BENCHMARK(fast_mode_llama_layer)->Unit(benchmark::kMillisecond);

}  // namespace

int sc_main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  return 0;
}
