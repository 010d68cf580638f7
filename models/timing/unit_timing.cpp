#include "models/timing/unit_timing.hpp"

#include "golden/formats/registry.hpp"

namespace qmac::models {

UnitTiming unit_timing(const golden::GemmSpec& spec) {
  const golden::Format& f = golden::find_format(spec.a_format);
  // docs/rtl.md "Latency and initiation interval": every MAC registers its
  // accumulator once per cycle; mx_scale_unit has one register stage;
  // act_quantizer needs 2 cycles after a block's last value.
  if (f.is_block() && !f.has_scalar_element()) return {"mac_dialectfp4 + mx_scale_unit + act_quantizer", 1, 1, 1, 2};
  if (f.is_block()) return {"mac_mx_elem + mx_scale_unit", 1, 1, 1, 0};
  switch (f.kind) {
    case golden::FormatKind::Posit: return {"mac_posit", 1, 1, 0, 0};
    case golden::FormatKind::Integer: return {"mac_int8", 1, 1, 0, 0};
    default: return {"mac_fp8", 1, 1, 0, 0};
  }
}

}  // namespace qmac::models
