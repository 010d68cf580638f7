// The DRAM channel's timing contract (docs/timing.md), shared by the TLM
// target and the fast model: a burst of `bytes` takes latency +
// ceil(bytes / bandwidth) cycles, nothing under ideal timing.
#pragma once

#include <cstdint>

#include "models/arch_spec.hpp"

namespace qmac::models {

inline std::uint64_t dram_transfer_cycles(const DramSpec& d, TimingMode timing, std::uint64_t bytes) {
  if (timing == TimingMode::Ideal || bytes == 0) return 0;
  // Bandwidth in 1/1024 bytes per cycle keeps the arithmetic in integers.
  const auto bw = static_cast<std::uint64_t>(d.bytes_per_cycle * 1024.0 + 0.5);
  return static_cast<std::uint64_t>(d.latency_cycles) + (bytes * 1024 + bw - 1) / bw;
}

}  // namespace qmac::models
