#include "golden/block/int_group_quantizer.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/int8.hpp"
#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

IntGroupQuantizer::IntGroupQuantizer(int bits, int group) : bits_(bits), group_(group) {
  if (bits != 8 && bits != 4) throw std::invalid_argument("IntGroupQuantizer: bits must be 8 or 4");
  if (group < 1) throw std::invalid_argument("IntGroupQuantizer: group must be >= 1");
}

std::uint32_t IntGroupQuantizer::quantize(std::span<const std::uint32_t> in, std::span<std::uint8_t> codes) const {
  if (in.size() != static_cast<std::size_t>(group_) || codes.size() != in.size())
    throw std::invalid_argument("INT group: expected " + std::to_string(group_) + " values");
  std::uint32_t amax_bits = 0;
  for (std::uint32_t b : in) amax_bits = std::max(amax_bits, b & 0x7FFFFFFFu);
  const std::uint64_t mask = (std::uint64_t{1} << bits_) - 1;
  if (amax_bits >= 0x7F800000u) {
    std::fill(codes.begin(), codes.end(), 0);
    return 0x7FC00000u;
  }
  if (amax_bits == 0) {
    std::fill(codes.begin(), codes.end(), 0);
    return 0;
  }
  std::uint32_t scale_bits = to_fp32_bits(div(from_fp32_bits(amax_bits), Value::from_int(qmax())));
  scale_bits = std::max<std::uint32_t>(scale_bits, 1u);
  const Value scale = from_fp32_bits(scale_bits);
  for (std::size_t i = 0; i < in.size(); ++i) {
    const Value q = div(from_fp32_bits(in[i]), scale);
    const std::int64_t k = Int8::round_clamped(q, Rounding::NearestEven, -qmax(), qmax(), nullptr);
    codes[i] = static_cast<std::uint8_t>(static_cast<std::uint64_t>(k) & mask);
  }
  return scale_bits;
}

std::uint32_t IntGroupQuantizer::dequantize_fp32(std::uint32_t scale_bits, std::uint8_t code) const {
  const std::uint64_t sign = std::uint64_t{1} << (bits_ - 1);
  const std::int64_t k = (code & sign) ? static_cast<std::int64_t>(code) - (std::int64_t{1} << bits_)
                                       : static_cast<std::int64_t>(code);
  return to_fp32_bits(mul(Value::from_int(k), from_fp32_bits(scale_bits)));
}

}  // namespace qmac::golden
