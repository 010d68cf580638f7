// Reference rounding of an exact rational to IEEE binary32 (RNE), by the
// textbook recipe: binade by comparison with powers of two, quotient by the
// quantum, remainder against one half.
#pragma once

#include <utility>

#include "tests/golden/reference.hpp"

namespace qmac::test {

// |x| rounded to nearest even with `mant` fraction bits and smallest normal
// exponent `emin`: the significand (an integer, < 2^(mant+1) after the carry)
// and its exponent e, |result| = fl * 2^(e - mant).
inline std::pair<BigInt, int> ref_round_binary(const Rational& a, int mant, int emin) {
  int e = 0;
  while (pow2(e) > a) --e;
  while (pow2(e + 1) <= a) ++e;
  if (e < emin) e = emin;
  const Rational n = a / pow2(e - mant);
  BigInt fl = boost::multiprecision::numerator(n) / boost::multiprecision::denominator(n);
  const Rational rem = n - Rational(fl);
  if (rem > Rational(1, 2) || (rem == Rational(1, 2) && (fl & 1) != 0)) ++fl;
  if (fl == (BigInt(1) << (mant + 1))) {
    fl >>= 1;
    ++e;
  }
  return {fl, e};
}

inline std::uint32_t ref_round_fp32(const Rational& x) {
  if (x == 0) return 0;
  const bool neg = x < 0;
  const auto [fl, e] = ref_round_binary(neg ? Rational(-x) : x, 23, -126);
  std::uint32_t bits;
  if (fl < (BigInt(1) << 23)) bits = static_cast<std::uint32_t>(fl);  // subnormal (e == -126)
  else bits = e + 127 >= 255 ? 0x7F800000u : (static_cast<std::uint32_t>(e + 127) << 23) | static_cast<std::uint32_t>(fl - (BigInt(1) << 23));
  return bits | (neg ? 0x80000000u : 0u);
}

}  // namespace qmac::test
