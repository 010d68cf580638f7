// Reference posit rounding, independent of golden: a value between two
// adjacent positive posits c and c+1 rounds by comparison with their
// encoding-space midpoint, which is the posit<n+1, es> code 2c+1 (the bit
// string of c followed by a 1); ties go to the even code. Posit codes are
// ordered like their values, so the bracket is found by binary search.
#pragma once

#include "tests/golden/reference.hpp"

namespace qmac::test {

inline std::uint64_t ref_posit_round(int n, int es, const Rational& x) {
  const std::uint64_t mask = (std::uint64_t{1} << n) - 1;
  if (x == 0) return 0;
  const bool neg = x < 0;
  const Rational a = neg ? Rational(-x) : x;
  const std::uint64_t maxpos = (std::uint64_t{1} << (n - 1)) - 1;
  std::uint64_t c;
  if (a >= *ref_posit(n, es, maxpos)) {
    c = maxpos;
  } else if (a <= *ref_posit(n, es, 1)) {
    c = 1;
  } else {
    std::uint64_t lo = 1, hi = maxpos;  // value(lo) <= a < value(hi)
    while (hi - lo > 1) {
      const std::uint64_t mid = lo + (hi - lo) / 2;
      (*ref_posit(n, es, mid) <= a ? lo : hi) = mid;
    }
    const Rational m = *ref_posit(n + 1, es, 2 * lo + 1);
    c = a < m ? lo : (a > m ? hi : ((lo & 1) ? hi : lo));
    if (*ref_posit(n, es, lo) == a) c = lo;
  }
  return neg ? ((0 - c) & mask) : c;
}

}  // namespace qmac::test
