#include "models/energy/energy_table.hpp"

#include <string_view>

namespace qmac::models {

double EnergyBreakdown::total_pj() const {
  double t = 0;
  for (double x : pj) t += x;
  return t;
}

EnergyBreakdown energy_of(const Counters& c, const EnergyTable& t) {
  EnergyBreakdown e;
  const auto& fields = counter_fields();
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (t.component[i] >= 0) e.pj[static_cast<std::size_t>(t.component[i])] += static_cast<double>(fields[i].of(c)) * t.pj[i];
  return e;
}

namespace {

std::size_t component(const char* name) {
  for (std::size_t i = 0; i < kEnergyComponents.size(); ++i)
    if (std::string_view(kEnergyComponents[i]) == name) return i;
  return kEnergyComponents.size();
}

}  // namespace

EnergyBreakdown activity_energy_of(const Counters& c, const Activity& a, const EnergyTable& t) {
  EnergyBreakdown e = energy_of(c, t);
  if (!a.measured) return e;
  const double ref = t.reference_toggle_rate;
  const auto d = [](std::uint64_t x) { return static_cast<double>(x); };
  const double operand_bits = d(c.operand_reg_updates) * t.a_bits + d(c.stationary_loads) * t.b_bits;
  const double operand_rate = operand_bits > 0 ? d(a.operand_toggles + a.stationary_toggles) / operand_bits : 0;
  e.pj[component("mac")] *= operand_rate / ref;
  e.pj[component("registers")] = d(a.operand_toggles + a.stationary_toggles + a.psum_toggles) * t.register_bit_pj / ref;
  const auto sram = [&](const char* name, const SramCounters& s, std::uint64_t toggles, double bit_pj) {
    const double rate = s.read_bits > 0 ? d(toggles) / d(s.read_bits) : 0;
    e.pj[component(name)] = d(s.read_bits) * bit_pj * rate / ref + d(s.write_bits) * bit_pj;
  };
  sram("input_sram", c.input_sram, a.input_sram_toggles, t.input_sram_bit_pj);
  sram("weight_sram", c.weight_sram, a.weight_sram_toggles, t.weight_sram_bit_pj);
  return e;
}

}  // namespace qmac::models
