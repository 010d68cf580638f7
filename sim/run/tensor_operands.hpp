// Real operands for cycle mode (`qmac run --inputs`): a layer's A (M x K) and
// B (K x N) as FP32 values, quantized the way the architecture takes them and
// laid out as golden::pe tokens, as random_operands() lays out its own:
//   A through the online quantizer: the FP16/BF16 codes it reads from DRAM;
//   DialectFP4: golden's two-stage quantizer, per block along K;
//   MX formats: golden's MxBlockQuantizer (OCP scale rule, RNE), per block;
//   integers: golden's symmetric quantizer, one scale per row of A / column of B;
//   FP8, posits: the format's own rounding (RNE, saturating).
// K beyond the tensors' (padding to the block) is zeros.
#pragma once

#include <cstdint>
#include <vector>

#include "models/accelerator.hpp"
#include "models/arch_spec.hpp"

namespace qmac::sim {

// `a`: M x k FP32 bit patterns, `b`: k x N, for the layer `padded` (K >= k).
models::LayerOperands operands_from_values(const models::ArchSpec& arch, const models::GemmLayer& padded, std::int64_t k,
                                           const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);

}  // namespace qmac::sim
