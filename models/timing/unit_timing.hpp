// UnitTiming: the latency and initiation interval of every unit the array
// instantiates, one table for the SystemC model, the fast model and the RTL
// array that must match them (docs/timing.md). The figures are those of the
// RTL units (rtl/units, rtl/quant; docs/rtl.md): every MAC and the MX scale
// unit take one cycle with II 1; the activation quantizer emits a block's
// first code 2 cycles after the block's last value.
#pragma once

#include <string>

#include "golden/mac/mac_kind.hpp"

namespace qmac::models {

struct UnitTiming {
  std::string unit;        // RTL module the figures come from
  int mac_latency = 1;     // cycles from operands in to partial sum out
  int mac_ii = 1;          // cycles between operand pairs
  int scale_latency = 0;   // block formats, Kulisch and posits: the edge unit (0: none)
  int quantizer_latency = 0;  // online activation quantizer, after a block's last value (0: none)
};

// The timing of the MAC kind `spec` describes (its RTL unit's figures).
UnitTiming unit_timing(const golden::MacKind& mac);

}  // namespace qmac::models
