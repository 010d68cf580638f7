// MxBlockQuantizer: OCP MX v1.0 block quantization (formats.md §2.2, §6.3).
//
// One block of k values (default 32; any power of two 8..256) becomes one E8M0
// scale X and k element codes P_i with value 2^x * P_i:
//   amax NaN or Inf -> X = 0xFF, every P_i = 0        (the block decodes NaN)
//   amax == 0        -> X = 0x00, every P_i = +0
//   OcpFloor: x = floor(log2 amax) - emax_elem        (the spec's example)
//   Ceil:     x = ceil(log2(amax / elem_max))         (NVIDIA TransformerEngine; never saturates)
//   x clamped to [-127, 127]; P_i = round(V_i / 2^x) with RNE (or ties away,
//   microxcaling's "nearest"), always saturating to +-elem max.
// V_i / 2^x is exact, so each element is rounded once, on integers.
#pragma once

#include <cstdint>
#include <span>

#include "golden/formats/registry.hpp"

namespace qmac::golden {

enum class ScaleRule : std::uint8_t { OcpFloor, Ceil };

struct MxConfig {
  int block = 32;
  Rounding rounding = Rounding::NearestEven;
  ScaleRule scale_rule = ScaleRule::OcpFloor;
};

bool valid_block_size(int k);  // power of two, 8..256

class MxBlockQuantizer {
 public:
  // `format` is a block format (mxfp8_e4m3 ... mxint8); throws otherwise.
  MxBlockQuantizer(const Format& format, MxConfig cfg = {});

  const Format& format() const { return *format_; }
  const Format& element() const { return *element_; }
  const MxConfig& config() const { return cfg_; }
  // Quantizes one block of FP32 bit patterns (in.size() == block); returns the
  // E8M0 scale byte and writes one element code per input.
  std::uint8_t quantize(std::span<const std::uint32_t> in, std::span<std::uint8_t> codes) const;
  // The scale byte alone (the first half of quantize).
  std::uint8_t scale_of(std::span<const std::uint32_t> in) const;
  // Dequantized value of one element: 2^(X-127) * P, exactly (NaN if X = 0xFF).
  Value element_value(std::uint8_t scale, std::uint8_t code) const;
  // ... rounded to FP32 (RNE; exact unless it falls below FP32's subnormals).
  std::uint32_t dequantize_fp32(std::uint8_t scale, std::uint8_t code) const;

 private:
  const Format* format_;
  const Format* element_;
  MxConfig cfg_;
  using EncodeFn = void (*)(std::span<const std::uint32_t>, int x, Rounding, std::span<std::uint8_t>);
  EncodeFn encode_block_;
};

}  // namespace qmac::golden
