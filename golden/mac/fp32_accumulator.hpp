// Fp32Accumulator: an IEEE binary32 accumulator that rounds to nearest even
// after every addition (formats.md §6.5) — the accumulator of scalar FP8 MACs
// (one rounding per product) and of block formats (one rounding per block).
// Specials follow IEEE 754: NaN is sticky, Inf + -Inf = NaN, overflow -> Inf.
#pragma once

#include <cstdint>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

class Fp32Accumulator {
 public:
  explicit Fp32Accumulator(std::uint32_t init_bits = 0) : bits_(init_bits) {}
  void clear() { bits_ = 0; }
  // acc = RNE_fp32(acc + v), v exact (or >= 62 bits + sticky).
  void add(const Value& v) { bits_ = to_fp32_bits(golden::add(from_fp32_bits(bits_), v)); }
  // acc = RNE_fp32(acc + t), t exact however wide (a block sum).
  void add(const Term& t) {
    if (t.integer) bits_ = fp32_add_exact(bits_, t.k, t.exp);
    else add(t.v);
  }
  std::uint32_t bits() const { return bits_; }
  Value value() const { return from_fp32_bits(bits_); }

 private:
  std::uint32_t bits_;
};

}  // namespace qmac::golden
