// PositQuire: the Posit Standard 2022 quire (formats.md §3.3) for posit<n, es>.
//
// A two's complement fixed-point register whose LSB is minpos^2; it holds
// maxpos^2 with 30 carry-guard bits above it and a sign bit, i.e.
// 4*(n-2)*2^es + 32 bits: 16n bits for the standard's es = 2.
// Products are added exactly; the sum is rounded once, on output.
// NaR in (an operand or the quire) makes the quire NaR (the pattern 10...0)
// and it stays NaR until cleared; a sum that overflows the register (possible
// only past the standard's quire sum limit) also makes it NaR, and so does a
// sum that lands on the pattern itself: the standard's quire is its bits, and
// those bits are NaR (formats.md §3.3, "NaR in, NaR out").
#pragma once

#include <cstdint>

#include "golden/formats/posit.hpp"
#include "golden/mac/kulisch_accumulator.hpp"

namespace qmac::golden {

class PositQuire {
 public:
  explicit PositQuire(PositSpec p)
      : posit_(p), acc_(quire_bits(p), -2 * p.max_scale()) {}

  static constexpr int quire_bits(PositSpec p) { return 4 * p.max_scale() + 32; }

  const PositSpec& posit() const { return posit_; }
  void clear() { acc_.clear(); nar_ = false; }
  bool is_nar() const { return nar_; }
  void add_product(std::uint64_t a, std::uint64_t b) { accumulate(a, b, false); }
  void sub_product(std::uint64_t a, std::uint64_t b) { accumulate(a, b, true); }
  void add_posit(std::uint64_t a);
  // Adds another quire of the same posit format exactly (a partial sum from
  // another PE); NaR if either is NaR or the sum overflows.
  void add_quire(const PositQuire& other);
  // The sum rounded once to the posit format (NaR if the quire is NaR).
  std::uint64_t to_posit() const;
  // The raw register: NaR shows as the 10...0 pattern, as the standard lays it out.
  KulischAccumulator raw() const;
  // A quire from its raw bits (limb 0 least significant), as raw() gives them
  // or hardware carries them: the pattern 10...0 is NaR.
  static PositQuire from_raw(PositSpec p, const std::vector<std::uint64_t>& limbs);
  const KulischAccumulator& accumulator() const { return acc_; }

 private:
  void accumulate(std::uint64_t a, std::uint64_t b, bool subtract);
  void add_exact(const Value& v);
  PositSpec posit_;
  KulischAccumulator acc_;
  bool nar_ = false;
};

// Fused dot product: round(sum a_i * b_i) through the quire.
std::uint64_t posit_fdp(PositSpec p, const std::uint64_t* a, const std::uint64_t* b, std::size_t k);

}  // namespace qmac::golden
