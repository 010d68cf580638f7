// get_bits / set_bits: a field of a Verilated port, which is CData..QData
// (an integer) or VlWide (32-bit words, indexed). A word at a time: the
// lockstep reads every PE's sum every cycle.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <type_traits>

namespace qmac::cosim {

using u128 = unsigned __int128;

// Bits [lsb, lsb + w) of a Verilated port (CData..QData, or VlWide's 32-bit
// words), w <= 128: a word at a time, since the lockstep reads every PE's sum
// every cycle.
template <class Port>
u128 get_bits(const Port& p, int lsb, int w) {
  if constexpr (sizeof(Port) <= 8) {
    const std::uint64_t v = static_cast<std::uint64_t>(p) >> lsb;
    return w >= 64 ? v : v & ((std::uint64_t{1} << w) - 1);
  } else {
    u128 out = 0;
    for (int got = 0; got < w;) {
      const int bit = lsb + got, off = bit % 32, take = std::min(32 - off, w - got);
      const std::uint32_t word = p[static_cast<std::size_t>(bit / 32)] >> off;
      out |= static_cast<u128>(take == 32 ? word : word & ((1u << take) - 1)) << got;
      got += take;
    }
    return out;
  }
}

template <class Port>
void set_bits(Port& p, int lsb, int w, u128 v) {
  if constexpr (sizeof(Port) <= 8) {
    using U = std::conditional_t<sizeof(Port) <= 4, std::uint32_t, std::uint64_t>;
    const U mask = w >= static_cast<int>(8 * sizeof(U)) ? ~U{0} : ((U{1} << w) - 1);
    p = static_cast<Port>((static_cast<U>(p) & ~(mask << lsb)) | ((static_cast<U>(v) & mask) << lsb));
  } else {
    for (int done = 0; done < w;) {
      const int bit = lsb + done, off = bit % 32, take = std::min(32 - off, w - done);
      const std::uint32_t mask = (take == 32 ? 0xFFFFFFFFu : (1u << take) - 1) << off;
      auto& word = p[static_cast<std::size_t>(bit / 32)];
      word = (word & ~mask) | ((static_cast<std::uint32_t>(v >> done) << off) & mask);
      done += take;
    }
  }
}

}  // namespace qmac::cosim
