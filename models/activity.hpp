// Activity: bit toggles of the data that flows through the array, counted in
// cycle mode from the values actually there. A PE register write counts the
// bits that differ from what the register held (clock-gated registers keep
// their value); an SRAM read counts the bits that differ from what the read
// port's lane carried last. Fast mode sees no data: `measured` stays false.
// Dynamic energy scales with these counts (models/energy/energy_table.hpp).
#pragma once

#include <cstdint>

namespace qmac::models {

struct Activity {
  bool measured = false;
  std::uint64_t operand_toggles = 0;     // streaming operand registers (OS: both operands)
  std::uint64_t stationary_toggles = 0;  // stationary operand registers (WS/IS)
  std::uint64_t psum_toggles = 0;        // partial-sum registers, over acc_bits
  std::uint64_t input_sram_toggles = 0;  // input SRAM read port, over the elements' bits
  std::uint64_t weight_sram_toggles = 0; // weight SRAM read port

  Activity& operator+=(const Activity& o) {
    measured = measured || o.measured;
    operand_toggles += o.operand_toggles;
    stationary_toggles += o.stationary_toggles;
    psum_toggles += o.psum_toggles;
    input_sram_toggles += o.input_sram_toggles;
    weight_sram_toggles += o.weight_sram_toggles;
    return *this;
  }
  // Repeats of one GEMM see the same data.
  Activity scaled(std::uint64_t times) const {
    Activity a = *this;
    for (auto* x : {&a.operand_toggles, &a.stationary_toggles, &a.psum_toggles, &a.input_sram_toggles, &a.weight_sram_toggles})
      *x *= times;
    return a;
  }
};

}  // namespace qmac::models
