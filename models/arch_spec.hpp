// ArchSpec and GemmLayer: the validated, typed description of an accelerator
// and of a workload, as the model and the fast model take them. sim/config
// builds them from YAML or SCALE-Sim files (and reports file:line errors);
// nothing here reads a file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "golden/mac/mac_kind.hpp"
#include "golden/mac/online_activation.hpp"
#include "models/array/dataflow.hpp"

namespace qmac::models {

struct SramSpec {
  std::uint64_t bytes = 64 * 1024;
  int banks = 1;
  int word_bits = 64;  // one access moves one word per bank
  bool double_buffered = true;
};

struct DramSpec {
  double bytes_per_cycle = 16;  // sustained interface bandwidth
  int latency_cycles = 100;     // first byte of a transfer
};

// rtl: the units' latencies (unit_timing) and memory that can stall;
// ideal: 1-cycle MACs and memory that never stalls (SCALE-Sim's assumptions).
enum class TimingMode { Rtl, Ideal };

struct ArchSpec {
  std::string name = "default";
  int rows = 32;
  int cols = 32;
  Dataflow dataflow = Dataflow::WS;
  // The MAC kind: A = activations (M x K), B = weights (K x N). For
  // dialectfp4 and mxfp4 the activations may arrive as FP16/BF16
  // (`activation_input`) and pass the online quantizer (two-stage dialect
  // choice, or MX) on their way into the input SRAM; otherwise they are pre-quantized.
  // Resolved once by sim/config (golden::resolve_mac_kind); nothing below looks formats up by name.
  golden::MacKind mac = golden::resolve_mac_kind({"int8", "int8", golden::AccumulatorKind::Int, 32, 32, {}});
  golden::ActivationInput activation_input = golden::ActivationInput::Prequantized;
  bool online_quantizer() const { return activation_input != golden::ActivationInput::Prequantized; }
  // FP16 or BF16: what the online quantizer takes (online_quantizer() only).
  const golden::Format& activation_format() const { return golden::activation_input_format(activation_input); }
  std::string activation_path() const {
    return online_quantizer() ? std::string("online quantizer from ") + golden::activation_input_name(activation_input)
                              : "pre-quantized from DRAM";
  }
  SramSpec input_sram, weight_sram, output_sram;
  DramSpec dram;
  double clock_mhz = 1000;
  TimingMode timing = TimingMode::Rtl;
  std::string tech = "45nm";  // the technology table (configs/tech/<tech>.yaml) energy is costed with
  std::vector<std::string> compare;  // `qmac run` without --mac/--compare: run once per MAC format of this list
};

struct GemmLayer {
  std::string name;
  std::int64_t m = 0, k = 0, n = 0;
  std::uint64_t repeat = 1;
  int line = 0;  // where the workload file defines it (for messages)
};

}  // namespace qmac::models
