#include "golden/arith/value_arith.hpp"

#include <algorithm>

#include <bit>
#include <cstdint>
#include <utility>

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {
namespace {

using u128 = unsigned __int128;

constexpr int kTop = 62;  // normalised significands have their MSB at bit 62

// Shifts right by `s`, OR-ing what falls off into `sticky`.
std::uint64_t shift_right_sticky(std::uint64_t x, long s, bool& sticky) {
  if (s <= 0) return x;
  if (s >= 64) {
    sticky |= x != 0;
    return 0;
  }
  sticky |= (x & ((std::uint64_t{1} << s) - 1)) != 0;
  return x >> s;
}

// MSB moved to bit 62 (left shift exact; right shift only for 64-bit sigs).
Value normalised(Value v) {
  const int w = static_cast<int>(std::bit_width(v.sig));
  if (w - 1 < kTop) {
    v.sig <<= (kTop - (w - 1));
    v.exp -= (kTop - (w - 1));
  } else if (w - 1 > kTop) {
    const int s = w - 1 - kTop;
    v.sig = shift_right_sticky(v.sig, s, v.sticky);
    v.exp += s;
  }
  return v;
}

Value from_u128(bool neg, u128 m, int exp, bool sticky) {
  if (m == 0) return sticky ? Value::finite(neg, 0, exp, true) : Value::zero(neg);
  const int hi = m >> 64 ? 64 + static_cast<int>(std::bit_width(static_cast<std::uint64_t>(m >> 64)))
                         : static_cast<int>(std::bit_width(static_cast<std::uint64_t>(m)));
  if (hi <= 64) return Value::finite(neg, static_cast<std::uint64_t>(m), exp, sticky);
  const int s = hi - 63;  // keep 63 bits
  sticky |= (m & ((u128{1} << s) - 1)) != 0;
  return Value::finite(neg, static_cast<std::uint64_t>(m >> s), exp + s, sticky);
}

u128 isqrt(u128 n, bool& inexact) {
  u128 root = 0, rem = 0;
  for (int i = 126; i >= 0; i -= 2) {
    rem = (rem << 2) | ((n >> i) & 3);
    const u128 trial = (root << 2) | 1;
    root <<= 1;
    if (rem >= trial) {
      rem -= trial;
      root |= 1;
    }
  }
  inexact = rem != 0;
  return root;
}

}  // namespace

Value from_int128(__int128 k, int exp) {
  const bool neg = k < 0;
  const u128 m = neg ? u128(0) - static_cast<u128>(k) : static_cast<u128>(k);
  return from_u128(neg, m, exp, false);
}

std::uint32_t fp32_add_exact(std::uint32_t a_bits, __int128 k, int exp) {
  const Value a = from_fp32_bits(a_bits);
  const u128 mk = k < 0 ? u128(0) - static_cast<u128>(k) : static_cast<u128>(k);
  const int wk = mk >> 64 ? 64 + static_cast<int>(std::bit_width(static_cast<std::uint64_t>(mk >> 64)))
                          : static_cast<int>(std::bit_width(static_cast<std::uint64_t>(mk)));
  // k fits a Value exactly, or a is NaN/Inf/zero (a single rounding of k): Value arithmetic is exact enough.
  if (wk <= 62 || !a.is_finite() || a.is_zero()) return to_fp32_bits(add(a, from_int128(k, exp)));
  // Both on the finer of the two grids, in 128 bits, when they fit: exact.
  const int lo = std::min(a.exp, exp);
  const int sa = a.exp - lo, sk = exp - lo;
  if (static_cast<int>(std::bit_width(a.sig)) + sa <= 125 && wk + sk <= 125) {
    const __int128 av = static_cast<__int128>(static_cast<u128>(a.sig) << sa);
    return to_fp32_bits(from_int128((a.neg ? -av : av) + static_cast<__int128>(static_cast<u128>(k) << sk), lo));
  }
  // Otherwise their magnitudes lie over 2^50 apart: no cancellation, so the
  // smaller one's sticky bit rounds correctly.
  return to_fp32_bits(add(a, from_int128(k, exp)));
}

Value add(const Value& a, const Value& b) {
  if (a.is_nan() || b.is_nan()) return Value::nan();
  if (a.is_inf() || b.is_inf()) {
    if (a.is_inf() && b.is_inf() && a.neg != b.neg) return Value::nan();
    return a.is_inf() ? a : b;
  }
  if (a.is_zero() && b.is_zero()) return Value::zero(a.neg && b.neg);  // RNE: -0 only from -0 + -0
  if (a.is_zero()) return b;
  if (b.is_zero()) return a;

  Value x = normalised(a), y = normalised(b);
  // |x| >= |y|
  if (x.exp < y.exp || (x.exp == y.exp && x.sig < y.sig)) std::swap(x, y);
  bool ys = y.sticky;
  const std::uint64_t ym = shift_right_sticky(y.sig, static_cast<long>(x.exp) - y.exp, ys);
  if (x.neg == y.neg) return Value::finite(x.neg, x.sig + ym, x.exp, x.sticky || ys);
  // x - (ym + d) with 0 < d < 1 when ys: = (x - ym - 1) + (1 - d).
  std::uint64_t m = x.sig - ym;
  bool sticky = x.sticky;
  if (ys) {
    m -= 1;
    sticky = true;
  }
  if (m == 0 && !sticky) return Value::zero(false);
  return Value::finite(x.neg, m, x.exp, sticky);
}

Value mul(const Value& a, const Value& b) {
  const bool neg = a.neg != b.neg;
  if (a.is_nan() || b.is_nan()) return Value::nan();
  if (a.is_inf() || b.is_inf()) {
    if (a.is_zero() || b.is_zero()) return Value::nan();
    return Value::inf(neg);
  }
  if (a.is_zero() || b.is_zero()) return Value::zero(neg);
  return from_u128(neg, static_cast<u128>(a.sig) * b.sig, a.exp + b.exp, a.sticky || b.sticky);
}

Value div(const Value& a, const Value& b) {
  const bool neg = a.neg != b.neg;
  if (a.is_nan() || b.is_nan()) return Value::nan();
  if (a.is_inf()) return b.is_inf() ? Value::nan() : Value::inf(neg);
  if (b.is_inf()) return Value::zero(neg);
  if (b.is_zero()) return a.is_zero() ? Value::nan() : Value::inf(neg);
  if (a.is_zero()) return Value::zero(neg);
  const int wa = static_cast<int>(std::bit_width(a.sig)), wb = static_cast<int>(std::bit_width(b.sig));
  const int s = 63 + wb - wa;  // quotient in [2^62, 2^64): a sticky result never needs a left shift
  const u128 num = static_cast<u128>(a.sig) << s;
  const u128 q = num / b.sig;
  const bool sticky = (num % b.sig) != 0 || a.sticky || b.sticky;
  return from_u128(neg, q, a.exp - b.exp - s, sticky);
}

Value sqrt(const Value& a) {
  if (a.is_nan()) return Value::nan();
  if (a.is_zero()) return a;
  if (a.neg) return Value::nan();
  if (a.is_inf()) return a;
  std::uint64_t sig = a.sig;
  int exp = a.exp;
  u128 n = sig;
  if (exp & 1) {
    n <<= 1;
    exp -= 1;
  }
  const int w = n >> 64 ? 128 : static_cast<int>(std::bit_width(static_cast<std::uint64_t>(n)));
  int t2 = 125 - w;  // bring the radicand to 125..126 bits
  if (t2 & 1) --t2;
  n <<= t2;
  bool inexact = false;
  const u128 r = isqrt(n, inexact);
  return from_u128(false, r, (exp - t2) / 2, inexact || a.sticky);
}

}  // namespace qmac::golden
