// BlockDialectQuantizer: BlockDialect block quantization (formats.md §4.4-4.6,
// binding decisions §6.7), integer operations only, as the hardware does it.
//
// One block of k FP32 values (FP16/BF16 convert exactly) becomes
//   scale   E8M0 byte Es + 127, Es = floor(log2 amax) - 2 (clamped to -127..127)
//   dialect 0..15
//   codes   sign << 3 | idx, value (-1)^s * hu[dialect][idx] / 2 * 2^Es
// From the 5-bit truncated intermediate t_i = floor(|x_i| * 2^(2-Es)) (0..31):
//   TwoStage (activations, the default): stage 1 h = min(15, (max t + 1) >> 1),
//     pair p = 15 - h; stage 2 counts t in each member's beneficial range,
//     ties to the even member; elements round to nearest, ties to the larger.
//   Mse (weights, offline): the dialect of least squared error, computed
//     exactly on integers, ties to the lower id; elements as above.
//   Mx: the RTL quantizer's MX mode: the same Es as an E8M0 scale, elements
//     E2M1 (= dialect 7) rounded to nearest even and saturated (OCP MXFP4).
// An all-zero block: scale 0x00, dialect 7, codes 0. A block holding NaN or
// Inf: scale 0xFF (the block decodes NaN), dialect 7, codes 0.
#pragma once

#include <cstdint>
#include <span>

#include "golden/formats/value.hpp"

namespace qmac::golden {

enum class DialectSelect : std::uint8_t { TwoStage, Mse, Mx };

// Stage 2 when both members of the pair count the same elements (formats.md
// §4.1 (a), which the paper does not settle): Even, qmac's default and the
// RTL's; or OddUnlessEvenLarger, the reading the paper's Fig. 8 fits better.
enum class DialectTie : std::uint8_t { Even, OddUnlessEvenLarger };

struct DialectBlockMeta {
  std::uint8_t scale = 0;    // E8M0 byte
  std::uint8_t dialect = 7;  // 0..15
  bool operator==(const DialectBlockMeta&) const = default;
};

class BlockDialectQuantizer {
 public:
  explicit BlockDialectQuantizer(int block = 32, DialectSelect select = DialectSelect::TwoStage, DialectTie tie = DialectTie::Even);
  int block() const { return block_; }
  DialectSelect select() const { return select_; }

  // Quantizes one block of FP32 bit patterns; writes one 4-bit code per input.
  DialectBlockMeta quantize(std::span<const std::uint32_t> in, std::span<std::uint8_t> codes) const;
  // Element value 2^(Es-1) * (+-hu), exactly (NaN if the scale is 0xFF).
  static Value element_value(DialectBlockMeta m, std::uint8_t code);
  static std::uint32_t dequantize_fp32(DialectBlockMeta m, std::uint8_t code);

  // The pieces, exposed for the RTL testbench and the tests.
  // Block exponent Es (unclamped floor(log2 amax) - 2 then clamped), amax > 0.
  static int block_exponent(std::span<const std::uint32_t> in);
  // t = floor(|x| * 2^(2-Es)), the 5-bit intermediate.
  static unsigned quarter_units(std::uint32_t fp32, int es);
  // Stage 1 + 2 on the intermediates.
  static std::uint8_t two_stage_dialect(std::span<const unsigned> t, DialectTie tie = DialectTie::Even);
  // Exact least-squared-error dialect (ties to the lower id).
  static std::uint8_t mse_dialect(std::span<const std::uint32_t> in, int es);

 private:
  int block_;
  DialectSelect select_;
  DialectTie tie_;
};

// Exact dot product of two DialectFP4 blocks: the integer sum of signed
// half-unit products scaled by 2^(Es_a + Es_b - 2); NaN if a scale is 0xFF.
Value dialect_block_dot(DialectBlockMeta a, std::span<const std::uint8_t> codes_a, DialectBlockMeta b,
                        std::span<const std::uint8_t> codes_b);

}  // namespace qmac::golden
