// Independent reference arithmetic for the golden tests: exact rationals
// (Boost.Multiprecision cpp_rational) decoded straight from the field layouts
// of formats.md, and rounding by brute-force search. Nothing here calls the
// code under test except the trivial Value <-> rational conversions.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "golden/formats/value.hpp"

namespace qmac::test {

using Rational = boost::multiprecision::cpp_rational;
using BigInt = boost::multiprecision::cpp_int;

inline Rational pow2(int k) {
  BigInt one = 1;
  return k >= 0 ? Rational(one << k) : Rational(BigInt(1), one << (-k));
}

// sig * 2^exp of a finite, non-sticky Value (zero -> 0).
inline Rational to_rational(const golden::Value& v) {
  if (v.is_zero()) return 0;
  Rational r = Rational(BigInt(v.sig)) * pow2(v.exp);
  return v.neg ? Rational(-r) : r;
}

// A dyadic rational as an exact Value (numerator must fit 64 bits).
inline golden::Value to_value(const Rational& x) {
  if (x == 0) return golden::Value::zero();
  const bool neg = x < 0;
  BigInt num = boost::multiprecision::abs(boost::multiprecision::numerator(x));
  BigInt den = boost::multiprecision::denominator(x);
  int exp = 0;
  while (den > 1) {
    if ((den & 1) != 0) throw std::invalid_argument("to_value: not dyadic");
    den >>= 1;
    --exp;
  }
  while (num > BigInt(UINT64_MAX)) {
    if ((num & 1) != 0) throw std::invalid_argument("to_value: does not fit 64 bits");
    num >>= 1;
    ++exp;
  }
  return golden::Value::finite(neg, static_cast<std::uint64_t>(num), exp);
}

// An integer-valued rational (|x| < 2^127) as __int128.
inline __int128 to_i128(const Rational& x) {
  BigInt n = boost::multiprecision::numerator(x);
  if (boost::multiprecision::denominator(x) != 1) throw std::invalid_argument("to_i128: not an integer");
  const bool neg = n < 0;
  if (neg) n = -n;
  const auto lo = static_cast<std::uint64_t>(n & BigInt(UINT64_MAX));
  const auto hi = static_cast<std::uint64_t>(n >> 64);
  const auto mag = static_cast<__int128>((static_cast<unsigned __int128>(hi) << 64) | lo);
  return neg ? -mag : mag;
}

inline std::string hex(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// A minifloat field layout, decoded from the formulas in formats.md §1.1.
struct RefFloat {
  int e_bits, m_bits, bias;
  enum Kind { Ieee, NanOnlyAllOnes, NoSpecials } kind;
  int bits() const { return 1 + e_bits + m_bits; }
  bool is_nan(std::uint64_t c) const {
    const std::uint64_t e = (c >> m_bits) & ((1u << e_bits) - 1), m = c & ((1u << m_bits) - 1);
    if (kind == Ieee) return e == (1u << e_bits) - 1 && m != 0;
    if (kind == NanOnlyAllOnes) return e == (1u << e_bits) - 1 && m == (1u << m_bits) - 1;
    return false;
  }
  bool is_inf(std::uint64_t c) const {
    const std::uint64_t e = (c >> m_bits) & ((1u << e_bits) - 1), m = c & ((1u << m_bits) - 1);
    return kind == Ieee && e == (1u << e_bits) - 1 && m == 0;
  }
  // nullopt for NaN/Inf.
  std::optional<Rational> value(std::uint64_t c) const {
    if (is_nan(c) || is_inf(c)) return std::nullopt;
    const bool s = (c >> (bits() - 1)) & 1;
    const long e = static_cast<long>((c >> m_bits) & ((1u << e_bits) - 1));
    const long m = static_cast<long>(c & ((1u << m_bits) - 1));
    Rational v = e == 0 ? Rational(m) / Rational(pow2(m_bits)) * pow2(1 - bias)
                        : (Rational(1) + Rational(m) / pow2(m_bits)) * pow2(static_cast<int>(e) - bias);
    return s ? Rational(-v) : v;
  }
};

// Posit<n, es> decoded with the formula of formats.md §3.1, which reads the
// fields of the raw word without negating first:
//   x = ((1 - 3s) + f) * 2^((1 - 2s) * (4r + e + s))      (for es = 2; general:
//   x = ((1 - 3s) + f) * 2^((1 - 2s) * (2^es * r + e + s)))
// Works for any n (the tests use n + 1 for encoding-space midpoints).
inline std::optional<Rational> ref_posit(int n, int es, std::uint64_t c) {
  c &= (n == 64 ? ~0ull : ((1ull << n) - 1));
  if (c == 0) return Rational(0);
  if (c == (1ull << (n - 1))) return std::nullopt;  // NaR
  const int s = (c >> (n - 1)) & 1;
  int i = n - 2;
  const int b = (c >> i) & 1;
  int m = 0;
  while (i >= 0 && static_cast<int>((c >> i) & 1) == b) {
    ++m;
    --i;
  }
  --i;  // skip the terminating bit (if any)
  const int r = b ? m - 1 : -m;
  long e = 0;
  for (int k = 0; k < es; ++k) {
    e <<= 1;
    if (i >= 0) {
      e |= (c >> i) & 1;
      --i;
    }
  }
  Rational f = 0;
  int fb = i + 1;  // remaining bits
  if (fb > 0) f = Rational(BigInt(c & ((1ull << fb) - 1))) / pow2(fb);
  const long scale = (1 - 2 * s) * ((1L << es) * r + e + s);
  return (Rational(1 - 3 * s) + f) * pow2(static_cast<int>(scale));
}

// Every finite value of a format with its code, sorted by value (one entry
// per value: for +-0 the +0 code).
struct ValueTable {
  std::vector<std::pair<Rational, std::uint64_t>> entries;
  void sort_unique() {
    std::stable_sort(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.first < b.first; });
    entries.erase(std::unique(entries.begin(), entries.end(), [](auto& a, auto& b) { return a.first == b.first; }),
                  entries.end());
  }
  // Index of the largest entry <= x (or -1).
  long floor_index(const Rational& x) const {
    auto it = std::upper_bound(entries.begin(), entries.end(), x,
                               [](const Rational& v, const auto& e) { return v < e.first; });
    return static_cast<long>(it - entries.begin()) - 1;
  }
};

}  // namespace qmac::test
