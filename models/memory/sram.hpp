// Sram: a TLM-2.0 target for an on-chip scratchpad of two buffers (slots)
// when double-buffered, one otherwise. Accesses cost no annotated time (the
// array's schedule already allows one access per cycle) but every read and
// write is counted in words and bits (TransferExtension). The array reads
// its operands through a direct pointer (TLM-2.0 DMI), counting its own
// accesses, as a systolic feeder reads a row per cycle.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/arch_spec.hpp"
#include "models/counters.hpp"

namespace qmac::models {

class Sram : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Sram> socket;

  Sram(sc_core::sc_module_name name, SramCounters* counters);
  // Before each layer: slot_tokens = tokens one slot holds (the plan's largest tile).
  void configure(const SramSpec& spec, std::size_t slot_tokens);
  int slots() const { return spec_.double_buffered ? 2 : 1; }
  const std::uint32_t* slot_data(int slot) const { return mem_.data() + static_cast<std::size_t>(slot) * slot_tokens_; }
  // The array's own port (DMI): it writes finished outputs and counts the access itself.
  std::uint32_t* slot_data(int slot) { return mem_.data() + static_cast<std::size_t>(slot) * slot_tokens_; }

 private:
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& trans, tlm::tlm_dmi& dmi);
  SramSpec spec_;
  std::size_t slot_tokens_;
  std::vector<std::uint32_t> mem_;
  SramCounters* counters_;
};

}  // namespace qmac::models
