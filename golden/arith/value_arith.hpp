// Arithmetic on exact Values, with IEEE 754 special-value rules.
//
// Results are exact when they fit a 64-bit significand; otherwise they keep at
// least 62 significant bits plus a sticky bit, which rounds correctly to any
// format of up to 60 significand bits (every format in golden). Inputs may be
// sticky only if they already carry >= 62 significant bits.
#pragma once

#include <cstdint>

#include "golden/formats/value.hpp"

namespace qmac::golden {

Value add(const Value& a, const Value& b);
inline Value sub(const Value& a, const Value& b) { return add(a, b.negated()); }
Value mul(const Value& a, const Value& b);
Value div(const Value& a, const Value& b);  // x/0 = +-Inf, 0/0 = NaN (IEEE)
Value sqrt(const Value& a);                 // negative -> NaN
// v * 2^k, exact.
inline Value scale_pow2(Value v, int k) {
  if (v.is_finite()) v.exp += k;
  return v;
}
// A finite value from a two's complement 128-bit integer times 2^exp
// (exact up to 64 bits, else 63 bits + sticky).
Value from_int128(__int128 k, int exp);

// One exact addend: a Value, or an integer k * 2^exp that may be wider than a
// Value's significand (an MXFP8-E5M2 block sum reaches 2^71). Kept whole so
// that an accumulator adding it rounds once, as formats.md §6.5 demands:
// k's low bits decide the result when it nearly cancels the sum so far,
// and a sticky bit cannot carry them.
struct Term {
  Value v;            // when !integer
  bool integer = false;
  __int128 k = 0;
  int exp = 0;

  Term(const Value& x) : v(x) {}  // NOLINT: every Value is a Term
  static Term of_int(__int128 k, int exp) {
    Term t(Value::zero());
    t.integer = true;
    t.k = k;
    t.exp = exp;
    return t;
  }
  Value value() const { return integer ? from_int128(k, exp) : v; }
  operator Value() const { return value(); }  // NOLINT: where 63 bits + sticky suffice
};

// RNE_fp32(a + k * 2^exp) for FP32 bits a and an exact integer k, with one rounding.
std::uint32_t fp32_add_exact(std::uint32_t a_bits, __int128 k, int exp);

}  // namespace qmac::golden
