// E8M0, the OCP MX v1.0 shared scale: 8 unsigned exponent bits, no sign, no
// mantissa, value 2^(b-127) for b = 0..254, b = 0xFF is NaN; no zero, no Inf.
//
// Encoding rounds log2|x| (the sign is ignored): TowardZero = floor (the OCP
// scale rule, the default), AwayFromZero = ceil, NearestEven / NearestAway
// round to the nearer power of two by value (tie 1.5*2^k to the even code /
// upward). 0 and anything below 2^-127 give 0x00; NaN gives 0xFF; a result
// above 2^127 (or Inf) gives 0xFE with Saturate and 0xFF with NoSaturate.
#pragma once

#include <bit>
#include <cstdint>

#include "golden/formats/rounding.hpp"
#include "golden/formats/value.hpp"

namespace qmac::golden {

struct E8M0 {
  static constexpr int kBits = 8;
  static constexpr int kBias = 127;
  static constexpr std::uint64_t kNanCode = 0xFF;
  static constexpr std::uint64_t kMaxFiniteCode = 0xFE;

  static constexpr bool is_nan(std::uint64_t code) { return (code & 0xFF) == kNanCode; }
  static constexpr Value decode(std::uint64_t code) {
    code &= 0xFF;
    if (code == kNanCode) return Value::nan();
    return Value::finite(false, 1, static_cast<int>(code) - kBias);
  }
  static constexpr int exponent(std::uint64_t code) { return static_cast<int>(code & 0xFF) - kBias; }
  static constexpr Value max_finite() { return decode(kMaxFiniteCode); }
  static constexpr Value min_subnormal() { return decode(0); }

  static constexpr std::uint64_t encode(const Value& v, Rounding mode = Rounding::TowardZero,
                                        Overflow ov = Overflow::Saturate, Flags* flags = nullptr) {
    switch (v.cls) {
      case ValueClass::NaN: return kNanCode;
      case ValueClass::Zero: return 0x00;
      case ValueClass::Inf:
        if (flags) flags->overflow = true;
        return ov == Overflow::Saturate ? kMaxFiniteCode : kNanCode;
      case ValueClass::Finite: break;
    }
    const int lo = v.log2_floor();
    const std::uint64_t top = std::uint64_t{1} << (std::bit_width(v.sig) - 1);
    const bool exact = v.sig == top && !v.sticky;
    // |x| = (1.f) * 2^lo; halfway to 2^(lo+1) is f = 1/2: the bit below the top.
    const bool above_half = exact ? false : ((v.sig & (top >> 1)) != 0 &&
                                             ((v.sig & ((top >> 1) - 1)) != 0 || v.sticky));
    const bool at_half = !exact && top > 1 && v.sig == (top | (top >> 1)) && !v.sticky;
    int k = lo;
    switch (mode) {
      case Rounding::TowardZero: break;
      case Rounding::AwayFromZero: k = exact ? lo : lo + 1; break;
      case Rounding::NearestAway: k = (above_half || at_half) ? lo + 1 : lo; break;
      case Rounding::NearestEven:
        k = above_half ? lo + 1 : (at_half ? (((lo + kBias) & 1) ? lo + 1 : lo) : lo);
        break;
    }
    if (flags && !exact) flags->inexact = true;
    if (k < -kBias) return 0x00;
    if (k > kBias) {
      if (flags) flags->overflow = true;
      return ov == Overflow::Saturate ? kMaxFiniteCode : kNanCode;
    }
    return static_cast<std::uint64_t>(k + kBias);
  }
};

}  // namespace qmac::golden
