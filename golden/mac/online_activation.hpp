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
