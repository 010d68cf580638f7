// Value: an exact real number as the golden library passes it between formats.
//
//   finite value = (-1)^neg * sig * 2^exp            (sticky == false)
//   finite value in ((-1)^neg * sig * 2^exp, (-1)^neg * (sig+1) * 2^exp)
//                                                     (sticky == true)
//
// `sticky` lets an operation whose exact result does not fit 64 bits (a
// quotient, a square root, a very long alignment shift) hand a correctly
// roundable result on: as long as `sig` keeps at least two more bits than the
// target format, rounding from (sig, sticky) equals rounding the exact value.
#pragma once

#include <bit>
#include <cstdint>

namespace qmac::golden {

enum class ValueClass : std::uint8_t { Zero, Finite, Inf, NaN };

struct Value {
  ValueClass cls = ValueClass::Zero;
  bool neg = false;
  std::uint64_t sig = 0;
  std::int32_t exp = 0;
  bool sticky = false;

  static constexpr Value zero(bool neg = false) { return {ValueClass::Zero, neg, 0, 0, false}; }
  static constexpr Value inf(bool neg = false) { return {ValueClass::Inf, neg, 0, 0, false}; }
  static constexpr Value nan(bool neg = false) { return {ValueClass::NaN, neg, 0, 0, false}; }
  // A finite value; sig == 0 (and no sticky) gives a zero of that sign.
  static constexpr Value finite(bool neg, std::uint64_t sig, std::int32_t exp, bool sticky = false) {
    if (sig == 0 && !sticky) return zero(neg);
    return {ValueClass::Finite, neg, sig, exp, sticky};
  }
  static constexpr Value from_int(std::int64_t k) {
    const bool n = k < 0;
    return finite(n, n ? 0 - static_cast<std::uint64_t>(k) : static_cast<std::uint64_t>(k), 0);
  }

  constexpr bool is_zero() const { return cls == ValueClass::Zero; }
  constexpr bool is_finite() const { return cls == ValueClass::Finite; }
  constexpr bool is_inf() const { return cls == ValueClass::Inf; }
  constexpr bool is_nan() const { return cls == ValueClass::NaN; }
  // floor(log2 |x|) of a finite value.
  constexpr int log2_floor() const { return static_cast<int>(std::bit_width(sig)) - 1 + exp; }
  constexpr Value negated() const {
    Value v = *this;
    v.neg = !v.neg;
    return v;
  }
  constexpr Value abs() const {
    Value v = *this;
    v.neg = false;
    return v;
  }
};

// Same real number (ignoring sticky, sign of zero and NaN payload)?
constexpr bool same_value(const Value& a, const Value& b) {
  if (a.cls != b.cls) return false;
  if (a.is_nan() || a.is_zero()) return true;
  if (a.neg != b.neg) return false;
  if (a.is_inf()) return true;
  if (a.sticky || b.sticky) return false;
  // Compare sig*2^exp exactly by normalising both to an odd significand.
  auto norm = [](Value v) {
    const int tz = std::countr_zero(v.sig);
    v.sig >>= tz;
    v.exp += tz;
    return v;
  };
  const Value x = norm(a), y = norm(b);
  return x.sig == y.sig && x.exp == y.exp;
}

// Exact order of two non-NaN values: -1, 0, +1 (zeros of either sign are equal;
// a sticky value counts as slightly larger in magnitude than its sig).
constexpr int compare(const Value& a, const Value& b) {
  auto sgn = [](const Value& v) { return v.is_zero() ? 0 : (v.neg ? -1 : 1); };
  const int sa = sgn(a), sb = sgn(b);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  int mag;  // compare |a| with |b|
  if (a.is_inf() || b.is_inf()) {
    mag = a.is_inf() == b.is_inf() ? 0 : (a.is_inf() ? 1 : -1);
  } else if (a.log2_floor() != b.log2_floor()) {
    mag = a.log2_floor() < b.log2_floor() ? -1 : 1;
  } else {
    // Same binade: left-align both significands to bit 63 and compare.
    const std::uint64_t x = a.sig << std::countl_zero(a.sig), y = b.sig << std::countl_zero(b.sig);
    // Bits shifted out of a 64-bit significand never exist, so x/y are exact.
    mag = x != y ? (x < y ? -1 : 1) : (a.sticky == b.sticky ? 0 : (a.sticky ? 1 : -1));
  }
  return sa > 0 ? mag : -mag;
}

}  // namespace qmac::golden
