// Arithmetic on exact Values, with IEEE 754 special-value rules.
//
// Results are exact when they fit a 64-bit significand; otherwise they keep at
// least 62 significant bits plus a sticky bit, which rounds correctly to any
// format of up to 60 significand bits (every format in golden). Inputs may be
// sticky only if they already carry >= 62 significant bits.
#pragma once

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
// A finite value from a two's complement 128-bit integer times 2^exp.
Value from_int128(__int128 k, int exp);

}  // namespace qmac::golden
