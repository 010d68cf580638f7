#include "models/counters.hpp"

#include <stdexcept>

namespace qmac::models {
namespace {

using U = std::uint64_t;
using K = CostedAs;

constexpr CounterField top(const char* name, K cost, const char* meaning, U Counters::* m) {
  return {"", name, cost, meaning, m, nullptr, nullptr};
}
constexpr CounterField mem(const char* group, const char* name, K cost, const char* meaning, SramCounters Counters::* s,
                           U SramCounters::* f) {
  return {group, name, cost, meaning, nullptr, s, f};
}

#define QMAC_SRAM(g, member)                                                                                 \
  mem(g, "read_words", K::Nothing, "words read", &Counters::member, &SramCounters::read_words),                 \
      mem(g, "read_bits", K::SramBit, "bits read (the formats' real widths)", &Counters::member, &SramCounters::read_bits), \
      mem(g, "write_words", K::Nothing, "words written", &Counters::member, &SramCounters::write_words),       \
      mem(g, "write_bits", K::SramBit, "bits written", &Counters::member, &SramCounters::write_bits)

const std::array<CounterField, kCounterCount> kFields = {
    top("compute_cycles", K::Nothing, "cycles the array works on folds", &Counters::compute_cycles),
    top("stall_cycles", K::Nothing, "cycles it waits for DRAM", &Counters::stall_cycles),
    top("total_cycles", K::Nothing, "end to end", &Counters::total_cycles),
    top("folds", K::Fold, "folds run", &Counters::folds),
    top("macs", K::Mac, "products with valid operands", &Counters::macs),
    top("idle_pe_cycles", K::Nothing, "R*C*compute - macs", &Counters::idle_pe_cycles),
    top("stationary_loads", K::StationaryWrite, "stationary operand register writes", &Counters::stationary_loads),
    top("operand_reg_updates", K::OperandWrite, "streaming operand register writes", &Counters::operand_reg_updates),
    top("psum_reg_updates", K::PsumWrite, "partial-sum and accumulator register writes", &Counters::psum_reg_updates),
    top("scale_unit_ops", K::ScaleOp, "block scalings at the edge (MX, DialectFP4) or in OS PEs", &Counters::scale_unit_ops),
    top("quantizer_blocks", K::QuantizerBlock, "blocks through the online activation quantizer", &Counters::quantizer_blocks),
    top("quantizer_values", K::QuantizerValue, "values through the online activation quantizer", &Counters::quantizer_values),
    QMAC_SRAM("input_sram", input_sram),
    QMAC_SRAM("weight_sram", weight_sram),
    QMAC_SRAM("output_sram", output_sram),
    top("dram_read_bytes", K::DramByte, "DRAM bytes read (scales and dialect ids included)", &Counters::dram_read_bytes),
    top("dram_write_bytes", K::DramByte, "DRAM bytes written", &Counters::dram_write_bytes),
    // Breakdowns of dram_read_bytes (costed there): SCALE-Sim's per-operand DRAM columns.
    top("dram_a_read_bytes", K::Nothing, "of dram_read_bytes: A tiles (activations)", &Counters::dram_a_read_bytes),
    top("dram_b_read_bytes", K::Nothing, "of dram_read_bytes: B tiles (weights)", &Counters::dram_b_read_bytes),
};
#undef QMAC_SRAM

// A member missing from the list would be silently dropped from reports and sums.
static_assert(sizeof(Counters) == kFields.size() * sizeof(U), "every Counters member needs its row in kFields");

// Every counter of `r` becomes op(counter, counter of o); op reports overflow.
template <class Op>
void each(Counters& r, const Counters& o, Op op) {
  for (const CounterField& f : kFields) op(f.of(r), f.of(o));
}

}  // namespace

const std::array<CounterField, kCounterCount>& counter_fields() { return kFields; }

std::string describe(const Counters& c) {
  std::string s;
  for (const CounterField& f : kFields) s += (s.empty() ? "" : " ") + f.flat_name() + " " + std::to_string(f.of(c));
  return s;
}

Counters& Counters::operator+=(const Counters& o) {
  each(*this, o, [](U& a, U b) {
    if (__builtin_add_overflow(a, b, &a)) throw std::overflow_error("a counter passed 2^64 when adding layers");
  });
  return *this;
}

Counters Counters::scaled(std::uint64_t times) const {
  Counters r = *this;
  each(r, r, [times](U& a, U) {
    if (__builtin_mul_overflow(a, times, &a)) throw std::overflow_error("a counter passed 2^64 when scaled by the repeat count");
  });
  return r;
}

}  // namespace qmac::models
