#include "sim/cli/run_command.hpp"

#include "sim/cli/command_line.hpp"

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>

#include <boost/program_options.hpp>

#include "sim/config/arch_config.hpp"
#include "sim/config/tech_config.hpp"
#include "sim/config/workload_config.hpp"
#include "sim/io/file_hash.hpp"
#include "models/fast/fast_model.hpp"
#include "sim/io/report_file.hpp"
#include "sim/io/text_number.hpp"
#include "sim/report/html_report.hpp"
#include "sim/report/run_report.hpp"
#include "sim/report/scalesim_report.hpp"
#include "sim/run/layer_inputs.hpp"
#include "sim/run/run_workload.hpp"
#include "sim/run/tensor_operands.hpp"
#ifdef QMAC_HAVE_COSIM
#include "sim/cosim/rtl_arrays.hpp"
#endif

namespace qmac::cli {

namespace po = boost::program_options;

namespace {

int run_one(int argc, char** argv, std::ostream& out, std::ostream& err, report::RunReport* keep);

// "45 s", "3.2 min", "1.5 h".
std::string readable_seconds(double s) {
  char b[32];
  if (s < 90) std::snprintf(b, sizeof b, "%.0f s", s);
  else if (s < 5400) std::snprintf(b, sizeof b, "%.1f min", s / 60);
  else std::snprintf(b, sizeof b, "%.1f h", s / 3600);
  return b;
}

// "--compare a,b,c": the same run once per MAC kind (argv with --compare
// dropped, --mac KIND and --out OUT/KIND added), then one table side by side
// and OUT/compare.csv.
int run_compare(int argc, char** argv, const std::string& list, const std::string& out_dir, std::ostream& out, std::ostream& err) {
  std::vector<std::string> kinds;
  std::stringstream ss(list);
  for (std::string k; std::getline(ss, k, ',');)
    if (!k.empty()) kinds.push_back(k);
  if (kinds.size() < 2) {
    err << "qmac run: --compare expects at least two MAC kinds, e.g. --compare int8,mxfp4,dialectfp4\n";
    return 2;
  }
  std::vector<std::string> base;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--compare" || a == "--mac" || a == "--out") { ++i; continue; }
    if (a.rfind("--compare=", 0) == 0 || a.rfind("--mac=", 0) == 0 || a.rfind("--out=", 0) == 0) continue;
    base.push_back(a);
  }
  std::vector<report::RunReport> reps;
  for (const auto& k : kinds) {
    std::vector<std::string> args = base;
    for (const std::string& x : {std::string("--mac"), k, std::string("--out"), out_dir + "/" + k}) args.push_back(x);
    std::vector<char*> av;
    for (auto& x : args) av.push_back(x.data());
    // Each kind's own table and messages are kept for a failure; the comparison is printed below.
    std::ostringstream quiet, quiet_err;
    report::RunReport r;
    const int rc = run_one(static_cast<int>(av.size()), av.data(), quiet, quiet_err, &r);
    if (rc != 0) {
      err << quiet.str() << quiet_err.str() << "qmac run: --compare: the run with --mac " << k << " ended with " << rc << "\n";
      return rc;
    }
    reps.push_back(std::move(r));
  }
  std::ostringstream csv;
  csv << "mac,total_cycles,macs,dram_bytes,energy_pj,pj_per_mac,dram_energy_share,logic_area_mm2\n";
  char line[512];
  std::snprintf(line, sizeof line, "%-22s %14s %16s %14s %12s %9s %7s %10s\n", "mac", "total_cycles", "macs", "dram_bytes", "energy",
                "pJ/MAC", "DRAM", "logic mm2");
  out << "qmac " QMAC_VERSION " (" QMAC_GIT_DESCRIBE ") run --compare: " << reps.front().arch_file << " x " << reps.front().workload_file
      << "\n" << line;
  for (std::size_t i = 0; i < reps.size(); ++i) {
    const auto& r = reps[i];
    const models::Counters t = r.total();
    const std::uint64_t dram = t.dram_read_bytes + t.dram_write_bytes;
    double e = 0, share = 0;
    if (r.energy) {
      const models::EnergyBreakdown b = models::energy_of(t, *r.energy);
      e = b.total_pj();
      share = e > 0 ? b.pj[7] / e : 0;
    }
    const double area = r.area ? r.area->logic_um2() * 1e-6 : 0;
    const double per = t.macs ? e / static_cast<double>(t.macs) : 0;
    std::snprintf(line, sizeof line, "%-22s %14llu %16llu %14llu %12s %9.4g %6.1f%% %10s\n", kinds[i].c_str(),
                  (unsigned long long)t.total_cycles, (unsigned long long)t.macs, (unsigned long long)dram,
                  r.energy ? report::readable_energy(e).c_str() : "n/a", per, 100 * share,
                  r.area ? std::to_string(area).c_str() : "n/a");
    out << line;
    csv << io::csv_field(kinds[i]) << ',' << t.total_cycles << ',' << t.macs << ',' << dram << ',';
    if (r.energy) csv << std::setprecision(12) << e << ',' << per << ',' << share;
    else csv << ",,";
    csv << ',';
    if (r.area) csv << area;
    csv << '\n';
  }
  try {
    io::write_atomically(out_dir + "/compare.csv", csv.str());
  } catch (const std::runtime_error& e) {
    err << "qmac run: " << e.what() << "\n";
    return 1;
  }
  out << "reports: " << out_dir << "/compare.csv, and each kind's in " << out_dir << "/<mac>/\n";
  return 0;
}

}  // namespace

