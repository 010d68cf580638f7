// Seeded random operands for `qmac run --mode cycle` and the model tests,
// as golden::pe tokens laid out as the DRAM model holds them: every code of
// an element format is equally likely; block scales lie within 2^+-4 of 1
// and are shared by the block; DialectFP4 weights are Gaussian values
// through golden's quantizer, and online-quantized activations are Gaussian
// FP16/BF16 values. Same seed, same operands.
#pragma once

#include <cstdint>

#include "models/accelerator.hpp"
#include "models/arch_spec.hpp"

namespace qmac::sim {

models::LayerOperands random_operands(const models::ArchSpec& arch, const models::GemmLayer& layer, std::uint64_t seed);

}  // namespace qmac::sim
