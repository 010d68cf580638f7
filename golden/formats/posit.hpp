// posit<n, es>, Posit Standard 2022 (formats.md §3): 2 <= n <= 32, 0 <= es <= 4.
// posit8, posit16 and posit32 are the standard's formats (es = 2).
//
// Fields after the sign: a regime run of m identical bits b ended by the
// opposite bit or the word end (r = -m if b = 0, m - 1 if b = 1), es exponent
// bits (bits cut off by the word end count as 0), then the fraction. Negative
// codes are the two's complement of the positive ones. 0...0 is zero and
// 10...0 is NaR, the only exception value (no -0, no Inf, no subnormals).
//
// Encoding writes the exact bit string of |x| and rounds it to n-1 bits, to
// nearest with ties to even *on the bit string* (§3.2), so near the ends the
// tie point is in encoding space. A nonzero real never becomes 0 or NaR:
// |x| >= maxpos gives maxpos, |x| <= minpos gives minpos.
#pragma once

#include <bit>
#include <cstdint>

#include "golden/formats/rounding.hpp"
#include "golden/formats/value.hpp"

namespace qmac::golden {

struct PositSpec {
  int n = 16;
  int es = 2;

  constexpr bool valid() const { return n >= 2 && n <= 32 && es >= 0 && es <= 4; }
  constexpr std::uint64_t mask() const { return (std::uint64_t{1} << n) - 1; }
  constexpr std::uint64_t nar() const { return std::uint64_t{1} << (n - 1); }
  constexpr std::uint64_t maxpos_code() const { return nar() - 1; }
  // log2(maxpos) = (n-2) * 2^es; minpos is its reciprocal.
  constexpr int max_scale() const { return (n - 2) << es; }
  constexpr bool operator==(const PositSpec&) const = default;

  constexpr std::uint64_t negate(std::uint64_t code) const { return (0 - code) & mask(); }

  constexpr Value decode(std::uint64_t code) const {
    code &= mask();
    if (code == 0) return Value::zero();
    if (code == nar()) return Value::nan();
    const bool neg = (code >> (n - 1)) & 1u;
    const std::uint64_t mag = neg ? negate(code) : code;
    const int body_bits = n - 1;
    const std::uint64_t body = mag & (nar() - 1);  // n-1 bits after the sign
    const bool b = (body >> (body_bits - 1)) & 1u;
    // Run length of the regime: leading ones (b = 1) or leading zeros (b = 0).
    const std::uint64_t aligned = body << (64 - body_bits);
    int m = b ? std::countl_one(aligned) : std::countl_zero(aligned);
    if (m > body_bits) m = body_bits;
    const int r = b ? m - 1 : -m;
    const int consumed = m + 1 > body_bits ? body_bits : m + 1;
    const int remaining = body_bits - consumed;
    const std::uint64_t rest = body & ((std::uint64_t{1} << remaining) - 1);
    std::uint64_t e;
    int fbits;
    if (remaining >= es) {
      fbits = remaining - es;
      e = rest >> fbits;
    } else {
      fbits = 0;
      e = rest << (es - remaining);
    }
    const std::uint64_t f = rest & ((std::uint64_t{1} << fbits) - 1);
    const int scale = r * (1 << es) + static_cast<int>(e);
    return Value::finite(neg, (std::uint64_t{1} << fbits) | f, scale - fbits);
  }

  Value max_finite() const { return decode(maxpos_code()); }
  Value min_subnormal() const { return decode(1); }  // minpos

  constexpr std::uint64_t encode(const Value& v, Rounding = Rounding::NearestEven,
                                 Overflow = Overflow::Saturate, Flags* flags = nullptr) const {
    switch (v.cls) {
      case ValueClass::NaN:
      case ValueClass::Inf: return nar();
      case ValueClass::Zero: return 0;
      case ValueClass::Finite: break;
    }
    const int k = v.log2_floor();
    std::uint64_t mag;
    if (k >= max_scale()) {
      mag = maxpos_code();
      if (flags && !(k == max_scale() && std::has_single_bit(v.sig) && !v.sticky)) flags->inexact = true;
    } else if (k < -max_scale()) {
      mag = 1;
      if (flags) flags->inexact = true;
    } else {
      // Bit string: regime | es exponent bits | fraction (all of sig below its MSB).
      const int r = k >> es;  // floor division
      const std::uint64_t e = static_cast<std::uint64_t>(k - r * (1 << es));
      unsigned __int128 s = 0;
      int len = 0;
      if (r >= 0) {
        s = ((static_cast<unsigned __int128>(1) << (r + 1)) - 1) << 1;  // r+1 ones, a zero
        len = r + 2;
      } else {
        s = 1;  // -r zeros, a one
        len = -r + 1;
      }
      s = (s << es) | e;
      len += es;
      const int fw = static_cast<int>(std::bit_width(v.sig)) - 1;  // fraction bits of sig
      const std::uint64_t frac = v.sig & ((fw == 64 ? 0 : (std::uint64_t{1} << fw)) - 1);
      s = (s << fw) | frac;
      len += fw;
      // Keep the first n-1 bits; guard = next; sticky = the rest (+ v.sticky).
      const int keep = n - 1;
      std::uint64_t kept, guard;
      bool sticky = v.sticky;
      if (len <= keep) {
        kept = static_cast<std::uint64_t>(s << (keep - len));
        guard = 0;
      } else {
        const int drop = len - keep;
        kept = static_cast<std::uint64_t>(s >> drop);
        guard = static_cast<std::uint64_t>(s >> (drop - 1)) & 1u;
        if (drop >= 2) sticky |= (s & ((static_cast<unsigned __int128>(1) << (drop - 1)) - 1)) != 0;
      }
      if (flags && (guard || sticky)) flags->inexact = true;
      mag = kept + (guard & ((sticky ? 1u : 0u) | (kept & 1u)));
      if (mag == 0) mag = 1;                        // never round a real to 0
      if (mag > maxpos_code()) mag = maxpos_code();  // never round a real to NaR
    }
    return v.neg ? negate(mag) : mag;
  }
};

inline constexpr PositSpec kPosit8{8, 2};
inline constexpr PositSpec kPosit16{16, 2};
inline constexpr PositSpec kPosit32{32, 2};

}  // namespace qmac::golden
