// How the online activation quantizer feeds a MAC kind's A side: the mode it
// runs in (DialectFP4's two-stage dialect choice, or OCP MXFP4: the RTL
// act_quantizer's mx_mode_i) and the token the array takes for each value.
// One place, used by the DMA, the golden check and the RTL lockstep.
#pragma once

#include <cstdint>
#include <optional>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/mac/mac_kind.hpp"
#include "golden/mac/pe_arith.hpp"

namespace qmac::golden {

// What the A side arrives as (the architecture's mac.activation_format,
// resolved once by sim/config): the MAC kind's codes, pre-quantized in DRAM,
// or FP16/BF16 values that the online quantizer takes.
enum class ActivationInput : std::uint8_t { Prequantized, Fp16, Bf16 };

// "none", "fp16", "bf16": as the architecture file spells it.
inline const char* activation_input_name(ActivationInput a) {
  switch (a) {
    case ActivationInput::Prequantized: return "none";
    case ActivationInput::Fp16: return "fp16";
    case ActivationInput::Bf16: return "bf16";
  }
  return "?";
}

// The format of the values the online quantizer takes; FP16 or BF16.
inline const Format& activation_input_format(ActivationInput a) {
  return find_format(a == ActivationInput::Bf16 ? "bf16" : "fp16");
}

// nullopt: the kind takes its activations pre-quantized only.
inline std::optional<DialectSelect> online_mode(const MacKind& mac) {
  if (mac.is_dialect()) return DialectSelect::TwoStage;
  if (mac.family == MacFamily::MxBlock && mac.a->name == "mxfp4" && mac.block == 32) return DialectSelect::Mx;
  return std::nullopt;
}

// The A token of one quantized value: a DialectFP4 element carries its block's dialect.
inline std::uint32_t online_token(const MacKind& mac, const DialectBlockMeta& m, std::uint8_t code) {
  return mac.is_dialect() ? pe::dialect_token(m.dialect, code, m.scale) : pe::token(code, m.scale);
}

}  // namespace qmac::golden
