#include "sim/cosim/rtl_quantizer.hpp"

#include "golden/mac/online_activation.hpp"

#include <cstdio>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "Vact_quantizer_bf16.h"
#include "Vact_quantizer_fp16.h"
#include "golden/formats/registry.hpp"
#include "models/timing/unit_timing.hpp"
#include "sim/cosim/owned_model.hpp"
#include "sim/unitcheck/clocked.hpp"

namespace qmac::cosim {
namespace {

constexpr int kBlock = 32;  // the act_quantizer builds' BlockLen

// One of the two Verilated builds behind a common face.
struct Unit {
  virtual ~Unit() = default;
  virtual void set(bool valid, std::uint16_t data, bool mx) = 0;
  virtual void clock() = 0;
  virtual bool valid() const = 0;
  virtual bool first() const = 0;
  virtual std::uint8_t code() const = 0;
  virtual std::uint8_t scale() const = 0;
  virtual std::uint8_t dialect() const = 0;
};

template <class V>
struct UnitOf final : Unit {
  OwnedModel<V> owned;
  V& v = *owned;
  UnitOf() {
    v.in_valid_i = 0;
    unitcheck::reset_with_falling_edge(v);
  }
  void set(bool valid, std::uint16_t data, bool mx) override {
    v.in_valid_i = valid;
    v.in_data_i = data;
    v.mx_mode_i = mx;
  }
  void clock() override {
    v.clk_i = 0;
    v.eval();
    v.clk_i = 1;
    v.eval();
  }
  bool valid() const override { return v.out_valid_o; }
  bool first() const override { return v.out_first_o; }
  std::uint8_t code() const override { return v.out_code_o; }
  std::uint8_t scale() const override { return v.out_scale_o; }
  std::uint8_t dialect() const override { return v.out_dialect_o; }
};

std::string hex_codes(std::span<const std::uint8_t> c) {
  std::string s;
  for (auto x : c) s += "0123456789abcdef"[x & 15];
  return s;
}

}  // namespace

struct RtlActQuantizer::Impl {
  std::unique_ptr<Unit> unit;
  bool mx = false;
  int latency = 2;
};

RtlActQuantizer::RtlActQuantizer(bool bf16, bool mx, int latency) : impl_(std::make_unique<Impl>()) {
  if (bf16) impl_->unit = std::make_unique<UnitOf<Vact_quantizer_bf16>>();
  else impl_->unit = std::make_unique<UnitOf<Vact_quantizer_fp16>>();
  impl_->mx = mx;
  impl_->latency = latency;
  if (impl_->unit->valid()) throw std::logic_error("act_quantizer emits a code out of reset");
}

RtlActQuantizer::~RtlActQuantizer() = default;

golden::DialectBlockMeta RtlActQuantizer::quantize(std::span<const std::uint16_t> raw, std::span<std::uint8_t> codes) {
  if (raw.size() != kBlock || codes.size() != kBlock)
    throw std::invalid_argument("the RTL act_quantizer is built for blocks of " + std::to_string(kBlock));
  Unit& u = *impl_->unit;
  for (int i = 0; i < kBlock; ++i) {
    u.set(true, raw[static_cast<std::size_t>(i)], impl_->mx);
    u.clock();
    if (u.valid()) throw std::logic_error("act_quantizer emitted a code before its block's last value");
  }
  u.set(false, 0, impl_->mx);
  // Latency L, counted like the MACs' 1: the first code is visible L - 1
  // clocks after the clock that took the last value (rtl/quant/act_quantizer.sv).
  int waited = 0;
  while (!u.valid()) {
    if (++waited > 4 * kBlock) throw std::logic_error("act_quantizer emitted no code for a block");
    u.clock();
  }
  if (waited + 1 != impl_->latency)
    throw std::logic_error("act_quantizer's first code came " + std::to_string(waited + 1) +
                           " cycles after the block's last value; the model charges " + std::to_string(impl_->latency) +
                           " (docs/timing.md)");
  if (!u.first()) throw std::logic_error("act_quantizer's first code of a block is not marked first");
  golden::DialectBlockMeta m{u.scale(), u.dialect()};
  for (int i = 0; i < kBlock; ++i) {
    if (i > 0) {
      u.clock();
      // One code per cycle, the metadata held for the whole block.
      if (!u.valid() || u.first()) throw std::logic_error("act_quantizer's codes of a block are not back to back");
      if (golden::DialectBlockMeta{u.scale(), u.dialect()} != m)
        throw std::logic_error("act_quantizer changed a block's scale or dialect mid-block");
    }
    codes[static_cast<std::size_t>(i)] = u.code();
  }
  u.clock();
  if (u.valid()) throw std::logic_error("act_quantizer emitted more codes than a block has");
  return m;
}

LockstepQuantizer::LockstepQuantizer(const models::FoldPlan& plan, LockstepStats* stats)
    : plan_(plan),
      golden_(plan.arch().activation_format(), plan.block(), *golden::online_mode(plan.arch().mac)),
      rtl_(plan.arch().activation_input == golden::ActivationInput::Bf16, golden::online_mode(plan.arch().mac) == golden::DialectSelect::Mx,
           models::unit_timing(plan.arch().mac).quantizer_latency),
      stats_(stats) {}

golden::DialectBlockMeta LockstepQuantizer::quantize(std::span<const std::uint16_t> raw, std::span<std::uint8_t> codes) {
  const golden::DialectBlockMeta want = golden_.quantize(raw, codes);
  ++block_;
  // Comparison stops at the first disagreement of the run, as the array's does.
  if (failed_ || (stats_ && !stats_->quantizer_mismatch.empty())) return want;
  std::vector<std::uint8_t> got_codes(codes.size());
  std::string why;
  golden::DialectBlockMeta got;
  try {
    got = rtl_.quantize(raw, got_codes);
    if (got != want || !std::equal(got_codes.begin(), got_codes.end(), codes.begin())) {
      std::ostringstream o;
      char buf[64];
      std::snprintf(buf, sizeof buf, "scale 0x%02x dialect %d", want.scale, want.dialect);
      o << "golden " << buf << " codes " << hex_codes(codes);
      std::snprintf(buf, sizeof buf, "scale 0x%02x dialect %d", got.scale, got.dialect);
      o << ", RTL " << buf << " codes " << hex_codes(got_codes);
      why = o.str();
    }
  } catch (const std::logic_error& e) {
    why = e.what();
  }
  if (!stats_) return want;
  ++stats_->quantizer_blocks;
  if (why.empty()) {
    ++stats_->quantizer_agreed;
    return want;
  }
  failed_ = true;
  std::ostringstream o;
  o << "layer '" << plan_.layer().name << "' online quantizer block " << block_ << " (input";
  for (auto x : raw) {
    char buf[8];
    std::snprintf(buf, sizeof buf, " %04x", x);
    o << buf;
  }
  o << "): " << why;
  stats_->quantizer_mismatch = o.str();
  if (stats_->first_mismatch.empty()) {
    stats_->first_mismatch = stats_->quantizer_mismatch;
    stats_->mismatch_layer = plan_.layer().name;
    stats_->mismatch_line = plan_.layer().line;
    stats_->mismatch_cycle = 0;
  }
  return want;
}

std::unique_ptr<RtlActQuantizer> make_rtl_quantizer(const models::FoldPlan& plan) {
  if (!plan.online_quantizer()) return nullptr;
  if (plan.block() != kBlock)
    throw std::invalid_argument("the RTL act_quantizer is built for blocks of " + std::to_string(kBlock) + ", not " +
                                std::to_string(plan.block()));
  return std::make_unique<RtlActQuantizer>(plan.arch().activation_input == golden::ActivationInput::Bf16,
                                           golden::online_mode(plan.arch().mac) == golden::DialectSelect::Mx,
                                           models::unit_timing(plan.arch().mac).quantizer_latency);
}

}  // namespace qmac::cosim
