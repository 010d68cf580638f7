// The MXINT8 element (OCP MX v1.0, formats.md §2.1): 8-bit two's complement k
// with an implicit scale 2^-6, value k/64 (0x7F = 1.984375, 0x80 = -2.0).
// Encode rounds x*64 to an integer and clamps to the symmetric [-127, 127], as
// the reference quantizer does (§6.3): 0x80 decodes but is never produced.
#pragma once

#include <cstdint>

#include "golden/formats/int8.hpp"

namespace qmac::golden {

struct MxInt8Element {
  static constexpr int kBits = 8;
  static constexpr int kScaleExp = -6;
  static constexpr Value decode(std::uint64_t code) {
    Value v = Int8::decode(code);
    if (v.is_finite()) v.exp += kScaleExp;
    return v;
  }
  static constexpr Value max_finite() { return decode(0x7F); }
  static constexpr Value min_subnormal() { return decode(0x01); }
  static constexpr std::uint64_t encode(Value v, Rounding mode = Rounding::NearestEven,
                                        Overflow = Overflow::Saturate, Flags* flags = nullptr) {
    if (v.is_finite()) v.exp -= kScaleExp;
    return Int8::from_int(Int8::round_clamped(v, mode, -127, 127, flags));
  }
};

}  // namespace qmac::golden
