// The online activation quantizer in RTL (rtl/quant/act_quantizer.sv,
// Verilated with blocks of 32) where golden's stands: RtlActQuantizer feeds a
// block one value per cycle and collects its codes, checking the unit's
// latency against the one docs/timing.md's model charges (unit_timing's
// quantizer_latency). LockstepQuantizer runs golden's and the RTL's on every
// block, compares the codes, scale and dialect, and passes golden's on.
// No Verilated header here: SystemC code includes this.
#pragma once

#include <cstdint>
#include <memory>

#include "golden/block/block_quantizer.hpp"
#include "models/array/fold_plan.hpp"
#include "sim/cosim/lockstep_stats.hpp"

namespace qmac::cosim {

class RtlActQuantizer final : public golden::OnlineBlockQuantizer {
 public:
  // bf16: the BF16 build (else FP16); mx: the unit's MX mode (else two-stage
  // BlockDialect); latency: what the model charges, which the unit must meet.
  RtlActQuantizer(bool bf16, bool mx, int latency);
  ~RtlActQuantizer() override;
  // Throws std::logic_error if the unit breaks its protocol or its latency.
  golden::DialectBlockMeta quantize(std::span<const std::uint16_t> raw, std::span<std::uint8_t> codes) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class LockstepQuantizer final : public golden::OnlineBlockQuantizer {
 public:
  LockstepQuantizer(const models::FoldPlan& plan, LockstepStats* stats);
  golden::DialectBlockMeta quantize(std::span<const std::uint16_t> raw, std::span<std::uint8_t> codes) override;

 private:
  const models::FoldPlan& plan_;
  golden::GoldenOnlineQuantizer golden_;
  RtlActQuantizer rtl_;
  LockstepStats* stats_;
  std::uint64_t block_ = 0;
  bool failed_ = false;
};

// The RTL quantizer for a plan whose activations are quantized online
// (nullptr otherwise); throws std::invalid_argument if none is built for it.
std::unique_ptr<RtlActQuantizer> make_rtl_quantizer(const models::FoldPlan& plan);

}  // namespace qmac::cosim
