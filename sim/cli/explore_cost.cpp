#include "sim/cli/explore_cost.hpp"

#include <memory>
#include <regex>
#include <sstream>

#include "sim/config/arch_config.hpp"
#include "sim/config/tech_config.hpp"
#include "sim/config/workload_config.hpp"
#include "sim/explore/explore_runner.hpp"
#include "sim/report/run_report.hpp"
#include "sim/run/run_session.hpp"

namespace qmac::cli {

std::string mac_format_of_scheme(const std::string& scheme) {
  static const std::regex group("(int[0-9]+)_g[0-9]+");
  std::smatch m;
  if (std::regex_match(scheme, m, group)) return m[1];
  if (scheme == "dialectfp4_mse" || scheme == "dialectfp4_two_stage") return "dialectfp4";
  return scheme;
}

explore::CostModel explore_cost_model(const std::string& arch_file, const std::string& workload_file) {
  // The files are checked once here (a bad one stops explore before any work); each pair is then
  // assembled by the run library exactly as `qmac run ARCH WORKLOAD --mac KIND` assembles it.
  const models::ArchSpec arch = config::load_arch(arch_file);
  const config::Workload workload = config::load_workload(workload_file);
  sim::check_workload(arch, workload.layers, sim::RunMode::Fast, workload_file, arch_file);
  return [arch_file, workload_file](const explore::SchemePair& p) {
    explore::FormatCost c;
    const std::string w = mac_format_of_scheme(p.weight), a = mac_format_of_scheme(p.activation);
    if (w != a) {
      c.missing = "weights in " + p.weight + " and activations in " + p.activation + " need a mixed MAC unit; the array's PEs are one kind";
      return c;
    }
    sim::RunRequest req;
    req.arch_file = arch_file;
    req.workload_file = workload_file;
    req.mac = w;
    req.mac_source = "costing " + p.label + " with --mac";
    sim::RunSession s;
    try {
      s = sim::prepare_run(req);
      c.mac = s.rep.arch.mac.name();
      std::ostringstream quiet;
      (void)sim::execute_run(s, "", quiet);
    } catch (const std::exception& e) {
      c.missing = e.what();
      return c;
    }
    const report::RunReport& rep = s.rep;
    const models::Counters t = rep.total();
    const report::Performance perf = report::performance_of(rep);
    c.cycles = t.total_cycles;
    c.seconds = perf.seconds;
    c.pj_per_mac = perf.pj_per_mac;
    c.tops_per_w = perf.tops_per_w;
    if (rep.energy) {
      const models::EnergyBreakdown e = models::energy_of(t, *rep.energy);
      c.energy_pj = e.total_pj();
      c.dram_share = e.total_pj() > 0 ? e.pj[models::kEnergyComponents.size() - 1] / e.total_pj() : 0;
    }
    if (rep.area) {
      c.area_um2 = rep.area->total_um2();
      c.logic_um2 = rep.area->logic_um2();
    }
    return c;
  };
}

}  // namespace qmac::cli
