// The MAC semantics of formats.md §6.5 in their general form, for any
// quantized operand that sits on a scaled-integer grid: element (r, c) is
// k[r][c] * unit[r][c / block] exactly (MX: k in element LSBs, unit
// 2^(lsb + x); DialectFP4: signed half-units, unit 2^(Es - 1); INT groups:
// the integer, unit its FP32 scale; scalar formats: block = 1, k the
// significand, unit 2^exp).
//
// C = A * B^T over K: each block's integer dot sum_k a_k * b_k is exact, it is
// scaled by unit_a * unit_b exactly and added into an FP32 accumulator with
// one RNE per block, blocks in ascending K. With `round_once_to` set (the
// posit quire) the whole sum over K is exact and rounded once to that format.
#pragma once

#include <cstdint>
#include <vector>

#include "golden/formats/registry.hpp"
#include "golden/formats/value.hpp"

namespace qmac::golden {

struct ScaledIntMatrix {
  int rows = 0;
  int cols = 0;   // K
  int block = 1;  // elements per unit along a row; divides cols
  std::vector<std::int64_t> k;  // rows * cols
  std::vector<Value> unit;      // rows * (cols / block)
  const Value& unit_of(int r, int c) const {
    return unit[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols / block) + static_cast<std::size_t>(c / block)];
  }
};

// Rows [row_begin, row_end) of C = A * B^T as FP32 bit patterns, written into
// `c` (A.rows x B.rows, row-major). Throws std::invalid_argument on shapes.
void scaled_int_gemm_nt(const ScaledIntMatrix& a, const ScaledIntMatrix& b, std::vector<std::uint32_t>& c,
                        int row_begin, int row_end, const Format* round_once_to = nullptr);

}  // namespace qmac::golden
