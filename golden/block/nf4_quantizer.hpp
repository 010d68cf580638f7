// Nf4BlockQuantizer: per-block absmax NF4 exactly as bitsandbytes'
// quantize_4bit / kQuantizeBlockwise + dQuantizeNF4 (formats.md §5, §6.8):
//   absmax = max |x| (FP32), r = 1.0f / absmax (FP32 division),
//   y = x * r (FP32 multiply), code = Nf4::encode(y) (strict '>' thresholds),
//   dequantized = Nf4 table[code] * absmax (FP32 multiply).
// The kernel's arithmetic *is* FP32 arithmetic, so this one quantizer uses
// IEEE binary32 operations (correctly rounded, RNE; no fast-math) on purpose.
// An all-zero block has r = Inf and y = NaN, which the kernel's tree sends to
// code 0, dequantizing to -1.0f * 0.0f = -0.0f; golden reproduces that.
// Double quantization of the absmax values is not implemented yet.
#pragma once

#include <cstdint>
#include <span>

namespace qmac::golden {

class Nf4BlockQuantizer {
 public:
  static constexpr int kDefaultBlock = 64;
  explicit Nf4BlockQuantizer(int block = kDefaultBlock);
  int block() const { return block_; }
  // Returns the block's absmax as FP32 bits and writes one code per input.
  std::uint32_t quantize(std::span<const std::uint32_t> in, std::span<std::uint8_t> codes) const;
  static std::uint32_t dequantize_fp32(std::uint32_t absmax_bits, std::uint8_t code);

 private:
  int block_;
};

}  // namespace qmac::golden
