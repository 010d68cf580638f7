// TransferExtension: a TLM-2.0 generic-payload extension carrying what a
// transfer costs in the format's real bits. Payloads move 32-bit tokens
// (golden::pe tokens) for speed; memories charge time and count traffic by
// these figures instead of by the token bytes.
#pragma once

#include <cstdint>

#include <tlm>

namespace qmac::models {

struct TransferExtension : tlm::tlm_extension<TransferExtension> {
  std::uint64_t bytes = 0;  // DRAM bytes, or SRAM bits / 8 rounded up
  std::uint64_t sram_bits = 0;
  std::uint64_t sram_words = 0;
  bool burst_last = true;  // the last beat of a burst (a tile moved a row at a time)
  tlm::tlm_extension_base* clone() const override { return new TransferExtension(*this); }
  void copy_from(const tlm::tlm_extension_base& e) override { *this = static_cast<const TransferExtension&>(e); }
};

}  // namespace qmac::models
