// KulischAccumulator: an exact fixed-point accumulator, a two's complement
// integer of `width` bits whose LSB weighs 2^lsb_exp. Products and values are
// added without rounding; rounding happens once, when the sum is read.
// The posit quire (posit_quire.hpp) and the exact FP accumulators are this.
#pragma once

#include <cstdint>
#include <vector>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/value.hpp"

namespace qmac::golden {

class KulischAccumulator {
 public:
  KulischAccumulator(int width, int lsb_exp);

  int width() const { return width_; }
  int lsb_exp() const { return lsb_exp_; }
  void clear();
  // Adds an exact finite value (no sticky), which must be a multiple of the
  // LSB and lie below 2^(width-1) LSBs. Returns false (and leaves the sum
  // undefined) if the two's complement sum overflowed.
  bool add(const Value& v);
  // Adds an exact term: a Value as above, or an integer k * 2^exp of up to 127 bits.
  bool add(const Term& t);
  // Adds another accumulator of the same width and LSB (a partial sum from
  // another PE). Returns false if the two's complement sum overflowed.
  bool add(const KulischAccumulator& other);
  bool is_negative() const { return (limbs_.back() >> 63) != 0; }
  bool is_zero() const;
  // Whether `v` can be added exactly (on the LSB grid, inside the width).
  bool fits(const Value& v) const;
  // The sum as a Value: exact when it fits 64 bits, else 63 bits + sticky.
  Value value() const;
  // Raw two's complement bits, limb 0 least significant.
  const std::vector<std::uint64_t>& limbs() const { return limbs_; }
  // Loads raw two's complement bits (limb 0 least significant; bits at and
  // above `width` are ignored and replaced by the sign extension).
  void set_bits(const std::vector<std::uint64_t>& raw);
  // The most negative pattern 1000...0 (the quire's NaR).
  void set_min_pattern();
  bool is_min_pattern() const;

 private:
  void add_magnitude(std::uint64_t sig, int offset, bool subtract);
  int width_;
  int lsb_exp_;
  std::vector<std::uint64_t> limbs_;  // width_ rounded up to whole limbs; top bits sign-extend
};

}  // namespace qmac::golden
