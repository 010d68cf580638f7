// ElementIntTable: every code of an element format of <= 8 bits as an integer
// multiple of the format's LSB weight (formats.md §1.1 "RTL-friendly integer
// form": E4M3 k*2^-9, E5M2 k*2^-16, E3M2 k*2^-4, E2M3 k*2^-3, E2M1 k*2^-1,
// MXINT8 k*2^-6, INT8 k). This is what the hardware multiplies, and what makes
// block sums exact integer sums.
#pragma once

#include <array>
#include <cstdint>

#include "golden/formats/registry.hpp"

namespace qmac::golden {

struct ElementIntTable {
  enum Special : std::uint8_t { kNone = 0, kNaN = 1, kPosInf = 2, kNegInf = 3 };
  int lsb_exp = 0;  // value = k * 2^lsb_exp
  std::array<std::int64_t, 256> k{};
  std::array<std::uint8_t, 256> special{};
  bool has_specials = false;

  // The table for `f` (cached; f must have <= 8 bits and be a scalar format
  // with a finite LSB grid: minifloats, integers, the MXINT8 element).
  static const ElementIntTable& of(const Format& f);
};

}  // namespace qmac::golden
