// EnergyTable: what one count of each counter costs on an architecture
// (its MAC kind, its SRAMs, its technology node), and the component it is
// charged to. sim/config builds it from configs/tech/<node>.yaml; the report
// multiplies it with the counters. Indexed like models::counter_fields(), so a
// new counter is costed by giving it a row there and an entry here.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "models/activity.hpp"
#include "models/counters.hpp"

namespace qmac::models {

// The components energy is reported by, in report order.
inline constexpr std::array<const char*, 8> kEnergyComponents = {"mac",        "registers",   "scale_unit", "quantizer",
                                                                 "input_sram", "weight_sram", "output_sram", "dram"};

struct EnergyTable {
  std::string node;      // "45nm"
  std::string file;      // where it came from
  std::array<double, kCounterCount> pj{};  // per count
  std::array<int, kCounterCount> component{};  // index into kEnergyComponents, -1: none
  std::vector<std::string> sources;  // "what: value (source)", for the report
  // For the energy with measured switching activity: the toggle rate the
  // table's per-action numbers stand for, and what the actions are made of.
  double reference_toggle_rate = 0.5;
  double register_bit_pj = 0, input_sram_bit_pj = 0, weight_sram_bit_pj = 0;
  int a_bits = 8, b_bits = 8;  // the operand registers' widths the table charges
};

struct EnergyBreakdown {
  std::array<double, kEnergyComponents.size()> pj{};
  double total_pj() const;
};

EnergyBreakdown energy_of(const Counters& c, const EnergyTable& t);

// The same with dynamic energy scaled by the switching activity measured in
// cycle mode (models/activity.hpp), where the table's numbers stand for the
// reference toggle rate: register energy per toggled bit (register_bit_pj /
// reference rate); MAC energy x the operand registers' toggle rate /
// reference; SRAM read energy x the read port's toggle rate / reference.
// Writes, scale units, the quantizer, the output SRAM and DRAM keep their
// table energy. Without a measurement, the table's energy.
EnergyBreakdown activity_energy_of(const Counters& c, const Activity& a, const EnergyTable& t);

}  // namespace qmac::models
