// What a format costs on an architecture running a workload: the figures
// `qmac run` reports for the same architecture, workload and MAC kind.
// explore asks a CostModel for each W:A pair; qmac's run library provides
// one (sim/cli/explore_cost.hpp), so explore itself needs no simulator.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace qmac::explore {

struct SchemePair;

struct FormatCost {
  std::string mac;      // the MAC kind costed
  std::string missing;  // why the pair is not costed ("" when it is)
  std::uint64_t cycles = 0;
  double seconds = 0, energy_pj = 0, pj_per_mac = 0, tops_per_w = 0, area_um2 = 0, logic_um2 = 0, dram_share = 0;
  bool costed() const { return missing.empty(); }
};

using CostModel = std::function<FormatCost(const SchemePair&)>;
// Built from the architecture and workload files (throws std::runtime_error naming a bad file).
using CostModelFactory = std::function<CostModel(const std::string& arch_file, const std::string& workload_file)>;

}  // namespace qmac::explore
