// The report of `qmac run`: a summary table per layer and in total, and
// report.json / report.csv (keys documented in the README). Counters come
// from the model or the fast model; nothing here simulates.
#pragma once

#include <ostream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/arch_spec.hpp"
#include "models/counters.hpp"
#include "models/area/area_units.hpp"
#include "models/energy/energy_table.hpp"

namespace qmac::report {

struct LayerReport {
  models::GemmLayer layer;    // as the workload gives it
  models::Counters counters;  // all repeats, padding included
  std::int64_t k_padding = 0;  // zeros appended along K to fill the last block
  models::Activity activity;   // cycle mode: bit toggles, all repeats
  std::uint64_t padding_macs() const { return static_cast<std::uint64_t>(layer.m * k_padding * layer.n) * layer.repeat; }
  // SCALE-Sim counts one cycle fewer per GEMM than the array takes (its 512^3 GEMM: 155,135 for 155,136).
  std::uint64_t scalesim_cycles() const { return counters.compute_cycles >= layer.repeat ? counters.compute_cycles - layer.repeat : 0; }
};

// A check the run made of its own results: what was compared with what, how
// many agreed, and the first disagreement.
struct RunCheck {
  std::string what;     // e.g. "outputs vs golden GEMM", "RTL array vs model (lockstep)"
  std::string unit;     // what `compared` counts: "outputs", "cycles"
  std::uint64_t compared = 0, matched = 0;
  std::string first_mismatch;
  bool passed() const { return compared == matched && first_mismatch.empty(); }
};

struct RunReport {
  std::string arch_file, workload_file, mode;
  models::ArchSpec arch;
  std::optional<models::EnergyTable> energy;  // absent: energy_missing says why
  std::string energy_missing;
  std::optional<models::AreaEstimate> area;   // absent: area_missing says why
  std::string area_missing;
  std::vector<std::pair<std::string, std::string>> inputs;  // every file read: path, SHA-1
  std::vector<LayerReport> layers;
  std::int64_t tokens = 0;          // tokens one pass of the workload handles; 0: not stated
  bool scalesim_topology = false;   // the workload was a SCALE-Sim topology
  std::vector<RunCheck> checks;
  models::Counters total() const;
  models::Activity total_activity() const;
  bool checks_passed() const;
};

// What one pass of the workload achieves at the architecture's clock. Work is
// 2 operations per MAC, padding excluded.
struct Performance {
  double seconds = 0;           // latency of one pass
  double inferences_per_s = 0;  // passes per second
  double tokens_per_s = 0;      // 0: the workload does not say how many tokens a pass handles
  double tops = 0;              // useful operations per second / 1e12
  double pj_per_mac = 0;        // 0 without an energy table
  double tops_per_w = 0;        // useful operations per joule / 1e12; 0 without an energy table
  double watts = 0;             // average power; 0 without an energy table
};
Performance performance_of(const RunReport& r);

void print_summary(const RunReport& r, std::ostream& out);
// "12.3 uJ": an energy in the unit that keeps it readable.
std::string readable_energy(double pj);
void write_json(const RunReport& r, std::ostream& out);
void write_csv(const RunReport& r, std::ostream& out);

}  // namespace qmac::report