int run_command(int argc, char** argv, std::ostream& out, std::ostream& err) { return run_one(argc, argv, out, err, nullptr); }

namespace {

int run_one(int argc, char** argv, std::ostream& out, std::ostream& err, report::RunReport* keep) {
  po::options_description opts("qmac run ARCH WORKLOAD [options]\n"
                               "  ARCH      configs/arch/*.yaml or a SCALE-Sim .cfg\n"
                               "  WORKLOAD  configs/workloads/*.yaml or a SCALE-Sim topology .csv\noptions");
  std::string arch_file, workload_file, mode = "fast", out_dir = "qmac_run", mac, timing, trace_dir, trace_cycles, compare;
  std::uint64_t seed = 1;
  std::vector<std::string> inputs;
  opts.add_options()("help,h", "this help")
      ("mode", po::value(&mode)->default_value("fast"), "fast: closed form (cycles and counters); cycle: simulate every cycle "
                                                        "with real data (random operands from --seed), every output checked against "
                                                        "golden; rtl: cycle mode with the Verilated RTL array in lockstep with the model")
      ("out", po::value(&out_dir)->default_value("qmac_run"), "directory for report.json and report.csv")
      ("seed", po::value(&seed)->default_value(1), "seed of the random operands (cycle mode)")
      ("inputs", po::value(&inputs), "cycle/rtl mode: LAYER=A,B, real operands for a layer (A: M x K, B: K x N; FILE.npy or "
                                     "FILE.safetensors:TENSOR; FP16/BF16/FP32), quantized as the architecture takes them; repeatable")
      ("mac", po::value(&mac), "override the MAC format (registry name, default accumulator)")
      ("compare", po::value(&compare), "run once per MAC kind of this comma list (e.g. int8,mxfp4,dialectfp4) and report "
                                       "them side by side (OUT/compare.csv; each kind's reports in OUT/<mac>/)")
      ("timing", po::value(&timing), "override timing: rtl or ideal")
      ("trace", po::value(&trace_dir), "rtl mode: write each layer's RTL waveform to DIR/<layer>.fst")
      ("trace-cycles", po::value(&trace_cycles), "with --trace: only each layer's cycles FROM..TO (1-based, inclusive)");
  po::options_description hidden;
  hidden.add_options()("arch", po::value(&arch_file))("workload", po::value(&workload_file));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("arch", 1).add("workload", 1);
  po::variables_map vm;
  if (const auto stop = parse_command_line(argc, argv, opts, all, &pos, vm, "run", out, err)) return *stop;
  if (!compare.empty()) {
    if (!mac.empty()) {
      err << "qmac run: --compare and --mac do not go together (--compare sets the MAC kind of each run)\n";
      return 2;
    }
    return run_compare(argc, argv, compare, out_dir, out, err);
  }
  if (arch_file.empty() || workload_file.empty()) {
    err << "qmac run: expected ARCH and WORKLOAD files (see --help)\n";
    return 2;
  }
  if (mac.empty()) {
    // The architecture's own compare list, as --compare would give it.
    std::string list;
    try {
      for (const auto& k : config::load_arch(arch_file).compare) list += (list.empty() ? "" : ",") + k;
    } catch (const std::runtime_error&) {
      // A bad file is reported by the run below, with the rest of its checks.
    }
    if (!list.empty()) return run_compare(argc, argv, list, out_dir, out, err);
  }
  if (mode != "cycle" && mode != "fast" && mode != "rtl") {
    err << "qmac run: --mode must be fast, cycle or rtl, not '" << mode << "'\n";
    return 2;
  }
  const sim::RunMode run_mode = mode == "fast" ? sim::RunMode::Fast : mode == "cycle" ? sim::RunMode::Cycle : sim::RunMode::Rtl;
  if (!trace_dir.empty() && run_mode != sim::RunMode::Rtl) {
    err << "qmac run: --trace records the RTL array: it needs --mode rtl\n";
    return 2;
  }
  std::uint64_t trace_from = 1, trace_to = UINT64_MAX;
  if (!trace_cycles.empty()) {
    const auto dots = trace_cycles.find("..");
    const bool ok = dots != std::string::npos && io::parse_uint(trace_cycles.substr(0, dots), trace_from) &&
                    io::parse_uint(trace_cycles.substr(dots + 2), trace_to) && trace_from >= 1 && trace_to >= trace_from;
    if (trace_dir.empty() || !ok) {
      err << "qmac run: --trace-cycles expects FROM..TO with 1 <= FROM <= TO, and --trace DIR; got '" << trace_cycles << "'\n";
      return 2;
    }
  }
  sim::RunOptions opt;
  opt.mode = run_mode;
  opt.seed = seed;
#ifdef QMAC_HAVE_COSIM
  cosim::LockstepStats lockstep;
  if (run_mode == sim::RunMode::Rtl) opt.array = cosim::lockstep_factory(&lockstep);
  lockstep.trace_dir = trace_dir;
  lockstep.trace_from = trace_from;
  lockstep.trace_to = trace_to;
#else
  if (run_mode == sim::RunMode::Rtl) {
    err << "qmac run: --mode rtl needs the Verilated arrays; this qmac was built without RTL (QMAC_WITH_RTL=OFF)\n";
    return 2;
  }
#endif
  report::RunReport rep;
  rep.arch_file = arch_file;
  rep.workload_file = workload_file;
  rep.mode = mode;
  std::vector<models::GemmLayer> layers;
  try {
    // The output folders first: a bad --out or --trace must not cost a simulation.
    io::prepare_output_dir(out_dir);
    if (!trace_dir.empty()) io::prepare_output_dir(trace_dir);
    rep.arch = config::load_arch(arch_file);
    if (!mac.empty()) {
      // --mac picks among the kinds with a full hardware model (RTL unit, area and energy); an
      // architecture file may still name any kind, and its report then says what is not costed.
      config::set_mac_kind(rep.arch, mac, "--mac");
      if (const std::string gap = config::hardware_model_gap(rep.arch); !gap.empty()) {
        std::string have;
        for (const auto& f : config::modelled_mac_formats(rep.arch)) have += (have.empty() ? "" : ", ") + f;
        throw config::ConfigError("--mac " + mac + ": no full hardware model (" + gap + "); --mac takes " + have);
      }
    }
    if (!timing.empty()) {
      if (timing != "rtl" && timing != "ideal") throw config::ConfigError("--timing must be rtl or ideal, not '" + timing + "'");
      rep.arch.timing = timing == "rtl" ? models::TimingMode::Rtl : models::TimingMode::Ideal;
    }
    rep.energy = config::load_energy_table(rep.arch, rep.arch.tech, arch_file, rep.energy_missing);
    rep.area = config::load_area_estimate(rep.arch, rep.arch.tech, arch_file, rep.area_missing);
    // Every file the results depend on, with its hash, so the run can be reproduced.
    std::vector<std::string> files{arch_file, workload_file};
    for (const auto& f : config::tech_input_files(rep.arch.tech, arch_file)) files.push_back(f);
    for (const std::string& f : files) rep.inputs.emplace_back(f, io::sha1_of_file(f));
    {
      config::Workload w = config::load_workload(workload_file);
      layers = std::move(w.layers);
      rep.tokens = w.tokens;
      rep.scalesim_topology = w.scalesim;
    }
    sim::check_workload(rep.arch, layers, run_mode, workload_file, arch_file);
    if (!inputs.empty()) {
      if (run_mode == sim::RunMode::Fast) throw config::ConfigError("--inputs gives operands: it needs --mode cycle or rtl");
      auto given = std::make_shared<std::map<std::string, sim::LayerInput>>(sim::load_layer_inputs(inputs, layers));
      for (const auto& [name, in] : *given)
        for (const std::string& f : {in.a_file, in.b_file}) rep.inputs.emplace_back(f, io::sha1_of_file(f));
      opt.operands = [given, arch = rep.arch](const models::GemmLayer& L, const models::GemmLayer& padded)
          -> std::optional<models::LayerOperands> {
        const auto it = given->find(L.name);
        if (it == given->end()) return std::nullopt;
        return sim::operands_from_values(arch, padded, L.k, it->second.a, it->second.b);
      };
    }
    if (run_mode == sim::RunMode::Rtl && !layers.empty()) {
      // Verilator fixed the arrays' sizes at build time: refuse others before anything runs.
      try {
        (void)opt.array(models::FoldPlan(rep.arch, layers.front()));
      } catch (const std::invalid_argument& e) {
        throw config::ConfigError(arch_file + ": --mode rtl: " + e.what());
      }
    }
  } catch (const std::runtime_error& e) {  // ConfigError, and the output folder's errors
    err << "qmac run: " << e.what() << "\n";
    return 2;
  }

  // Progress with the time left: each layer's simulated work (PE updates of
  // one instance, from the fast model) against the wall time the finished ones took.
  std::vector<double> work(layers.size(), 0.0);
  double total_work = 0;
  if (run_mode != sim::RunMode::Fast)
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const models::FoldPlan plan(rep.arch, sim::padded_along_k(rep.arch, layers[i]));
      work[i] = static_cast<double>(models::fast_layer(plan).total_cycles) * rep.arch.rows * rep.arch.cols;
      total_work += work[i];
    }
  const auto started = std::chrono::steady_clock::now();
  double done_work = 0;
  bool warned = false;
  opt.progress = [&](std::size_t i, const models::GemmLayer& L) {
    err << "[" << i + 1 << "/" << layers.size() << "] " << L.name << " " << L.m << "x" << L.k << "x" << L.n;
    if (i > 0) done_work += work[i - 1];
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (done_work > 0 && elapsed > 0.5) {
      const double left = elapsed * (total_work - done_work) / done_work;
      err << " (" << static_cast<long long>(elapsed) << " s so far, about " << readable_seconds(left) << " left)";
      if (left > 60 && !warned) {
        warned = true;
        err << "\nqmac run: warning: this " << mode << "-mode run will take about " << readable_seconds(left)
            << " more; --mode fast gives the same counters in closed form";
      }
    }
    err << "\n";
  };
  sim::RunTotals totals;
  try {
    totals = sim::run_workload(rep, layers, opt);
  } catch (const config::ConfigError& e) {
    err << "qmac run: " << e.what() << "\n";
    return 2;
  }
#ifdef QMAC_HAVE_COSIM
  if (run_mode == sim::RunMode::Rtl && !lockstep.ok() && trace_dir.empty()) {
    // The waveform of the failing layer: the same layer, same seed, traced.
    std::size_t i = 0;
    while (i < layers.size() && (layers[i].name != lockstep.mismatch_layer || layers[i].line != lockstep.mismatch_line)) ++i;
    if (i < layers.size()) {
      // The cycles around the mismatch: 64 before it, 16 after.
      cosim::LockstepStats again;
      again.trace_dir = out_dir + "/mismatch";
      again.trace_from = lockstep.mismatch_cycle > 64 ? lockstep.mismatch_cycle - 64 : 1;
      again.trace_to = lockstep.mismatch_cycle + 16;
      try {
        io::prepare_output_dir(again.trace_dir);
        report::RunReport scratch = rep;
        scratch.layers.clear();
        scratch.checks.clear();
        sim::RunOptions o = opt;
        o.seed = seed + i;
        o.progress = nullptr;
        o.array = cosim::lockstep_factory(&again);
        (void)sim::run_workload(scratch, {layers[i]}, o);
        err << "qmac run: lockstep mismatch "
            << (lockstep.mismatch_cycle > 0 ? "at cycle " + std::to_string(lockstep.mismatch_cycle) : std::string("in the act_quantizer"))
            << " of layer '" << layers[i].name << "'; waveform of its cycles " << again.trace_from << ".." << again.trace_to << " in "
            << again.trace_dir << "/\n";
      } catch (const std::exception& e) {
        err << "qmac run: lockstep mismatch; the waveform could not be written: " << e.what() << "\n";
      }
    }
  }
  if (run_mode == sim::RunMode::Rtl) {
    // The array's verdict names its own first mismatch; the quantizer's, its own.
    const bool array_ok = lockstep.array_mismatch.empty();
    rep.checks.push_back({"RTL array vs model in lockstep (bottom edge every cycle, fold lengths, outputs)", "cycles",
                          lockstep.cycles + (array_ok ? 0 : 1), lockstep.cycles, lockstep.array_mismatch});
    if (lockstep.quantizer_blocks > 0)
      rep.checks.push_back({"RTL act_quantizer vs golden on the A loads (codes, scale, dialect; latency)", "blocks",
                            lockstep.quantizer_blocks, lockstep.quantizer_agreed, lockstep.quantizer_mismatch});
  }
#endif
  const std::uint64_t pe_updates = totals.pe_updates, macs = totals.macs;
  const double wall = totals.wall_seconds;

  report::print_summary(rep, out);
  try {
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
  } catch (const std::runtime_error& e) {
    err << "qmac run: " << e.what() << "\n";
    return 1;
  }
  out << "reports: " << out_dir << "/report.json, " << out_dir << "/report.csv, " << out_dir << "/report.html";
  if (rep.scalesim_topology) out << "; SCALE-Sim's COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv, DETAILED_ACCESS_REPORT.csv";
  out << "\n";
  if (!rep.checks_passed()) {
    err << "qmac run: a check failed (see check: above); the reports hold the verdict\n";
    return 4;
  }
  if (keep) *keep = rep;
  struct rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  if (run_mode != sim::RunMode::Fast)
    err << "rate: " << static_cast<double>(pe_updates) / wall << " PE-updates/s (" << pe_updates << " in " << wall
        << " s wall, peak RSS " << ru.ru_maxrss / 1024 << " MiB)\n";
  else
    err << "rate: " << static_cast<double>(macs) / wall << " simulated MACs/s (" << macs << " in " << wall << " s wall)\n";
  return 0;
}

}  // namespace

}  // namespace qmac::cli
