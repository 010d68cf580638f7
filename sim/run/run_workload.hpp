// Running a workload on an architecture: the loop `qmac run` prints, as a
// library function that `qmac run`, `qmac verify` and the tests call.
// check_workload() refuses, before anything runs, every layer the
// architecture cannot take; run_workload() then builds one fold plan at a
// time and simulates each layer (fast: closed form; cycle: the SystemC model
// with seeded random operands), scaling counters by the layer's repeat.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "models/accelerator.hpp"
#include "models/arch_spec.hpp"
#include "models/array/array_core.hpp"
#include "sim/report/run_report.hpp"

namespace qmac::sim {

// Fast: closed form. Cycle: the SystemC model, every PE every cycle. Rtl: the
// same with the array given by RunOptions::array (the Verilated array in
// lockstep with the model). Cycle and Rtl hold every output against golden.
enum class RunMode { Fast, Cycle, Rtl };
// "fast", "cycle", "rtl" (as --mode spells them), and back; nullopt for another name.
const char* run_mode_name(RunMode m);
std::optional<RunMode> parse_run_mode(const std::string& name);

struct RunOptions {
  RunMode mode = RunMode::Fast;
  std::uint64_t seed = 1;  // cycle mode: layer i uses seed + i
  models::ArrayFactory array = models::make_array_core;
  // Called before each layer with its index.
  std::function<void(std::size_t, const models::GemmLayer&)> progress;
  // Cycle/rtl mode: the operands of a layer (as the workload gives it; `padded`
  // is what runs), or nullopt for seeded random ones.
  std::function<std::optional<models::LayerOperands>(const models::GemmLayer& layer, const models::GemmLayer& padded)> operands;
};

struct RunTotals {
  std::uint64_t pe_updates = 0;  // cycle mode: R*C per compute cycle
  std::uint64_t macs = 0;
  double wall_seconds = 0;
};


// The layer the array runs: K rounded up to the MAC kind's block (zeros
// appended), or `layer` itself where it fills its blocks or has none.
models::GemmLayer padded_along_k(const models::ArchSpec& arch, const models::GemmLayer& layer);

// Throws config::ConfigError "workload:line: reason (architecture ARCH)" for
// the first layer the architecture cannot run in `mode`.
void check_workload(const models::ArchSpec& arch, const std::vector<models::GemmLayer>& layers, RunMode mode,
                    const std::string& workload_file, const std::string& arch_file);

// Appends one LayerReport per layer to `rep.layers` and, in cycle and rtl
// mode, the check of every output against golden's GEMM to `rep.checks`. Throws
// config::ConfigError naming the layer when a counter passes 2^64 with repeats.
RunTotals run_workload(report::RunReport& rep, const std::vector<models::GemmLayer>& layers, const RunOptions& opt);

}  // namespace qmac::sim
