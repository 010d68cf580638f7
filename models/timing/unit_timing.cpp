#include "models/timing/unit_timing.hpp"


namespace qmac::models {

UnitTiming unit_timing(const golden::MacKind& mac) {
  // docs/rtl.md "Latency and initiation interval": every MAC registers its
  // accumulator once per cycle; mx_scale_unit has one register stage;
  // act_quantizer needs 2 cycles after a block's last value.
  switch (mac.family) {
    case golden::MacFamily::DialectFp4: return {"mac_dialectfp4 + mx_scale_unit + act_quantizer", 1, 1, 1, 2};
    // The quantizer's figure counts only when the activations take it (MXFP4 from fp16/bf16).
    case golden::MacFamily::MxBlock: return {"mac_mx_elem + mx_scale_unit (+ act_quantizer)", 1, 1, 1, 2};
    // The quire is rounded once, by the array's edge unit (quire_edge), one register.
    case golden::MacFamily::Quire: return {"mac_posit + quire_edge", 1, 1, 1, 0};
    case golden::MacFamily::Integer: return {"mac_int8", 1, 1, 0, 0};
    // The exact sum is rounded to FP32 by the array's edge unit (block_edge), one register.
    case golden::MacFamily::Kulisch: return {"mac_fp8 (Kulisch) + block_edge", 1, 1, 1, 0};
    case golden::MacFamily::FloatFp32: break;
  }
  return {"mac_fp8", 1, 1, 0, 0};
}

}  // namespace qmac::models
