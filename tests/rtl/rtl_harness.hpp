// Helpers of the unit testbenches; the clocked driver is the unit checks' own
// (sim/unitcheck/clocked.hpp), so a testbench and qmac verify drive alike.
#pragma once

#include <verilated.h>

#include "sim/unitcheck/clocked.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace qmac::test {

using unitcheck::Clocked;

// One product on a fresh sum: valid and clear high, operands a and b, one edge.
template <class Model>
void one_product(Clocked<Model>& m, std::uint32_t a, std::uint32_t b) {
  m->valid_i = 1;
  m->clear_i = 1;
  m->a_i = a;
  m->b_i = b;
  m.tick();
}

// A signed value of `bits` bits held in an unsigned container.
inline __int128 sext(unsigned __int128 v, int bits) {
  const unsigned __int128 sign = static_cast<unsigned __int128>(1) << (bits - 1);
  v &= (sign << 1) - 1;
  return static_cast<__int128>((v ^ sign)) - static_cast<__int128>(sign);
}

// Verilator's wide ports (> 64 bits, up to 128) as VlWide words -> 128-bit integer.
template <std::size_t Words>
unsigned __int128 wide128(const VlWide<Words>& w) {
  static_assert(Words <= 4);
  unsigned __int128 v = 0;
  for (std::size_t i = 0; i < Words; ++i) v |= static_cast<unsigned __int128>(w[i]) << (32 * i);
  return v;
}

inline std::string hex128(__int128 v) {
  char b[48];
  const bool neg = v < 0;
  const unsigned __int128 u = neg ? static_cast<unsigned __int128>(-v) : static_cast<unsigned __int128>(v);
  std::snprintf(b, sizeof b, "%s0x%016llx%016llx", neg ? "-" : "", static_cast<unsigned long long>(u >> 64),
                static_cast<unsigned long long>(u));
  return b;
}

}  // namespace qmac::test
