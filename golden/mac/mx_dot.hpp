// The OCP MX dot product of two blocks (formats.md §2.3, §6.5):
//   Dot(A, B) = 2^(xa + xb) * sum_i P_i^A * P_i^B
// with the element sum computed exactly as an integer (k_a * k_b in units of
// the two element LSBs), then scaled exactly. The caller adds the result into
// its accumulator (FP32: one rounding per block; Kulisch: none). A finite
// result is the exact integer sum (a Term), which can be wider than a Value.
// A NaN scale makes the result NaN; FP8 element NaN/Inf follow IEEE products
// and sums (Inf * 0 = NaN, +Inf + -Inf = NaN).
#pragma once

#include <cstdint>
#include <span>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/value.hpp"
#include "golden/mac/element_int_table.hpp"

namespace qmac::golden {

Term mx_block_dot(const ElementIntTable& ta, std::uint8_t scale_a, std::span<const std::uint8_t> a,
                   const ElementIntTable& tb, std::uint8_t scale_b, std::span<const std::uint8_t> b);

}  // namespace qmac::golden
