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
#include "sim/run/run_session.hpp"

namespace qmac::cli {

namespace po = boost::program_options;

namespace {

// "45 s", "3.2 min", "1.5 h".
std::string readable_seconds(double s) {
  char b[32];
  if (s < 90) std::snprintf(b, sizeof b, "%.0f s", s);
  else if (s < 5400) std::snprintf(b, sizeof b, "%.1f min", s / 60);
  else std::snprintf(b, sizeof b, "%.1f h", s / 3600);
  return b;
}

// "--compare a,b,c": the same request once per MAC kind, every kind prepared
// (and so validated) before any runs; each kind's reports in OUT/<kind>/, then
// one table side by side and OUT/compare.csv.
int run_compare(const sim::RunRequest& base, const std::string& list, const std::string& out_dir, std::ostream& out,
                std::ostream& err) {
  std::vector<std::string> kinds;
  std::stringstream ss(list);
  for (std::string k; std::getline(ss, k, ',');)
    if (!k.empty()) kinds.push_back(k);
  if (kinds.size() < 2) {
    err << "qmac run: --compare expects at least two MAC kinds, e.g. --compare int8,mxfp4,dialectfp4\n";
    return 2;
  }
  std::vector<sim::RunSession> sessions;
  try {
    io::prepare_output_dir(out_dir);
    for (const auto& k : kinds) {
      sim::RunRequest r = base;
      r.mac = k;
      r.mac_source = "--compare";
      sessions.push_back(sim::prepare_run(r));
      io::prepare_output_dir(out_dir + "/" + k);
    }
  } catch (const std::runtime_error& e) {
    err << "qmac run: " << e.what() << "\n";
    return 2;
  }
  std::vector<report::RunReport> reps;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    sim::RunSession& session = sessions[i];
    try {
      (void)sim::execute_run(session, out_dir + "/" + kinds[i] + "/mismatch", err);
      sim::write_run_reports(session.rep, out_dir + "/" + kinds[i]);
    } catch (const config::ConfigError& e) {
      err << "qmac run: --compare " << kinds[i] << ": " << e.what() << "\n";
      return 2;
    } catch (const std::runtime_error& e) {
      err << "qmac run: --compare " << kinds[i] << ": " << e.what() << "\n";
      return 1;
    }
    if (!session.rep.checks_passed()) {
      report::print_summary(session.rep, out);
      err << "qmac run: --compare " << kinds[i] << ": a check failed (see check: above); its reports hold the verdict\n";
      return 4;
    }
    reps.push_back(std::move(session.rep));
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

int run_command(int argc, char** argv, std::ostream& out, std::ostream& err) {
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
  if (!compare.empty() && !mac.empty()) {
    err << "qmac run: --compare and --mac do not go together (--compare sets the MAC kind of each run)\n";
    return 2;
  }
  if (arch_file.empty() || workload_file.empty()) {
    err << "qmac run: expected ARCH and WORKLOAD files (see --help)\n";
    return 2;
  }
  const std::optional<sim::RunMode> run_mode = sim::parse_run_mode(mode);
  if (!run_mode) {
    err << "qmac run: --mode must be fast, cycle or rtl, not '" << mode << "'\n";
    return 2;
  }
  sim::RunRequest req;
  req.arch_file = arch_file;
  req.workload_file = workload_file;
  req.mode = *run_mode;
  req.seed = seed;
  req.mac = mac;
  req.inputs = inputs;
  req.trace_dir = trace_dir;
  if (!trace_dir.empty() && req.mode != sim::RunMode::Rtl) {
    err << "qmac run: --trace records the RTL array: it needs --mode rtl\n";
    return 2;
  }
  if (!trace_cycles.empty()) {
    const auto dots = trace_cycles.find("..");
    const bool ok = dots != std::string::npos && io::parse_uint(trace_cycles.substr(0, dots), req.trace_from) &&
                    io::parse_uint(trace_cycles.substr(dots + 2), req.trace_to) && req.trace_from >= 1 && req.trace_to >= req.trace_from;
    if (trace_dir.empty() || !ok) {
      err << "qmac run: --trace-cycles expects FROM..TO with 1 <= FROM <= TO, and --trace DIR; got '" << trace_cycles << "'\n";
      return 2;
    }
  }
  if (!timing.empty()) {
    if (timing != "rtl" && timing != "ideal") {
      err << "qmac run: --timing must be rtl or ideal, not '" << timing << "'\n";
      return 2;
    }
    req.timing = timing == "rtl" ? models::TimingMode::Rtl : models::TimingMode::Ideal;
  }
  if (compare.empty() && mac.empty()) {
    // The architecture's own compare list, as --compare would give it.
    try {
      for (const auto& k : config::load_arch(arch_file).compare) compare += (compare.empty() ? "" : ",") + k;
    } catch (const std::runtime_error&) {
      // A bad file is reported by prepare_run below, with the rest of its checks.
    }
  }
  if (!compare.empty()) return run_compare(req, compare, out_dir, out, err);

  sim::RunSession session;
  try {
    // The output folders first: a bad --out or --trace must not cost a simulation.
    io::prepare_output_dir(out_dir);
    if (!trace_dir.empty()) io::prepare_output_dir(trace_dir);
    session = sim::prepare_run(req);
  } catch (const std::runtime_error& e) {  // ConfigError, and the output folder's errors
    err << "qmac run: " << e.what() << "\n";
    return 2;
  }
  const report::RunReport& rep = session.rep;
  const std::vector<models::GemmLayer>& layers = session.layers;

  // Progress with the time left: each layer's simulated work (PE updates of
  // one instance, from the fast model) against the wall time the finished ones took.
  std::vector<double> work(layers.size(), 0.0);
  double total_work = 0;
  if (req.mode != sim::RunMode::Fast)
    for (std::size_t i = 0; i < layers.size(); ++i) {
      const models::FoldPlan plan(rep.arch, sim::padded_along_k(rep.arch, layers[i]));
      work[i] = static_cast<double>(models::fast_layer(plan).total_cycles) * rep.arch.rows * rep.arch.cols;
      total_work += work[i];
    }
  const auto started = std::chrono::steady_clock::now();
  double done_work = 0;
  bool warned = false;
  session.options.progress = [&](std::size_t i, const models::GemmLayer& L) {
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
    totals = sim::execute_run(session, out_dir + "/mismatch", err);
  } catch (const config::ConfigError& e) {
    err << "qmac run: " << e.what() << "\n";
    return 2;
  }
  report::print_summary(rep, out);
  try {
    sim::write_run_reports(rep, out_dir);
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
  struct rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  if (req.mode != sim::RunMode::Fast)
    err << "rate: " << static_cast<double>(totals.pe_updates) / totals.wall_seconds << " PE-updates/s (" << totals.pe_updates
        << " in " << totals.wall_seconds << " s wall, peak RSS " << ru.ru_maxrss / 1024 << " MiB)\n";
  else
    err << "rate: " << static_cast<double>(totals.macs) / totals.wall_seconds << " simulated MACs/s (" << totals.macs << " in "
        << totals.wall_seconds << " s wall)\n";
  return 0;
}

}  // namespace qmac::cli
