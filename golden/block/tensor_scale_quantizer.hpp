// TensorScaleQuantizer: one power-of-two scale for a whole tensor, elements
// in a scalar format (FP8/FP6/FP4 "per-tensor" quantization). The scale
// follows the OCP MX floor rule applied to the tensor max:
//   x = clamp(floor(log2 amax) - floor(log2 elem_max), -127, 127)   (0 if amax = 0)
//   code_i = encode(v_i / 2^x), RNE, saturating;  value_i = decode(code_i) * 2^x
// A power of two keeps the scaling exact (no second rounding); it differs
// from TransformerEngine's FP32 amax/448 scale by design.
#pragma once

#include <cstdint>
#include <span>

#include "golden/formats/registry.hpp"

namespace qmac::golden {

class TensorScaleQuantizer {
 public:
  explicit TensorScaleQuantizer(const Format& element) : element_(&element) {}
  // The scale exponent x for these FP32 values.
  int scale_exponent(std::span<const std::uint32_t> in) const;
  std::uint64_t encode(std::uint32_t fp32, int x) const;
  Value value(std::uint64_t code, int x) const;
  // The largest magnitude the scaled format holds: elem_max * 2^x.
  Value limit(int x) const;

 private:
  const Format* element_;
};

}  // namespace qmac::golden
