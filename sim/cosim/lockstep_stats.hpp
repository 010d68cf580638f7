// What a lockstep co-simulation compared and the first disagreement, kept
// apart from the Verilated headers so that SystemC code can include it.
#pragma once

#include <cstdint>
#include <string>

namespace qmac::cosim {

struct LockstepStats {
  std::uint64_t folds = 0, edge_values = 0, outputs = 0;  // compared
  std::uint64_t cycles = 0;  // compared and agreed (comparison stops at the first mismatch)
  std::string first_mismatch;  // empty: every comparison agreed
  std::string mismatch_layer;  // the layer it happened in, and where its file defines it
  int mismatch_line = 0;
  // Non-empty: each layer's RTL array writes an FST waveform to trace_dir/<layer>.fst.
  std::string trace_dir;
  bool ok() const { return first_mismatch.empty(); }
};

}  // namespace qmac::cosim
