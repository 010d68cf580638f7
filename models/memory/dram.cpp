#include "models/memory/dram.hpp"

#include <cstring>

#include "models/memory/dram_timing.hpp"
#include "models/memory/transfer_extension.hpp"

namespace qmac::models {

Dram::Dram(sc_core::sc_module_name name, sc_core::sc_time cycle) : sc_core::sc_module(name), socket("socket"), cycle_(cycle) {
  socket.register_b_transport(this, &Dram::b_transport);
}

std::vector<std::uint32_t>& Dram::region(std::uint64_t base) {
  return base == kRegionA ? a_ : base == kRegionB ? b_ : base == kRegionC ? c_ : p_;
}


void Dram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const std::uint64_t addr = trans.get_address();
  auto& mem = region(addr & ~kRegionMask);
  const std::uint64_t first = (addr & kRegionMask) / 4;
  const std::uint64_t n = trans.get_data_length() / 4;
  if (first + n > mem.size()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  TransferExtension* ext = nullptr;
  trans.get_extension(ext);
  const std::uint64_t bytes = ext ? ext->bytes : n * 4;
  burst_bytes_ += bytes;
  if (trans.is_read()) {
    std::memcpy(trans.get_data_ptr(), mem.data() + first, n * 4);
    read_bytes_ += bytes;
  } else {
    std::memcpy(mem.data() + first, trans.get_data_ptr(), n * 4);
    write_bytes_ += bytes;
  }
  // A DMA burst (one tile, a transaction per row) pays latency and bandwidth once, on its last beat.
  if (!ext || ext->burst_last) {
    delay += cycle_ * static_cast<double>(dram_transfer_cycles(spec_, timing_, burst_bytes_));
    burst_bytes_ = 0;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace qmac::models
