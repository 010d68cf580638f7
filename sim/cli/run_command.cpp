#include "sim/cli/run_command.hpp"

#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <sys/resource.h>

#include <boost/program_options.hpp>

#include "sim/config/arch_config.hpp"
#include "sim/config/workload_config.hpp"
#include "sim/io/report_file.hpp"
#include "sim/report/run_report.hpp"
#include "sim/run/run_workload.hpp"

namespace qmac::cli {

namespace po = boost::program_options;

int run_command(int argc, char** argv, std::ostream& out, std::ostream& err) {
  po::options_description opts("qmac run ARCH WORKLOAD [options]\n"
                               "  ARCH      configs/arch/*.yaml or a SCALE-Sim .cfg\n"
                               "  WORKLOAD  configs/workloads/*.yaml or a SCALE-Sim topology .csv\noptions");
  std::string arch_file, workload_file, mode = "fast", out_dir = "qmac_run", mac, timing;
  std::uint64_t seed = 1;
  opts.add_options()("help,h", "this help")
      ("mode", po::value(&mode)->default_value("fast"), "cycle: simulate every cycle with real data (random operands from --seed); "
                                                        "fast: closed form, same cycles and counters")
      ("out", po::value(&out_dir)->default_value("qmac_run"), "directory for report.json and report.csv")
      ("seed", po::value(&seed)->default_value(1), "seed of the random operands (cycle mode)")
      ("mac", po::value(&mac), "override the MAC format (registry name, default accumulator)")
      ("timing", po::value(&timing), "override timing: rtl or ideal");
  po::options_description hidden;
  hidden.add_options()("arch", po::value(&arch_file))("workload", po::value(&workload_file));
  po::options_description all;
  all.add(opts).add(hidden);
  po::positional_options_description pos;
  pos.add("arch", 1).add("workload", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "qmac run: " << e.what() << "\n";
    return 2;
  }
  if (vm.count("help")) {
    out << opts;
    return 0;
  }
  if (arch_file.empty() || workload_file.empty()) {
    err << "qmac run: expected ARCH and WORKLOAD files (see --help)\n";
    return 2;
  }
  if (mode != "cycle" && mode != "fast") {
    err << "qmac run: --mode must be cycle or fast, not '" << mode << "'\n";
    return 2;
  }
  report::RunReport rep;
  rep.arch_file = arch_file;
  rep.workload_file = workload_file;
  rep.mode = mode;
  std::vector<models::GemmLayer> layers;
  try {
    // The output folder first: a bad --out must not cost a simulation.
    io::prepare_output_dir(out_dir);
    rep.arch = config::load_arch(arch_file);
    if (!mac.empty()) config::set_mac_kind(rep.arch, mac, "--mac");
    if (!timing.empty()) {
      if (timing != "rtl" && timing != "ideal") throw config::ConfigError("--timing must be rtl or ideal, not '" + timing + "'");
      rep.arch.timing = timing == "rtl" ? models::TimingMode::Rtl : models::TimingMode::Ideal;
    }
    layers = config::load_workload(workload_file);
    sim::check_workload(rep.arch, layers, mode == "cycle" ? sim::RunMode::Cycle : sim::RunMode::Fast, workload_file, arch_file);
  } catch (const std::runtime_error& e) {  // ConfigError, and the output folder's errors
    err << "qmac run: " << e.what() << "\n";
    return 2;
  }

  sim::RunOptions opt;
  opt.mode = mode == "cycle" ? sim::RunMode::Cycle : sim::RunMode::Fast;
  opt.seed = seed;
  opt.progress = [&](std::size_t i, const models::GemmLayer& L) {
    err << "[" << i + 1 << "/" << layers.size() << "] " << L.name << " " << L.m << "x" << L.k << "x" << L.n << "\n";
  };
  sim::RunTotals totals;
  try {
    totals = sim::run_workload(rep, layers, opt);
  } catch (const config::ConfigError& e) {
    err << "qmac run: " << e.what() << "\n";
    return 2;
  }
  const std::uint64_t pe_updates = totals.pe_updates, macs = totals.macs;
  const double wall = totals.wall_seconds;

  report::print_summary(rep, out);
  try {
    std::ostringstream json, csv;
    report::write_json(rep, json);
    report::write_csv(rep, csv);
    io::write_atomically(out_dir + "/report.json", json.str());
    io::write_atomically(out_dir + "/report.csv", csv.str());
  } catch (const std::runtime_error& e) {
    err << "qmac run: " << e.what() << "\n";
    return 1;
  }
  out << "reports: " << out_dir << "/report.json, " << out_dir << "/report.csv\n";
  struct rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  if (mode == "cycle")
    err << "rate: " << static_cast<double>(pe_updates) / wall << " PE-updates/s (" << pe_updates << " in " << wall
        << " s wall, peak RSS " << ru.ru_maxrss / 1024 << " MiB)\n";
  else
    err << "rate: " << static_cast<double>(macs) / wall << " simulated MACs/s (" << macs << " in " << wall << " s wall)\n";
  return 0;
}

}  // namespace qmac::cli
