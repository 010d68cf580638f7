// IntGroupQuantizer: symmetric per-group (or per-channel: group = row length)
// INT8/INT4 quantization, the common LLM baseline.
//   scale = RNE_fp32(absmax / qmax)      qmax = 127 (INT8) or 7 (INT4);
//                                         an FP32 scale, rounded once, never
//                                         below FP32's smallest subnormal
//   k_i   = clamp(RNE(x_i / scale), -qmax, qmax)   (exact quotient, one rounding)
//   dequantized = RNE_fp32(k_i * scale)
// An all-zero group has scale 0 and codes 0. NaN/Inf inputs give a NaN scale.
#pragma once

#include <cstdint>
#include <span>

namespace qmac::golden {

class IntGroupQuantizer {
 public:
  IntGroupQuantizer(int bits, int group);
  int bits() const { return bits_; }
  int group() const { return group_; }
  std::int64_t qmax() const { return (std::int64_t{1} << (bits_ - 1)) - 1; }
  // Returns the FP32 scale bits; writes one two's complement code per input.
  std::uint32_t quantize(std::span<const std::uint32_t> in, std::span<std::uint8_t> codes) const;
  std::uint32_t dequantize_fp32(std::uint32_t scale_bits, std::uint8_t code) const;

 private:
  int bits_;
  int group_;
};

}  // namespace qmac::golden
