#include "sim/run/run_session.hpp"

#include <map>
#include <sstream>

#include "sim/config/arch_config.hpp"
#include "sim/config/tech_config.hpp"
#include "sim/config/workload_config.hpp"
#include "sim/io/file_hash.hpp"
#include "sim/io/report_file.hpp"
#include "sim/report/html_report.hpp"
#include "sim/report/scalesim_report.hpp"
#include "sim/run/layer_inputs.hpp"
#include "sim/run/tensor_operands.hpp"
#ifdef QMAC_HAVE_COSIM
#include "sim/cosim/rtl_arrays.hpp"
#endif

namespace qmac::sim {
RunSession prepare_run(const RunRequest& req) {
  RunSession s;
  s.request = req;
  report::RunReport& rep = s.rep;
  rep.arch_file = req.arch_file;
  rep.workload_file = req.workload_file;
  rep.mode = run_mode_name(req.mode);
  s.options.mode = req.mode;
  s.options.seed = req.seed;
  if (req.mode == RunMode::Rtl) {
#ifdef QMAC_HAVE_COSIM
    s.lockstep = std::make_shared<cosim::LockstepStats>();
    s.lockstep->trace_dir = req.trace_dir;
    s.lockstep->trace_from = req.trace_from;
    s.lockstep->trace_to = req.trace_to;
    s.options.array = cosim::lockstep_factory(s.lockstep.get());
#else
    throw config::ConfigError("--mode rtl needs the Verilated arrays; this qmac was built without RTL (QMAC_WITH_RTL=OFF)");
#endif
  }
  rep.arch = config::load_arch(req.arch_file);
  if (!req.mac.empty()) {
    // A --mac kind has a full hardware model (RTL unit, area and energy); an
    // architecture file may still name any kind, and its report then says what is not costed.
    config::set_mac_kind(rep.arch, req.mac, req.mac_source);
    if (const std::string gap = config::hardware_model_gap(rep.arch); !gap.empty()) {
      std::string have;
      for (const auto& f : config::modelled_mac_formats(rep.arch)) have += (have.empty() ? "" : ", ") + f;
      throw config::ConfigError(req.mac_source + " " + req.mac + ": no full hardware model (" + gap + "); --mac takes " + have);
    }
  }
  if (req.timing) rep.arch.timing = *req.timing;
  rep.energy = config::load_energy_table(rep.arch, rep.arch.tech, req.arch_file, rep.energy_missing);
  rep.area = config::load_area_estimate(rep.arch, rep.arch.tech, req.arch_file, rep.area_missing);
  // Every file the results depend on, with its hash, so the run can be reproduced.
  std::vector<std::string> files{req.arch_file, req.workload_file};
  for (const auto& f : config::tech_input_files(rep.arch.tech, req.arch_file)) files.push_back(f);
  for (const std::string& f : files) rep.inputs.emplace_back(f, io::sha1_of_file(f));
  {
    config::Workload w = config::load_workload(req.workload_file);
    s.layers = std::move(w.layers);
    rep.tokens = w.tokens;
    rep.scalesim_topology = w.scalesim;
  }
  check_workload(rep.arch, s.layers, req.mode, req.workload_file, req.arch_file);
  if (!req.inputs.empty()) {
    if (req.mode == RunMode::Fast) throw config::ConfigError("--inputs gives operands: it needs --mode cycle or rtl");
    auto given = std::make_shared<std::map<std::string, LayerInput>>(load_layer_inputs(req.inputs, s.layers));
    for (const auto& [name, in] : *given)
      for (const std::string& f : {in.a_file, in.b_file}) rep.inputs.emplace_back(f, io::sha1_of_file(f));
    s.options.operands = [given, arch = rep.arch](const models::GemmLayer& L, const models::GemmLayer& padded)
        -> std::optional<models::LayerOperands> {
      const auto it = given->find(L.name);
      if (it == given->end()) return std::nullopt;
      return operands_from_values(arch, padded, L.k, it->second.a, it->second.b);
    };
  }
  if (req.mode == RunMode::Rtl && !s.layers.empty()) {
    // Verilator fixed the arrays' sizes at build time: refuse others before anything runs.
    try {
      (void)s.options.array(models::FoldPlan(rep.arch, s.layers.front()));
    } catch (const std::invalid_argument& e) {
      throw config::ConfigError(req.arch_file + ": --mode rtl: " + e.what());
    }
  }
  return s;
}

RunTotals execute_run(RunSession& s, const std::string& mismatch_dir, std::ostream& err) {
  RunTotals totals = run_workload(s.rep, s.layers, s.options);
#ifdef QMAC_HAVE_COSIM
  if (s.request.mode != RunMode::Rtl) return totals;
  const cosim::LockstepStats& lockstep = *s.lockstep;
  if (!lockstep.ok() && s.request.trace_dir.empty()) {
    // The waveform of the failing layer: the same layer, same seed, traced.
    std::size_t i = 0;
    while (i < s.layers.size() && (s.layers[i].name != lockstep.mismatch_layer || s.layers[i].line != lockstep.mismatch_line)) ++i;
    if (i < s.layers.size()) {
      // The cycles around the mismatch: 64 before it, 16 after.
      cosim::LockstepStats again;
      again.trace_dir = mismatch_dir;
      again.trace_from = lockstep.mismatch_cycle > 64 ? lockstep.mismatch_cycle - 64 : 1;
      again.trace_to = lockstep.mismatch_cycle + 16;
      try {
        io::prepare_output_dir(again.trace_dir);
        report::RunReport scratch = s.rep;
        scratch.layers.clear();
        scratch.checks.clear();
        RunOptions o = s.options;
        o.seed = s.options.seed + i;
        o.progress = nullptr;
        o.array = cosim::lockstep_factory(&again);
        (void)run_workload(scratch, {s.layers[i]}, o);
        err << "qmac run: lockstep mismatch "
            << (lockstep.mismatch_cycle > 0 ? "at cycle " + std::to_string(lockstep.mismatch_cycle) : std::string("in the act_quantizer"))
            << " of layer '" << s.layers[i].name << "'; waveform of its cycles " << again.trace_from << ".." << again.trace_to << " in "
            << again.trace_dir << "/\n";
      } catch (const std::exception& e) {
        err << "qmac run: lockstep mismatch; the waveform could not be written: " << e.what() << "\n";
      }
    }
  }
  // The array's verdict names its own first mismatch; the quantizer's, its own.
  const bool array_ok = lockstep.array_mismatch.empty();
  s.rep.checks.push_back({"RTL array vs model in lockstep (cycles on which the bottom edge, the PE sums or a fold's "
                          "outputs were compared; fold lengths)",
                          "cycles", lockstep.cycles + (array_ok ? 0 : 1), lockstep.cycles, lockstep.array_mismatch});
  if (lockstep.quantizer_blocks > 0)
    s.rep.checks.push_back({"RTL act_quantizer vs golden on the A loads (codes, scale, dialect; latency)", "blocks",
                            lockstep.quantizer_blocks, lockstep.quantizer_agreed, lockstep.quantizer_mismatch});
#else
  (void)mismatch_dir;
  (void)err;
#endif
  return totals;
}

void write_run_reports(const report::RunReport& rep, const std::string& out_dir) {
  std::ostringstream json, csv, html;
  report::write_json(rep, json);
  report::write_csv(rep, csv);
  report::write_html(rep, html);
  io::write_atomically(out_dir + "/report.json", json.str());
  io::write_atomically(out_dir + "/report.csv", csv.str());
  io::write_atomically(out_dir + "/report.html", html.str());
  if (rep.scalesim_topology) {
    const report::ScaleSimReports s = report::scalesim_reports(rep);
    io::write_atomically(out_dir + "/COMPUTE_REPORT.csv", s.compute);
    io::write_atomically(out_dir + "/BANDWIDTH_REPORT.csv", s.bandwidth);
    io::write_atomically(out_dir + "/DETAILED_ACCESS_REPORT.csv", s.detailed);
  }
}

}  // namespace qmac::sim
