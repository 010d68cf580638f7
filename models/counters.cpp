#include "models/counters.hpp"

#include <initializer_list>

namespace qmac::models {

Counters& Counters::operator+=(const Counters& o) {
  compute_cycles += o.compute_cycles; stall_cycles += o.stall_cycles; total_cycles += o.total_cycles;
  folds += o.folds; macs += o.macs; idle_pe_cycles += o.idle_pe_cycles;
  stationary_loads += o.stationary_loads; operand_reg_updates += o.operand_reg_updates;
  psum_reg_updates += o.psum_reg_updates; scale_unit_ops += o.scale_unit_ops;
  quantizer_blocks += o.quantizer_blocks; quantizer_values += o.quantizer_values;
  input_sram += o.input_sram; weight_sram += o.weight_sram; output_sram += o.output_sram;
  dram_read_bytes += o.dram_read_bytes; dram_write_bytes += o.dram_write_bytes;
  return *this;
}

Counters Counters::scaled(std::uint64_t times) const {
  Counters r = *this;
  for (std::uint64_t* f : {&r.compute_cycles, &r.stall_cycles, &r.total_cycles, &r.folds, &r.macs, &r.idle_pe_cycles,
                           &r.stationary_loads, &r.operand_reg_updates, &r.psum_reg_updates, &r.scale_unit_ops,
                           &r.quantizer_blocks, &r.quantizer_values, &r.dram_read_bytes, &r.dram_write_bytes})
    *f *= times;
  for (SramCounters* s : {&r.input_sram, &r.weight_sram, &r.output_sram}) {
    s->read_words *= times; s->read_bits *= times; s->write_words *= times; s->write_bits *= times;
  }
  return r;
}

}  // namespace qmac::models
