// Reference rounding of an exact rational to IEEE binary32 (RNE), by the
// textbook recipe: binade by comparison with powers of two, quotient by the
// quantum, remainder against one half.
#pragma once

#include "tests/golden/reference.hpp"

namespace qmac::test {

inline std::uint32_t ref_round_fp32(const Rational& x) {
  if (x == 0) return 0;
  const bool neg = x < 0;
  const Rational a = neg ? Rational(-x) : x;
  int e = 0;
  while (pow2(e) > a) --e;
  while (pow2(e + 1) <= a) ++e;
  if (e < -126) e = -126;
  const Rational n = a / pow2(e - 23);
  BigInt fl = boost::multiprecision::numerator(n) / boost::multiprecision::denominator(n);
  const Rational rem = n - Rational(fl);
  if (rem > Rational(1, 2) || (rem == Rational(1, 2) && (fl & 1) != 0)) ++fl;
  std::uint32_t bits;
  if (fl < (BigInt(1) << 23)) {
    bits = static_cast<std::uint32_t>(fl);  // subnormal (e == -126)
  } else {
    if (fl == (BigInt(1) << 24)) {
      fl >>= 1;
      ++e;
    }
    bits = e + 127 >= 255 ? 0x7F800000u
                          : (static_cast<std::uint32_t>(e + 127) << 23) | static_cast<std::uint32_t>(fl - (BigInt(1) << 23));
  }
  return bits | (neg ? 0x80000000u : 0u);
}

}  // namespace qmac::test
