// Holding a layer's simulated outputs against golden's GEMM: the operands as
// the DRAM model holds them (golden::pe tokens) become golden operands, the
// activations pass the same online quantizer when the array has one, and
// golden multiplies them in the array's accumulation order (FP32 per-product
// kinds: one chunk per K-fold in WS/IS; every other kind is exact or scaled
// per block, order-free). Used by cycle and rtl mode, and by the model tests.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "golden/gemm/gemm.hpp"
#include "models/accelerator.hpp"
#include "models/arch_spec.hpp"

namespace qmac::sim {

struct GoldenCheck {
  std::uint64_t compared = 0, matched = 0;
  std::string first_mismatch;  // "C[i][j]: golden 0x.., simulated 0x.."
};

golden::GemmOperand to_golden(const models::ArchSpec& arch, const std::vector<std::uint32_t>& tokens, std::int64_t rows,
                              std::int64_t cols, bool a_side);
// The A tokens after the online quantizer (what golden multiplies); `raw` unchanged without one.
std::vector<std::uint32_t> quantized_a(const models::ArchSpec& arch, const models::GemmLayer& L,
                                       const std::vector<std::uint32_t>& raw);
// The golden GEMM spec in the array's accumulation order.
golden::GemmSpec golden_spec_for(const models::ArchSpec& arch);

GoldenCheck check_against_golden(const models::ArchSpec& arch, const models::GemmLayer& L, const models::LayerOperands& ops,
                                 const std::vector<std::uint64_t>& c);

}  // namespace qmac::sim
