// Bits that differ between a register's old and new value, for each kind of
// partial sum the PE arithmetics keep (golden/mac/pe_arith.hpp), over the
// bits the hardware register holds (acc_bits).
#pragma once

#include <bit>
#include <cstdint>

#include "golden/mac/pe_arith.hpp"

namespace qmac::models {

inline std::uint64_t low_mask(int bits) { return bits >= 64 ? ~0ull : (1ull << bits) - 1; }

inline std::uint64_t toggles(std::uint64_t a, std::uint64_t b, int bits) {
  return static_cast<std::uint64_t>(std::popcount((a ^ b) & low_mask(bits)));
}

inline std::uint64_t psum_toggles(std::int64_t a, std::int64_t b, int acc_bits) {
  return toggles(static_cast<std::uint64_t>(a), static_cast<std::uint64_t>(b), acc_bits);
}
inline std::uint64_t psum_toggles(float a, float b, int) {
  return static_cast<std::uint64_t>(std::popcount(std::bit_cast<std::uint32_t>(a) ^ std::bit_cast<std::uint32_t>(b)));
}
inline std::uint64_t psum_toggles(const golden::pe::ExactArith::Psum& a, const golden::pe::ExactArith::Psum& b, int acc_bits) {
  const auto x = static_cast<unsigned __int128>(a.sum ^ b.sum);
  const std::uint64_t lo = static_cast<std::uint64_t>(x), hi = static_cast<std::uint64_t>(x >> 64);
  return toggles(lo, 0, acc_bits) + (acc_bits > 64 ? toggles(hi, 0, acc_bits - 64) : 0) +
         static_cast<std::uint64_t>(std::popcount(static_cast<unsigned>(a.flags ^ b.flags)));
}
inline std::uint64_t psum_toggles(const golden::PositQuire& a, const golden::PositQuire& b, int) {
  const auto& x = a.accumulator().limbs();
  const auto& y = b.accumulator().limbs();
  std::uint64_t n = a.is_nar() != b.is_nar();
  for (std::size_t i = 0; i < x.size() && i < y.size(); ++i) n += static_cast<std::uint64_t>(std::popcount(x[i] ^ y[i]));
  return n;
}

}  // namespace qmac::models
