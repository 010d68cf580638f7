// Accelerator: the SystemC model of the whole machine: a clock, DRAM, three
// SRAM scratchpads, a DMA engine and the systolic array, wired by TLM-2.0
// sockets, with the controller as one thread that walks a FoldPlan
// (docs/timing.md "Controller"). SystemC elaborates once per process, so
// one instance serves every layer: run() reconfigures it and advances the
// simulation until the layer is done.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "models/array/fold_plan.hpp"
#include "models/array/systolic_array_model.hpp"
#include "models/activity.hpp"
#include "models/counters.hpp"
#include "models/memory/dma.hpp"
#include "models/memory/dram.hpp"
#include "models/memory/sram.hpp"

namespace qmac::models {

// Operands as they sit in DRAM, as golden::pe tokens (row-major): A is M x K
// (raw FP16/BF16 bits when the activations are quantized online), B is K x N.
struct LayerOperands {
  std::vector<std::uint32_t> a, b;
};

struct LayerRun {
  Counters counters;
  Activity activity;             // bit toggles of the data that flowed
  std::vector<std::uint64_t> c;  // M x N output codes, as golden::gemm() returns them
};

class Accelerator : public sc_core::sc_module {
 public:
  static Accelerator& instance();
  // Runs one layer; `array` builds the array the controller drives (the C++
  // SystolicCore by default; a Verilated array or a lockstep pair otherwise).
  LayerRun run(const FoldPlan& plan, const LayerOperands& operands, const ArrayFactory& array = make_array_core);

 private:
  explicit Accelerator(sc_core::sc_module_name name);
  void control();
  void fold_loop();

  Counters counters_;
  sc_core::sc_clock clk_;
  Dram dram_;
  Sram input_sram_, weight_sram_, output_sram_;
  Dma dma_;
  SystolicArrayModel array_;
  const FoldPlan* plan_ = nullptr;
  bool done_ = true;
  sc_core::sc_event go_;
};

}  // namespace qmac::models
