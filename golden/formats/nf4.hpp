// NF4, the QLoRA 4-bit NormalFloat (arXiv 2305.14314), exactly as bitsandbytes
// implements it (csrc/kernels.cu dQuantizeNF4 / dDequantizeNF4; formats.md §5).
// Codes 0..15 index an asymmetric table of FP32 constants in [-1, 1] built
// from normal quantiles: 7 negative values, 0 (code 7) and 8 positive values.
// A scalar NF4 value is relative to its block's absmax (see block/nf4_block).
//
// Encode follows the kernel's decision tree: code = number of midpoint
// thresholds strictly below y (ties go to the lower code), the thresholds
// being the kernel's FP32 literals; comparisons are exact. NaN compares false
// everywhere in that tree, so it lands on code 0 (-1.0); golden also raises
// the invalid flag.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "golden/formats/minifloat.hpp"
#include "golden/formats/rounding.hpp"
#include "golden/formats/value.hpp"

namespace qmac::golden {

struct Nf4 {
  static constexpr int kBits = 4;
  // bitsandbytes functional.py get_4bit_type("nf4"), as FP32.
  static constexpr std::array<float, 16> kTable = {
      -1.0f, -0.6961928009986877f, -0.5250730514526367f, -0.39491748809814453f,
      -0.28444138169288635f, -0.18477343022823334f, -0.09105003625154495f, 0.0f,
      0.07958029955625534f, 0.16093020141124725f, 0.24611230194568634f, 0.33791524171829224f,
      0.44070982933044434f, 0.5626170039176941f, 0.7229568362236023f, 1.0f};
  // The kernel's thresholds (midpoints), ascending.
  static constexpr std::array<float, 15> kThresholds = {
      -0.8480964004993439f, -0.6106329262256622f, -0.4599952697753906f, -0.33967943489551544f,
      -0.23460740596055984f, -0.13791173323988914f, -0.045525018125772476f, 0.03979014977812767f,
      0.1202552504837513f, 0.2035212516784668f, 0.2920137718319893f, 0.3893125355243683f,
      0.5016634166240692f, 0.6427869200706482f, 0.8614784181118011f};

  static constexpr std::array<Value, 15> kThresholdValues = [] {
    std::array<Value, 15> v{};
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = from_fp32_bits(std::bit_cast<std::uint32_t>(kThresholds[i]));
    return v;
  }();

  static constexpr std::uint32_t table_bits(std::uint64_t code) {
    return std::bit_cast<std::uint32_t>(kTable[code & 0xF]);
  }
  static constexpr Value decode(std::uint64_t code) { return from_fp32_bits(table_bits(code)); }
  static constexpr Value max_finite() { return decode(15); }
  static constexpr Value min_subnormal() { return decode(8); }

  static constexpr std::uint64_t encode(const Value& y, Rounding = Rounding::NearestEven,
                                        Overflow = Overflow::Saturate, Flags* flags = nullptr) {
    if (y.is_nan()) {
      if (flags) flags->invalid = true;
      return 0;
    }
    // Binary search: code = number of thresholds strictly below y.
    std::uint64_t lo = 0, hi = kThresholds.size();
    while (lo < hi) {
      const std::uint64_t mid = (lo + hi) / 2;
      if (compare(y, kThresholdValues[mid]) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  // The kernel's encode on an FP32 input, as a float decision (used on hot paths;
  // comparisons are exact, so this equals encode(from_fp32_bits(x))).
  static std::uint64_t encode_float(float y) {
    std::uint64_t code = 0;
    for (float t : kThresholds) code += (y > t) ? 1u : 0u;
    return code;
  }
};

}  // namespace qmac::golden
