#include "models/memory/sram.hpp"

#include <cstring>

#include "models/memory/transfer_extension.hpp"

namespace qmac::models {

Sram::Sram(sc_core::sc_module_name name, SramCounters* counters)
    : sc_core::sc_module(name), socket("socket"), slot_tokens_(0), counters_(counters) {
  socket.register_b_transport(this, &Sram::b_transport);
  socket.register_get_direct_mem_ptr(this, &Sram::get_direct_mem_ptr);
}

void Sram::configure(const SramSpec& spec, std::size_t slot_tokens) {
  spec_ = spec;
  slot_tokens_ = slot_tokens;
  mem_.assign(slot_tokens * static_cast<std::size_t>(slots()), 0);
}

void Sram::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time&) {
  const std::uint64_t first = trans.get_address() / 4;
  const std::uint64_t n = trans.get_data_length() / 4;
  if (first + n > mem_.size()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  TransferExtension* ext = nullptr;
  trans.get_extension(ext);
  const std::uint64_t words = ext ? ext->sram_words : n;
  const std::uint64_t bits = ext ? ext->sram_bits : n * 32;
  if (trans.is_read()) {
    std::memcpy(trans.get_data_ptr(), mem_.data() + first, n * 4);
    counters_->read_words += words;
    counters_->read_bits += bits;
  } else {
    std::memcpy(mem_.data() + first, trans.get_data_ptr(), n * 4);
    counters_->write_words += words;
    counters_->write_bits += bits;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

bool Sram::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi& dmi) {
  dmi.allow_read();
  dmi.set_dmi_ptr(reinterpret_cast<unsigned char*>(mem_.data()));
  dmi.set_start_address(0);
  dmi.set_end_address(mem_.size() * 4 - 1);
  return true;
}

}  // namespace qmac::models
