// Minifloat<Spec>: every binary floating-point layout sign | exponent | mantissa,
// from FP4 E2M1 up to FP64, with one encoder and one decoder.
//
// Value of a finite code (formats.md §1.1): e = 0 -> (-1)^s * m/2^M * 2^(1-bias),
// e > 0 -> (-1)^s * (1 + m/2^M) * 2^(e-bias). What the top exponent means is the
// format's special-value policy:
//   Ieee           : e = all ones is Inf (m = 0) or NaN (m != 0)          FP32, FP16, E5M2
//   NanOnlyAllOnes : only S.1..1.1..1 is NaN, the rest of the top binade is
//                    finite, no Inf (OCP OFP8 E4M3, "FN")                 E4M3
//   NoSpecials     : every code is finite (OCP MX FP6/FP4)               E2M3, E3M2, E2M1
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>

#include "golden/formats/rounding.hpp"
#include "golden/formats/value.hpp"

namespace qmac::golden {

enum class Specials : std::uint8_t { Ieee, NanOnlyAllOnes, NoSpecials };

struct MinifloatSpec {
  int exp_bits;
  int man_bits;
  int bias;
  Specials specials;
  // IEEE 754 interchange formats (FP16, BF16, TF32, FP32, FP64): an infinite
  // input stays infinite under either overflow policy, and their registry
  // default is IEEE overflow. OCP FP8 SAT maps ±Inf to ±max (formats.md §6.1).
  bool ieee_interchange = false;
  // NaN code written on encode (magnitude bits; sign added from the input).
  // Ieee formats use the quiet NaN S.1..1.10..0 (E5M2: S.11111.10, §6.1).
  constexpr int bits() const { return 1 + exp_bits + man_bits; }
};

template <MinifloatSpec S>
struct Minifloat {
  static constexpr MinifloatSpec spec = S;
  static constexpr int kBits = S.bits();
  static constexpr int kExpBits = S.exp_bits;
  static constexpr int kManBits = S.man_bits;
  static constexpr int kBias = S.bias;
  static constexpr std::uint64_t kSignBit = std::uint64_t{1} << (kBits - 1);
  static constexpr std::uint64_t kManMask = (std::uint64_t{1} << kManBits) - 1;
  static constexpr std::uint64_t kExpMax = (std::uint64_t{1} << kExpBits) - 1;
  static constexpr std::uint64_t kMagMask = kSignBit - 1;
  static constexpr bool kHasInf = S.specials == Specials::Ieee;
  static constexpr bool kHasNan = S.specials != Specials::NoSpecials;
  static constexpr int kEmin = 1 - kBias;

  // Largest finite magnitude code.
  static constexpr std::uint64_t kMaxFiniteCode =
      S.specials == Specials::Ieee             ? ((kExpMax - 1) << kManBits) | kManMask
      : S.specials == Specials::NanOnlyAllOnes ? (kExpMax << kManBits) | (kManMask - 1)
                                               : kMagMask;
  static constexpr std::uint64_t kInfCode = kExpMax << kManBits;  // Ieee only
  static constexpr std::uint64_t kNanCode =
      S.specials == Specials::Ieee ? (kExpMax << kManBits) | (std::uint64_t{1} << (kManBits - 1))
      : S.specials == Specials::NanOnlyAllOnes ? kMagMask
                                               : 0;  // NoSpecials: sign-set zero (§6.2)

  static constexpr bool is_nan(std::uint64_t code) {
    const std::uint64_t mag = code & kMagMask;
    if constexpr (S.specials == Specials::Ieee) return (mag >> kManBits) == kExpMax && (mag & kManMask);
    if constexpr (S.specials == Specials::NanOnlyAllOnes) return mag == kMagMask;
    return false;
  }
  static constexpr bool is_inf(std::uint64_t code) {
    if constexpr (S.specials == Specials::Ieee) return (code & kMagMask) == kInfCode;
    return false;
  }

