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
  std::vector<std::int64_t> k;  // rows * cols (E5M2 elements in their LSBs reach 2^32)
  std::vector<Value> unit;      // rows * (cols / block)
  // Compact form of a block-1 grid whose every element k * unit is exact in
  // 26 bits: the elements as doubles (k and unit then empty). compact() makes it.
  std::vector<double> values;
  const Value& unit_of(int r, int c) const {
    return unit[static_cast<std::size_t>(r) * static_cast<std::size_t>(cols / block) + static_cast<std::size_t>(c / block)];
  }
};

// What the block results are summed in: FP32 with one RNE per block (qmac's
// default, §6.5), or FP16 as the BlockDialect paper's MAC does (§4.7): each
// block result rounded to FP16, then added into an FP16 sum, RNE each time
// (IEEE overflow to infinity). Ignored with round_once_to (the quire).
enum class SumPrecision : std::uint8_t { Fp32, Fp16 };

// Replaces k and unit by `values` when the grid has blocks of one element,
// each exact in 26 bits (8 bytes an element instead of 32); false otherwise.
bool compact(ScaledIntMatrix& m);

// C = A * B^T prepared once (shapes checked, operands converted for the fast
// path) and computed by row ranges, so threads can share one.
class ScaledIntGemmNt {
 public:
  ScaledIntGemmNt(const ScaledIntMatrix& a, const ScaledIntMatrix& b, const Format* round_once_to = nullptr,
                  SumPrecision sum = SumPrecision::Fp32);
  ScaledIntGemmNt(const ScaledIntGemmNt&) = delete;  // holds pointers into itself
  ScaledIntGemmNt& operator=(const ScaledIntGemmNt&) = delete;
  // Rows [begin, end) of C (a.rows x b.rows, row-major) into c.
  void rows(int begin, int end, std::uint32_t* c) const;

  // Which computation rows() runs (each is held bit-equal to Values by the tests).
  enum class Path : std::uint8_t { Values, Fp32Float, Fp32Odd, Blocks, Quire };
  Path path() const;

 private:
  const ScaledIntMatrix* a_;
  const ScaledIntMatrix* b_;
  const Format* once_;
  SumPrecision sum_;
  bool fast_ = false;        // per-product FP32 sums (fp32_sum_kernels), in float where products are exact there
  bool quire_fast_ = false;  // round_once_to: the exact sum in a 128-bit fixed point whose LSB is lsb_
  int lsb_ = 0;
  int lsb_a_ = 0, lsb_b_ = 0;  // quire: each operand an int64 in these units
  std::vector<float> panels_f_;   // A packed for the float kernel (empty: the odd kernel)
  std::vector<double> panels_d_;  // A packed for the odd kernel
  // Blocks longer than one whose block sums fit 53 bits: exact integer dots in
  // double (A's k in panels_d_); power-of-two units scale them exactly in the
  // kernel, other units through Values, one RNE per block.
  bool block_fast_ = false;
  std::vector<int> ea_exp_, eb_exp_;  // the units' exponents
  std::vector<double> a_scale_;       // 2^ea packed beside A's panels (empty: units of any value)
  std::vector<double> da_, db_;              // fast path, unless the grids hold them
  ScaledIntMatrix ea_, eb_;                  // a compact grid expanded for the Value path
};

// Rows [row_begin, row_end) of C = A * B^T as FP32 bit patterns, written into
// `c` (A.rows x B.rows, row-major). Throws std::invalid_argument on shapes.
void scaled_int_gemm_nt(const ScaledIntMatrix& a, const ScaledIntMatrix& b, std::vector<std::uint32_t>& c,
                        int row_begin, int row_end, const Format* round_once_to = nullptr, SumPrecision sum = SumPrecision::Fp32);

// The same, always in Value arithmetic: the definition the fast path of
// scaled_int_gemm_nt (blocks of one element, each value exact in 26 bits:
// products exact in double, each FP32 addition rounded to odd in double and
// then to nearest even in FP32, which is the one RNE rounding of the exact
// sum; Boldo & Melquiond, IEEE TC 2008; the same for longer blocks whose
// units are powers of two and whose block sums fit 53 bits) and its quire path (values exact in 26
// bits whose products and K-term sum fit a 128-bit fixed point: the exact sum
// there, rounded once) are tested against bit for bit.
void scaled_int_gemm_nt_values(const ScaledIntMatrix& a, const ScaledIntMatrix& b, std::vector<std::uint32_t>& c, int row_begin,
                               int row_end, const Format* round_once_to = nullptr, SumPrecision sum = SumPrecision::Fp32);

}  // namespace qmac::golden
