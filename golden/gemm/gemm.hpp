// The golden GEMM: C (M x N) = A (M x K) * B (K x N) with a named MAC
// semantics and a named accumulation order, so that the array model's output
// can be matched bit for bit (architecture.md "MAC semantics are defined in
// golden").
//
// A step is one product (scalar formats) or one block of `block` products
// (MX formats: the exact block dot, formats.md §2.3). Steps are taken in
// ascending K. With order.chunk = c > 0 the steps are grouped into chunks of
// c consecutive steps (a K-tile of the array); each chunk is summed from zero
// in its own accumulator of the same kind, and the chunk sums are added into
// the output accumulator in ascending chunk order. chunk = 0 is one chain.
// Only the FP32 accumulator is order-sensitive; the others are exact.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "golden/formats/registry.hpp"

namespace qmac::golden {

enum class AccumulatorKind : std::uint8_t {
  Fp32,     // IEEE binary32, RNE after every step (§6.5)
  Kulisch,  // exact fixed point, rounded once to FP32 at the end
  Int,      // two's complement integer of int_width bits, wrapping
  Quire,    // posit quire, rounded once to the posit format
};

struct AccumulationOrder {
  int chunk = 0;  // 0: one chain over K; c > 0: chunks of c steps
};

struct GemmSpec {
  std::string a_format;  // element or block format name
  std::string b_format;
  AccumulatorKind acc = AccumulatorKind::Fp32;
  int block = 32;  // block formats only
  int int_width = 32;
  AccumulationOrder order{};
};

// Operand codes, row-major. For block formats `scales` holds one E8M0 byte per
// block along K: A has M x (K/block) scales (row-major), B has (K/block) x N.
// DialectFP4 also needs `dialects`, one dialect id per block, laid out as the
// scales (its 4-bit codes mean nothing without it).
struct GemmOperand {
  int rows = 0;
  int cols = 0;
  std::vector<std::uint8_t> codes;   // element codes (<= 8-bit formats)
  std::vector<std::uint64_t> wide;   // codes of wider formats (fp16, bf16, posit16/32 ...)
  std::vector<std::uint8_t> scales;  // block formats only
  std::vector<std::uint8_t> dialects;  // dialectfp4 only
  std::uint64_t code(int r, int c) const {
    const auto i = static_cast<std::size_t>(r) * static_cast<std::size_t>(cols) + static_cast<std::size_t>(c);
    return wide.empty() ? codes[i] : wide[i];
  }
};

// Output: FP32 bits (Fp32/Kulisch), the integer (Int), or the posit code (Quire).
struct GemmResult {
  int rows = 0;
  int cols = 0;
  std::string output;  // "fp32", "int<width>" or the posit format name
  std::vector<std::uint64_t> c;
  std::vector<std::int64_t> c_int;  // Int accumulator values, sign-extended
};

// Checks the combination (formats exist, accumulator fits them, shapes agree);
// throws std::invalid_argument with the reason.
void validate(const GemmSpec& spec, const GemmOperand& a, const GemmOperand& b);
// The same checks for the MAC kind alone (one step of K), e.g. for a config.
void validate(const GemmSpec& spec);
GemmResult gemm(const GemmSpec& spec, const GemmOperand& a, const GemmOperand& b);

}  // namespace qmac::golden
