#include "golden/block/tensor_scale_quantizer.hpp"

#include <algorithm>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

int TensorScaleQuantizer::scale_exponent(std::span<const std::uint32_t> in) const {
  std::uint32_t amax = 0;
  for (std::uint32_t b : in) amax = std::max(amax, b & 0x7FFFFFFFu);
  if (amax == 0) return 0;
  return std::clamp(from_fp32_bits(amax).log2_floor() - element_->max_finite.log2_floor(), -127, 127);
}

std::uint64_t TensorScaleQuantizer::encode(std::uint32_t fp32, int x) const {
  return element_->encode(scale_pow2(from_fp32_bits(fp32), -x), Rounding::NearestEven, Overflow::Saturate, nullptr);
}

Value TensorScaleQuantizer::value(std::uint64_t code, int x) const { return scale_pow2(element_->decode(code), x); }

Value TensorScaleQuantizer::limit(int x) const { return scale_pow2(element_->max_finite, x); }

}  // namespace qmac::golden
