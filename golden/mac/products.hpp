// Exact products of element formats. Every element format in golden has a
// significand of at most 29 bits (posit32), so the product of any pair is an
// exact Value (at most 58 bits); specials follow IEEE (0 * Inf = NaN), and a
// posit NaR operand is NaN here.
#pragma once

#include <cstdint>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/registry.hpp"

namespace qmac::golden {

inline Value exact_product(const Format& fa, std::uint64_t a, const Format& fb, std::uint64_t b) {
  return mul(fa.decode(a), fb.decode(b));
}

}  // namespace qmac::golden
