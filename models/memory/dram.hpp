// Dram: a TLM-2.0 loosely-timed target for off-chip memory. One channel:
// a transfer waits for the previous one, then takes latency + bytes /
// bandwidth cycles (annotated delay). Under ideal timing it never delays.
// Storage is four regions of tokens: A (M x K), B (K x N), C (M x N) and the
// spilled partial sums P (M x N).
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/arch_spec.hpp"

namespace qmac::models {

class Dram : public sc_core::sc_module {
 public:
  static constexpr std::uint64_t kRegionA = 0, kRegionB = 1ull << 40, kRegionC = 2ull << 40, kRegionP = 3ull << 40, kRegionMask = (1ull << 40) - 1;
  tlm_utils::simple_target_socket<Dram> socket;

  Dram(sc_core::sc_module_name name, sc_core::sc_time cycle);
  void configure(const DramSpec& spec, TimingMode timing) { spec_ = spec; timing_ = timing; burst_bytes_ = 0; }
  void clear_counts() { read_bytes_ = write_bytes_ = 0; }
  std::vector<std::uint32_t>& region(std::uint64_t base);
  std::uint64_t read_bytes() const { return read_bytes_; }
  std::uint64_t write_bytes() const { return write_bytes_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  DramSpec spec_;
  TimingMode timing_ = TimingMode::Rtl;
  sc_core::sc_time cycle_;
  std::vector<std::uint32_t> a_, b_, c_, p_;
  std::uint64_t read_bytes_ = 0, write_bytes_ = 0, burst_bytes_ = 0;
};

}  // namespace qmac::models
