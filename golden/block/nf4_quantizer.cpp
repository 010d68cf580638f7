#include "golden/block/nf4_quantizer.hpp"

#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include "golden/formats/nf4.hpp"

namespace qmac::golden {

Nf4BlockQuantizer::Nf4BlockQuantizer(int block) : block_(block) {
  // bitsandbytes allows 32..4096 (powers of two).
  if (block < 32 || block > 4096 || !std::has_single_bit(static_cast<unsigned>(block)))
    throw std::invalid_argument("NF4 block size " + std::to_string(block) + " is not a power of two in 32..4096");
}

std::uint32_t Nf4BlockQuantizer::quantize(std::span<const std::uint32_t> in, std::span<std::uint8_t> codes) const {
  if (in.size() != static_cast<std::size_t>(block_) || codes.size() != in.size())
    throw std::invalid_argument("NF4 block: expected " + std::to_string(block_) + " values");
  float absmax = 0.0f;
  for (std::uint32_t b : in) absmax = std::fmax(absmax, std::fabs(std::bit_cast<float>(b)));
  const float r = 1.0f / absmax;
  for (std::size_t i = 0; i < in.size(); ++i)
    codes[i] = static_cast<std::uint8_t>(Nf4::encode_float(std::bit_cast<float>(in[i]) * r));
  return std::bit_cast<std::uint32_t>(absmax);
}

std::uint32_t Nf4BlockQuantizer::dequantize_fp32(std::uint32_t absmax_bits, std::uint8_t code) {
  return std::bit_cast<std::uint32_t>(Nf4::kTable[code & 0xF] * std::bit_cast<float>(absmax_bits));
}

}  // namespace qmac::golden
