// DialectFP4, the element format of BlockDialect (Jang & Tambe, arXiv
// 2501.01144; formats.md §4.3, binding decisions §6.7).
//
// A 4-bit code is sign (bit 3) + a 3-bit index; its magnitude depends on the
// block's dialect (0..15): hu[d][idx] half-units, value = (-1)^s * hu/2. All
// magnitudes are integers in half-units, so a DialectFP4 MAC is an integer MAC.
// Dialects come in pairs p = {2p, 2p+1} sharing the maximum 15 - p half-units;
// dialect 7 is FP4 E2M1 exactly. This file is the one place the formatbook
// and the pairs' beneficial ranges live.
#pragma once

#include <array>
#include <cstdint>

#include "golden/formats/value.hpp"

namespace qmac::golden {

struct DialectFp4 {
  static constexpr int kDialects = 16;
  static constexpr int kPairs = 8;
  static constexpr int kDefaultDialect = 7;  // the all-zero block's dialect (§6.7)

  // Magnitudes in half-units, formats.md §4.3 (idx 0..7).
  static constexpr std::array<std::array<std::uint8_t, 8>, kDialects> kFormatbook = {{
      {0, 1, 2, 3, 4, 6, 11, 15}, {0, 1, 2, 3, 4, 6, 9, 15},  // pair 0, max 7.5
      {0, 1, 2, 3, 4, 6, 11, 14}, {0, 1, 2, 3, 4, 6, 9, 14},  // pair 1, max 7.0
      {0, 1, 2, 3, 4, 6, 10, 13}, {0, 1, 2, 3, 4, 6, 8, 13},  // pair 2, max 6.5
      {0, 1, 2, 3, 4, 6, 10, 12}, {0, 1, 2, 3, 4, 6, 8, 12},  // pair 3, max 6.0 (d7 = E2M1)
      {0, 1, 2, 3, 4, 6, 9, 11},  {0, 1, 2, 3, 4, 6, 7, 11},  // pair 4, max 5.5
      {0, 1, 2, 3, 4, 6, 9, 10},  {0, 1, 2, 3, 4, 6, 7, 10},  // pair 5, max 5.0
      {0, 1, 2, 3, 4, 6, 8, 9},   {0, 1, 2, 3, 4, 6, 7, 9},   // pair 6, max 4.5
      {0, 1, 2, 3, 4, 6, 7, 8},   {0, 1, 2, 3, 4, 5, 6, 8},   // pair 7, max 4.0
  }};

  // Stage-2 beneficial ranges per pair, half-open, in quarter-units of
  // |x| / 2^Es (formats.md §4.5): A for the even member, B for the odd one.
  struct Range {
    std::uint8_t lo, hi;
  };
  static constexpr std::array<std::array<Range, 2>, kPairs> kBeneficial = {{
      {{{20, 26}, {15, 20}}},
      {{{20, 25}, {15, 20}}},
      {{{18, 23}, {14, 18}}},
      {{{18, 22}, {14, 18}}},
      {{{16, 20}, {13, 16}}},
      {{{16, 19}, {13, 16}}},
      {{{15, 17}, {13, 15}}},
      {{{13, 15}, {9, 11}}},
  }};

  static constexpr std::uint8_t magnitude_hu(int dialect, std::uint8_t code) {
    return kFormatbook[static_cast<std::size_t>(dialect)][code & 7u];
  }
  // The code of a sign and an index (idx 7 is every dialect's largest magnitude).
  static constexpr std::uint8_t code(bool neg, int idx) { return static_cast<std::uint8_t>((neg ? 8u : 0u) | (idx & 7)); }
  static constexpr int kMaxIndex = 7;
  // Signed half-units of a code under a dialect (what the integer MAC uses).
  static constexpr int signed_hu(int dialect, std::uint8_t code) {
    const int m = magnitude_hu(dialect, code);
    return (code & 8u) ? -m : m;
  }
  // The element value without the block scale: (-1)^s * hu / 2.
  static constexpr Value decode(int dialect, std::uint8_t code) {
    return Value::finite((code & 8u) != 0, magnitude_hu(dialect, code), -1);
  }
  // Index of the nearest magnitude (ties to the larger) for t quarter-units,
  // t = floor(|x| / 2^Es * 4): midpoints are integers in quarter-units, so the
  // truncated t decides exactly (formats.md §4.5).
  static constexpr std::uint8_t nearest_index(int dialect, unsigned t) {
    const auto& hu = kFormatbook[static_cast<std::size_t>(dialect)];
    std::uint8_t idx = 0;
    for (std::size_t j = 0; j < 7; ++j) idx += t >= static_cast<unsigned>(hu[j] + hu[j + 1]) ? 1 : 0;
    return idx;
  }
};

}  // namespace qmac::golden
