// EnergyTable: what one count of each counter costs on an architecture
// (its MAC kind, its SRAMs, its technology node), and the component it is
// charged to. sim/config builds it from configs/tech/<node>.yaml; the report
// multiplies it with the counters. Indexed like models::counter_fields(), so a
// new counter is costed by giving it a row there and an entry here.
#pragma once

#include <array>
#include <string>
#include <vector>

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
};

struct EnergyBreakdown {
  std::array<double, kEnergyComponents.size()> pj{};
  double total_pj() const;
};

EnergyBreakdown energy_of(const Counters& c, const EnergyTable& t);

}  // namespace qmac::models
