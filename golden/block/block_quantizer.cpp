#include "golden/block/block_quantizer.hpp"

#include <stdexcept>

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

GoldenOnlineQuantizer::GoldenOnlineQuantizer(const Format& activation, int block, DialectSelect select)
    : act_(activation), q_(block, select), fp32_(static_cast<std::size_t>(block)) {}

DialectBlockMeta GoldenOnlineQuantizer::quantize(std::span<const std::uint16_t> raw, std::span<std::uint8_t> codes) {
  if (raw.size() != fp32_.size() || codes.size() != fp32_.size())
    throw std::invalid_argument("online quantizer: a block is " + std::to_string(fp32_.size()) + " values");
  // FP16 and BF16 convert to FP32 exactly.
  for (std::size_t i = 0; i < raw.size(); ++i) fp32_[i] = to_fp32_bits(act_.decode(raw[i]));
  return q_.quantize(fp32_, codes);
}

}  // namespace qmac::golden
