// sim/cosim/port_bits.hpp against the plain definition, a bit at a time.
#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

#include <gtest/gtest.h>

#include "sim/cosim/port_bits.hpp"

namespace qmac {
namespace {

using Wide5 = std::array<std::uint32_t, 5>;

// The driver's port access, a word at a time, against a bit at a time: every
// field of every width (1..128) at every offset of a 160-bit port, and of
// 8-, 32- and 64-bit ports.
template <class Port>
void check_port_bits(Port zero, int port_bits, std::mt19937_64& rng) {
  auto bit_of = [](const Port& p, int b) -> unsigned {
    if constexpr (sizeof(Port) <= 8) return static_cast<unsigned>((static_cast<std::uint64_t>(p) >> b) & 1u);
    else return (p[static_cast<std::size_t>(b / 32)] >> (b % 32)) & 1u;
  };
  for (int w = 1; w <= std::min(port_bits, 128); ++w)
    for (int lsb = 0; lsb + w <= port_bits; ++lsb) {
      Port p = zero;
      for (int b = 0; b < port_bits; b += 32) cosim::set_bits(p, b, std::min(32, port_bits - b), rng());
      const Port before = p;
      const cosim::u128 v = (static_cast<cosim::u128>(rng()) << 64) | rng();
      cosim::set_bits(p, lsb, w, v);
      cosim::u128 want = 0;
      for (int b = 0; b < port_bits; ++b) {
        const unsigned expect = b >= lsb && b < lsb + w ? static_cast<unsigned>(v >> (b - lsb)) & 1u : bit_of(before, b);
        ASSERT_EQ(bit_of(p, b), expect) << "set_bits w " << w << " lsb " << lsb << " bit " << b;
        if (b >= lsb && b < lsb + w) want |= static_cast<cosim::u128>(expect) << (b - lsb);
      }
      ASSERT_TRUE(cosim::get_bits(p, lsb, w) == want) << "get_bits w " << w << " lsb " << lsb;
    }
}

TEST(PortBits, EqualABitAtATime) {
  std::mt19937_64 rng(5);
  check_port_bits<Wide5>(Wide5{}, 160, rng);  // as VlWide<5>: 32-bit words
  check_port_bits<std::uint8_t>(0, 8, rng);  // CData
  check_port_bits<std::uint32_t>(0, 32, rng);  // IData
  check_port_bits<std::uint64_t>(0, 64, rng);  // QData
}

}  // namespace
}  // namespace qmac