  static constexpr Value decode(std::uint64_t code) {
    const bool neg = (code & kSignBit) != 0;
    const std::uint64_t mag = code & kMagMask;
    if (is_nan(code)) return Value::nan(neg);
    if (is_inf(code)) return Value::inf(neg);
    const std::uint64_t e = mag >> kManBits;
    const std::uint64_t m = mag & kManMask;
    if (e == 0) return Value::finite(neg, m, kEmin - kManBits);
    return Value::finite(neg, m | (std::uint64_t{1} << kManBits), static_cast<int>(e) - kBias - kManBits);
  }

  static constexpr Value max_finite() { return decode(kMaxFiniteCode); }
  static constexpr Value min_subnormal() { return decode(1); }
  static constexpr Value min_normal() { return decode(std::uint64_t{1} << kManBits); }

  // The code a too-large magnitude (or an infinite input) becomes.
  static constexpr std::uint64_t overflow_code(bool neg, Rounding mode, Overflow ov, bool input_inf) {
    const std::uint64_t sign = neg ? kSignBit : 0;
    if (S.specials == Specials::NoSpecials) return sign | kMaxFiniteCode;  // MX FP6/FP4 always saturate
    if (ov == Overflow::Saturate && !(S.ieee_interchange && input_inf)) return sign | kMaxFiniteCode;
    // IEEE 754 §7.4: round-toward-zero never turns a finite value into Inf.
    if (!input_inf && mode == Rounding::TowardZero) return sign | kMaxFiniteCode;
    return sign | (kHasInf ? kInfCode : kNanCode);
  }

  static constexpr std::uint64_t encode(const Value& v, Rounding mode = Rounding::NearestEven,
                                        Overflow ov = Overflow::Saturate, Flags* flags = nullptr) {
    const std::uint64_t sign = v.neg ? kSignBit : 0;
    switch (v.cls) {
      case ValueClass::NaN:
        if (flags && !kHasNan) flags->invalid = true;
        return kHasNan ? (sign | kNanCode) : kSignBit;
      case ValueClass::Inf:
        if (flags && !kHasInf) flags->overflow = true;
        return overflow_code(v.neg, mode, ov, true);
      case ValueClass::Zero:
        return sign;
      case ValueClass::Finite:
        break;
    }
    const int e = std::max(v.log2_floor(), kEmin);
    const int q = e - kManBits;
    const RoundedInt r = round_to_quantum(v.sig, v.exp, v.sticky, q, mode);
    if (flags && r.inexact) flags->inexact = true;
    // r.n < 2^(M+2); 2^(M+1) is the carry into the next binade, which the
    // code arithmetic below absorbs: (e+bias)<<M + (n - 2^M) is monotonic.
    std::uint64_t mag;
    if (r.n < (std::uint64_t{1} << kManBits)) {
      mag = r.n;  // subnormal (only reachable at e == emin) or zero
    } else {
      const std::int64_t biased = static_cast<std::int64_t>(e) + kBias;
      mag = (static_cast<std::uint64_t>(biased) << kManBits) + (r.n - (std::uint64_t{1} << kManBits));
      if (biased > static_cast<std::int64_t>(kExpMax) + 1 || mag > kMaxFiniteCode) {
        if (flags) flags->overflow = true;
        return overflow_code(v.neg, mode, ov, false);
      }
    }
    return sign | mag;
  }
};

// The formats other formats are written into and read from.
using Fp32 = Minifloat<MinifloatSpec{8, 23, 127, Specials::Ieee, true}>;
using Fp64 = Minifloat<MinifloatSpec{11, 52, 1023, Specials::Ieee, true}>;

inline constexpr std::uint32_t to_fp32_bits(const Value& v, Flags* flags = nullptr) {
  return static_cast<std::uint32_t>(Fp32::encode(v, Rounding::NearestEven, Overflow::NoSaturate, flags));
}
inline constexpr std::uint64_t to_fp64_bits(const Value& v, Flags* flags = nullptr) {
  return Fp64::encode(v, Rounding::NearestEven, Overflow::NoSaturate, flags);
}
inline constexpr Value from_fp32_bits(std::uint32_t bits) { return Fp32::decode(bits); }
inline constexpr Value from_fp64_bits(std::uint64_t bits) { return Fp64::decode(bits); }

}  // namespace qmac::golden
