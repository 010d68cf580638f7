// OnlineBlockQuantizer: the online activation quantizer as the accelerator
// uses it (architecture.md "online block quantizer"): one block of raw
// FP16/BF16 activation codes in, the block's 4-bit codes and its metadata
// (E8M0 scale, dialect id) out. GoldenOnlineQuantizer is golden's
// BlockDialectQuantizer behind it (TwoStage: BlockDialect; Mx: OCP MXFP4,
// the RTL unit's MX mode); a Verilated act_quantizer (sim/cosim) stands in
// its place, or beside it, in rtl mode.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/formats/registry.hpp"

namespace qmac::golden {

class OnlineBlockQuantizer {
 public:
  virtual ~OnlineBlockQuantizer() = default;
  // `raw` and `codes` hold one block each (block() values).
  virtual DialectBlockMeta quantize(std::span<const std::uint16_t> raw, std::span<std::uint8_t> codes) = 0;
};

class GoldenOnlineQuantizer final : public OnlineBlockQuantizer {
 public:
  // `activation`: the raw codes' format (fp16 or bf16).
  GoldenOnlineQuantizer(const Format& activation, int block, DialectSelect select);
  DialectBlockMeta quantize(std::span<const std::uint16_t> raw, std::span<std::uint8_t> codes) override;

 private:
  const Format& act_;
  BlockDialectQuantizer q_;
  std::vector<std::uint32_t> fp32_;
};

}  // namespace qmac::golden
