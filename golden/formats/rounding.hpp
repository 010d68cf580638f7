// Rounding on integers: every rounding decision in golden is made here, from a
// significand, a guard bit and a sticky bit, never by host floating point.
#pragma once

#include <bit>
#include <cstdint>

#include "golden/formats/value.hpp"

namespace qmac::golden {

enum class Rounding : std::uint8_t {
  NearestEven,   // rne: IEEE roundTiesToEven, the default everywhere
  TowardZero,    // rz: truncation; hardware scale rules (E8M0 floor) use it
  AwayFromZero,  // ru: up in magnitude; CUDA's `rp` for unsigned E8M0
  NearestAway,   // ties away from zero: microxcaling's "nearest", TF32 cvt.rna
};

enum class Overflow : std::uint8_t {
  Saturate,    // SAT: clamp to +-max finite (formats.md §6.1)
  NoSaturate,  // NOSAT: overflow to Inf, or NaN where the format has no Inf
};

// What went wrong or was lost in a conversion (IEEE-style sticky flags).
struct Flags {
  bool invalid = false;   // NaN into a format without NaN, Inf - Inf, ...
  bool overflow = false;  // rounded result beyond max finite
  bool inexact = false;
  void merge(const Flags& o) {
    invalid |= o.invalid;
    overflow |= o.overflow;
    inexact |= o.inexact;
  }
};

struct RoundedInt {
  std::uint64_t n = 0;
  bool inexact = false;
};

// Rounds |v| / 2^q to an integer. Callers choose q so that the result fits
// 64 bits (q >= floor(log2|v|) - 62).
constexpr RoundedInt round_to_quantum(std::uint64_t sig, std::int32_t exp, bool sticky,
                                      std::int32_t q, Rounding mode) {
  if (exp >= q) {
    // Exact shift left. Producers of sticky values keep >= 62 significant
    // bits, so a sticky value never reaches this branch with a finer quantum.
    return {sig << (exp - q), sticky};
  }
  const std::int64_t shift = static_cast<std::int64_t>(q) - exp;
  std::uint64_t n, guard;
  bool rest;
  if (shift > 64) {
    n = 0;
    guard = 0;
    rest = sig != 0 || sticky;
  } else if (shift == 64) {
    n = 0;
    guard = sig >> 63;
    rest = (sig << 1) != 0 || sticky;
  } else {
    n = sig >> shift;
    guard = (sig >> (shift - 1)) & 1u;
    const std::uint64_t below = shift >= 2 ? (sig & ((std::uint64_t{1} << (shift - 1)) - 1)) : 0;
    rest = below != 0 || sticky;
  }
  const bool inexact = guard != 0 || rest;
  bool up = false;
  switch (mode) {
    case Rounding::NearestEven: up = guard && (rest || (n & 1u)); break;
    case Rounding::TowardZero: up = false; break;
    case Rounding::AwayFromZero: up = inexact; break;
    case Rounding::NearestAway: up = guard != 0; break;
  }
  return {n + (up ? 1u : 0u), inexact};
}

}  // namespace qmac::golden
