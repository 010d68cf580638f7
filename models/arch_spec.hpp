// ArchSpec and GemmLayer: the validated, typed description of an accelerator
// and of a workload, as the model and the fast model take them. sim/config
// builds them from YAML or SCALE-Sim files (and reports file:line errors);
// nothing here reads a file.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "golden/mac/mac_kind.hpp"
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
  // dialectfp4 and mxfp4 the activations may arrive as `activation_format`
  // (fp16/bf16) and pass the online quantizer (two-stage dialect choice, or
  // MX) on their way into the input SRAM; otherwise they are pre-quantized.
  // Resolved once by sim/config (golden::resolve_mac_kind); nothing below looks formats up by name.
  golden::MacKind mac = golden::resolve_mac_kind({"int8", "int8", golden::AccumulatorKind::Int, 32, 32, {}});
  std::string activation_format;  // "" unless the A side is quantized online
  std::string activation_path() const {
    return activation_format.empty() ? "pre-quantized from DRAM" : "online quantizer from " + activation_format;
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
