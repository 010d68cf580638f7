#include "models/counters.hpp"

#include <array>
#include <stdexcept>

namespace qmac::models {
namespace {

using U = std::uint64_t;
constexpr std::array<U Counters::*, 14> kFields = {
    &Counters::compute_cycles,   &Counters::stall_cycles,     &Counters::total_cycles,        &Counters::folds,
    &Counters::macs,             &Counters::idle_pe_cycles,   &Counters::stationary_loads,    &Counters::operand_reg_updates,
    &Counters::psum_reg_updates, &Counters::scale_unit_ops,   &Counters::quantizer_blocks,    &Counters::quantizer_values,
    &Counters::dram_read_bytes,  &Counters::dram_write_bytes};
constexpr std::array<SramCounters Counters::*, 3> kSrams = {&Counters::input_sram, &Counters::weight_sram, &Counters::output_sram};
constexpr std::array<U SramCounters::*, 4> kSramFields = {&SramCounters::read_words, &SramCounters::read_bits,
                                                          &SramCounters::write_words, &SramCounters::write_bits};

// Every counter of `r` becomes op(counter, counter of o); op reports overflow.
template <class Op>
void each(Counters& r, const Counters& o, Op op) {
  for (auto f : kFields) op(r.*f, o.*f);
  for (auto s : kSrams)
    for (auto f : kSramFields) op((r.*s).*f, (o.*s).*f);
}

}  // namespace

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
