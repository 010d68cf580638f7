// What a lockstep co-simulation compared and the first disagreement, kept
// apart from the Verilated headers so that SystemC code can include it.
#pragma once

#include <cstdint>
#include <string>

namespace qmac::cosim {

struct LockstepStats {
  std::uint64_t folds = 0, edge_values = 0, outputs = 0;  // compared
  std::uint64_t cycles = 0;  // on which something was compared, and agreed (comparison stops at the first mismatch)
  // Online activation quantizer (RTL act_quantizer vs golden), per block.
  std::uint64_t quantizer_blocks = 0, quantizer_agreed = 0;
  std::string quantizer_mismatch;
  std::string first_mismatch;  // empty: every comparison agreed (the array's or the quantizer's, whichever came first)
  std::string array_mismatch;  // the array's first, even after a quantizer mismatch
  std::string mismatch_layer;  // the layer it happened in, and where its file defines it
  int mismatch_line = 0;
  std::uint64_t mismatch_cycle = 0;  // counted from the layer's first cycle (1-based)
  std::string mismatch_signal;       // the RTL port of the first difference (e.g. psum_o[2]), for the waveform
  // Testing the failure path: XORed into the RTL's first output of the layer's
  // first output tile as the driver reads it back (0: none), so a lockstep must fail.
  std::uint64_t inject_output_fault = 0;
  // Non-empty: each layer's RTL array writes an FST waveform to trace_dir/<layer>.fst,
  // of the layer's cycles trace_from..trace_to (1-based, inclusive).
  std::string trace_dir;
  std::uint64_t trace_from = 1, trace_to = UINT64_MAX;
  bool ok() const { return first_mismatch.empty(); }
};

}  // namespace qmac::cosim
