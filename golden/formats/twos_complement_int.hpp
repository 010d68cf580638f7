// TwosComplementInt<Bits>: a plain signed integer element (INT8, INT4 ...),
// value = the code read as two's complement. Encode rounds to an integer with
// the requested mode and always saturates to [-2^(Bits-1), 2^(Bits-1)-1]
// (no Inf/NaN exist; NaN gives 0 and the invalid flag). Quantizers that want
// the symmetric range [-(2^(Bits-1)-1), 2^(Bits-1)-1] clamp before encoding.
#pragma once

#include <cstdint>

#include "golden/formats/rounding.hpp"
#include "golden/formats/value.hpp"

namespace qmac::golden {

template <int Bits>
struct TwosComplementInt {
  static_assert(Bits >= 2 && Bits <= 32);
  static constexpr int kBits = Bits;
  static constexpr std::int64_t kMax = (std::int64_t{1} << (Bits - 1)) - 1;
  static constexpr std::int64_t kMin = -(std::int64_t{1} << (Bits - 1));
  static constexpr std::uint64_t kMask = (std::uint64_t{1} << Bits) - 1;

  static constexpr std::int64_t to_int(std::uint64_t code) {
    code &= kMask;
    return (code >> (Bits - 1)) ? static_cast<std::int64_t>(code) - (std::int64_t{1} << Bits)
                                : static_cast<std::int64_t>(code);
  }
  static constexpr std::uint64_t from_int(std::int64_t k) { return static_cast<std::uint64_t>(k) & kMask; }
  static constexpr Value decode(std::uint64_t code) { return Value::from_int(to_int(code)); }
  static constexpr Value max_finite() { return Value::from_int(kMax); }
  static constexpr Value min_subnormal() { return Value::from_int(1); }

  // Rounds |v| to an integer magnitude, saturated at `limit`.
  static constexpr std::int64_t round_clamped(const Value& v, Rounding mode, std::int64_t lo, std::int64_t hi,
                                              Flags* flags) {
    if (v.is_nan()) {
      if (flags) flags->invalid = true;
      return 0;
    }
    if (v.is_zero()) return 0;
    if (v.is_inf() || v.log2_floor() >= 62) {
      if (flags) flags->overflow = true;
      return v.neg ? lo : hi;
    }
    const RoundedInt r = round_to_quantum(v.sig, v.exp, v.sticky, 0, mode);
    if (flags && r.inexact) flags->inexact = true;
    const std::int64_t k = v.neg ? -static_cast<std::int64_t>(r.n) : static_cast<std::int64_t>(r.n);
    if (k > hi || k < lo) {
      if (flags) flags->overflow = true;
      return k > hi ? hi : lo;
    }
    return k;
  }
  static constexpr std::uint64_t encode(const Value& v, Rounding mode = Rounding::NearestEven,
                                        Overflow = Overflow::Saturate, Flags* flags = nullptr) {
    return from_int(round_clamped(v, mode, kMin, kMax, flags));
  }
};

}  // namespace qmac::golden
