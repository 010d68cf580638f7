#include "models/energy/energy_table.hpp"

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

}  // namespace qmac::models
