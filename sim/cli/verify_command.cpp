#include "sim/cli/verify_command.hpp"

#include "sim/cli/command_line.hpp"

#include <fnmatch.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <sstream>

#include <boost/program_options.hpp>

#include "sim/io/coverage_file.hpp"
#include "sim/io/report_file.hpp"
#include "sim/verify/verify_suite.hpp"
#ifdef QMAC_HAVE_COSIM
#include "sim/cosim/rtl_coverage.hpp"
#endif

namespace qmac::cli {
namespace {

namespace po = boost::program_options;

using io::xml_text;

// Runs the cases in `jobs` processes (SystemC's kernel is one per process):
// worker w takes cases w, w + jobs, ...; each writes its results to a
// temporary file the parent reads back in case order.
// How every case runs: --require-rtl, --waves, --coverage, --inject-fault.
struct HowToRun {
  bool require_rtl = false;  // a case the RTL cannot run fails without running
  std::string coverage_dir;  // non-empty: each worker's RTL coverage goes to coverage_dir/.worker-<w>.dat
  verify::RunCaseOptions options;
};

std::string worker_coverage_file(const std::string& dir, int worker) {
  return dir + "/.worker-" + std::to_string(worker) + ".dat";
}

// Worker `worker`'s RTL coverage: collected from here on, written by worker_coverage_done.
void worker_coverage_start([[maybe_unused]] const HowToRun& how, [[maybe_unused]] int worker) {
#ifdef QMAC_HAVE_COSIM
  if (!how.coverage_dir.empty())
    cosim::collect_rtl_coverage(how.coverage_dir + "/.scratch-" + std::to_string(worker) + ".dat");
#endif
}
void worker_coverage_done([[maybe_unused]] const HowToRun& how, [[maybe_unused]] int worker) {
#ifdef QMAC_HAVE_COSIM
  if (!how.coverage_dir.empty()) {
    io::write_coverage_file(worker_coverage_file(how.coverage_dir, worker), cosim::collected_rtl_coverage());
  }
#endif
}

verify::CaseResult run_one(const verify::VerifyCase& c, const HowToRun& how) {
  if (how.require_rtl && c.engine == verify::Engine::Model) {
    verify::CaseResult r;
    r.failure = "--require-rtl: no RTL array is built for this kind, size and dataflow (the model alone would run it)";
    return r;
  }
  return verify::run_case(c, how.options);
}

std::vector<verify::CaseResult> run_cases(const std::vector<verify::VerifyCase>& cases, int jobs, const HowToRun& how) {
  std::vector<verify::CaseResult> results(cases.size());
  if (jobs <= 1) {
    worker_coverage_start(how, 0);
    for (std::size_t i = 0; i < cases.size(); ++i) results[i] = run_one(cases[i], how);
    worker_coverage_done(how, 0);
    return results;
  }
  std::vector<std::pair<pid_t, std::FILE*>> workers;
  for (int w = 0; w < jobs; ++w) {
    std::FILE* f = std::tmpfile();
    if (!f) throw std::runtime_error("--jobs: cannot create a temporary file");
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("--jobs: cannot start a worker process");
    if (pid == 0) {
      worker_coverage_start(how, w);
      for (std::size_t i = static_cast<std::size_t>(w); i < cases.size(); i += static_cast<std::size_t>(jobs)) {
        const verify::CaseResult r = run_one(cases[i], how);  // never throws
        std::string why = r.failure;
        for (char& ch : why)
          if (ch == '\n' || ch == '\t') ch = ' ';
        std::fprintf(f, "%zu\t%d\t%d\t%llu\t%llu\t%llu\t%.17g\t%s\n", i, r.passed ? 1 : 0, r.lockstep ? 1 : 0,
                     static_cast<unsigned long long>(r.outputs), static_cast<unsigned long long>(r.cycles),
                     static_cast<unsigned long long>(r.cycles_compared), r.seconds, why.c_str());
      }
      std::fflush(f);
      try {
        worker_coverage_done(how, w);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "qmac verify: worker %d: %s\n", w, e.what());
        _exit(1);
      }
      _exit(0);
    }
    workers.emplace_back(pid, f);
  }
  std::vector<bool> seen(cases.size(), false);
  for (auto& [pid, f] : workers) {
    int status = 0;
    waitpid(pid, &status, 0);
    std::rewind(f);
    char line[4096];
    while (std::fgets(line, sizeof line, f)) {
      std::istringstream in(line);
      std::size_t i;
      int passed, lockstep;
      verify::CaseResult r;
      in >> i >> passed >> lockstep >> r.outputs >> r.cycles >> r.cycles_compared >> r.seconds;
      if (!in || i >= cases.size()) continue;
      in.get();
      std::getline(in, r.failure);
      r.passed = passed != 0;
      r.lockstep = lockstep != 0;
      results[i] = r;
      seen[i] = true;
    }
    std::fclose(f);
  }
  // A worker that died leaves its cases unreported: they fail, never pass silently.
  for (std::size_t i = 0; i < cases.size(); ++i)
    if (!seen[i]) results[i].failure = "the worker process running this case died";
  return results;
}

}  // namespace

int verify_command(int argc, char** argv, std::ostream& out, std::ostream& err) {
  po::options_description opts("qmac verify [options]: golden, the SystemC model and (where built) the RTL array, case by case\noptions");
  std::string suite = "quick", filter = "*", junit;
  std::uint64_t seed = 1;
  int jobs = 1;
  opts.add_options()("help,h", "this help")
      ("suite", po::value(&suite)->default_value("quick"), "quick (make test) or full (make verify)")
      ("seed", po::value(&seed)->default_value(1), "suite seed; each case's seed derives from it and the case name")
      ("filter", po::value(&filter)->default_value("*"), "run the cases whose name matches this glob, e.g. 'int8.ws.*'")
      ("junit", po::value(&junit), "write JUnit XML here")
      ("jobs", po::value(&jobs)->default_value(1), "run the cases in this many processes (1..64)")
      ("require-rtl", "fail every selected case that cannot run on the RTL (a model-only case)")
      ("waves", po::value<std::string>(), "DIR: each failing lockstep case runs again with the RTL traced around its first "
                                          "mismatch (+-32 cycles) into DIR/<case>.fst")
      ("coverage", po::value<std::string>(), "DIR: write the RTL's coverage points (line, toggle, cover property) summed over "
                                             "every case to DIR/coverage.dat; needs a coverage build (make coverage)")
      ("list", "list the cases and exit");
  // Not in --help: makes every lockstep case fail on purpose (XORs a mask into the RTL's first output),
  // so that the failure path (--waves, the JUnit failure, the exit code) can be tested end to end.
  po::options_description hidden;
  hidden.add_options()("inject-fault", po::value<std::uint64_t>(), "");
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  if (const auto stop = parse_command_line(argc, argv, opts, all, nullptr, vm, "verify", out, err)) return *stop;
  HowToRun how;
  how.require_rtl = vm.count("require-rtl") > 0;
  if (vm.count("waves")) how.options.waves_dir = vm["waves"].as<std::string>();
  if (vm.count("inject-fault")) how.options.inject_output_fault = vm["inject-fault"].as<std::uint64_t>();
  if (vm.count("coverage")) {
    how.coverage_dir = vm["coverage"].as<std::string>();
#ifdef QMAC_HAVE_COSIM
    const bool built = cosim::rtl_coverage_built();
#else
    const bool built = false;
#endif
    if (!built) {
      err << "qmac verify: --coverage: this qmac's RTL was built without coverage points; `make coverage` builds one "
             "(build-coverage/qmac) and runs the full suite with it\n";
      return 2;
    }
  }
  if (jobs < 1 || jobs > 64) {
    err << "qmac verify: --jobs must be 1..64, not " << jobs << "\n";
    return 2;
  }
  std::vector<verify::VerifyCase> cases;
  try {
    for (auto& c : verify::build_suite(suite, seed))
      if (fnmatch(filter.c_str(), c.name.c_str(), 0) == 0) cases.push_back(std::move(c));
    if (!how.options.waves_dir.empty()) io::prepare_output_dir(how.options.waves_dir);
    if (!how.coverage_dir.empty()) {
      io::prepare_output_dir(how.coverage_dir);
      // A part left by an earlier run must not count in this one.
      for (int w = 0; w < 64; ++w) std::remove(worker_coverage_file(how.coverage_dir, w).c_str());
    }
    if (vm.count("junit")) io::prepare_output_file(junit);
  } catch (const std::exception& e) {
    err << "qmac verify: " << e.what() << "\n";
    return 2;
  }
  if (cases.empty()) {
    err << "qmac verify: no case of the " << suite << " suite matches '" << filter << "' (--list shows them)\n";
    return 2;
  }
  if (vm.count("list")) {
    for (const auto& c : cases) out << c.name << "\n";
    return 0;
  }
  const bool require_rtl = how.require_rtl;
  out << "qmac " QMAC_VERSION " verify: suite " << suite << ", seed " << seed << ", " << cases.size() << " cases, " << jobs
      << (jobs == 1 ? " job\n" : " jobs\n") << std::flush;
  const auto t0 = std::chrono::steady_clock::now();
  struct Tally { int passed = 0, total = 0, lockstep = 0; };
  std::map<std::string, Tally> by_kind;
  std::vector<verify::CaseResult> results;
  try {
    results = run_cases(cases, jobs, how);
  } catch (const std::runtime_error& e) {
    err << "qmac verify: " << e.what() << "\n";
    return 1;
  }
  std::string coverage_line;
  if (!how.coverage_dir.empty()) {
    // One table from the workers' (a worker that died has no file; its cases already fail).
    io::CoverageCounts counts;
    try {
      for (int w = 0; w < jobs; ++w) {
        const std::string part = worker_coverage_file(how.coverage_dir, w);
        if (std::FILE* f = std::fopen(part.c_str(), "r")) {
          std::fclose(f);
          io::add_coverage_file(part, counts);
          std::remove(part.c_str());
        }
      }
      if (counts.empty()) throw std::runtime_error("no RTL model ran, so no coverage point was collected");
      io::write_coverage_file(how.coverage_dir + "/coverage.dat", counts);
    } catch (const std::exception& e) {
      err << "qmac verify: --coverage: " << e.what() << "\n";
      return 1;
    }
    std::size_t hit = 0;
    for (const auto& kv : counts) hit += kv.second > 0;
    coverage_line = "coverage: " + std::to_string(hit) + " of " + std::to_string(counts.size()) + " RTL coverage points hit -> " +
                    how.coverage_dir + "/coverage.dat (tests/coverage/coverage_report.py makes line.info, coverage.info, HTML)\n";
  }
  int failed = 0, lockstep = 0, model_only = 0, units = 0;
  std::uint64_t cycles_compared = 0;
  for (std::size_t ci = 0; ci < cases.size(); ++ci) {
    const auto& c = cases[ci];
    const verify::CaseResult& r = results[ci];
    auto& t = by_kind[c.kind];
    ++t.total;
    t.passed += r.passed;
    t.lockstep += r.lockstep;
    failed += !r.passed;
    lockstep += c.engine == verify::Engine::ModelRtl;
    model_only += c.engine == verify::Engine::Model;
    units += c.engine == verify::Engine::Rtl;
    cycles_compared += r.cycles_compared;
    char line[512];
    std::snprintf(line, sizeof line, "%s  %-48s seed=0x%016llx outputs=%-5llu cycles=%-7llu %s", r.passed ? "PASS" : "FAIL",
                  c.name.c_str(), static_cast<unsigned long long>(c.seed), static_cast<unsigned long long>(r.outputs),
                  static_cast<unsigned long long>(r.cycles), verify::engine_name(c.engine));
    out << line;
    if (c.engine == verify::Engine::ModelRtl) out << " compared=" << r.cycles_compared;
    out << "\n";
    if (!r.passed) out << "      " << r.failure << "\n      re-run: qmac verify --suite " << suite << " --seed " << seed
                       << " --filter '" << c.name << "'" << (require_rtl ? " --require-rtl" : "") << "\n";
  }
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  out << "\n" << "kind                 passed   total  with RTL\n";
  for (const auto& [k, t] : by_kind) {
    char line[128];
    std::snprintf(line, sizeof line, "%-19s %7d %7d %9d\n", k.c_str(), t.passed, t.total, t.lockstep);
    out << line;
  }
  out << "engines: " << lockstep << " model+rtl lockstep cases (" << cycles_compared << " cycles compared), " << model_only
      << " model only, " << units << " rtl (unit checks; full suite: arrays with stalls)\n";
  out << "total: " << cases.size() - static_cast<std::size_t>(failed) << " of " << cases.size() << " cases passed in "
      << wall << " s\n" << coverage_line;
  if (!junit.empty()) {
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"qmac verify " << suite
      << "\" tests=\"" << cases.size() << "\" failures=\"" << failed << "\" time=\"" << wall << "\">\n";
    auto prop = [&x](const char* name, const std::string& value) {
      x << "<property name=\"" << name << "\" value=\"" << xml_text(value) << "\"/>";
    };
    x << "    <properties>";
    prop("qmac_version", QMAC_VERSION);
    prop("seed", std::to_string(seed));
    prop("lockstep_cases", std::to_string(lockstep));
    prop("model_cases", std::to_string(model_only));
    prop("rtl_unit_cases", std::to_string(units));
    prop("cycles_compared", std::to_string(cycles_compared));
    x << "</properties>\n";
    for (std::size_t i = 0; i < cases.size(); ++i) {
      const auto& c = cases[i];
      const auto& r = results[i];
      x << "    <testcase classname=\"" << xml_text(c.kind) << "\" name=\"" << xml_text(c.name) << "\" time=\"" << r.seconds << "\">";
      x << "<properties>";
      prop("engine", verify::engine_name(c.engine));
      if (c.unit.empty()) {
        prop("kind", c.kind);
        prop("dataflow", std::string(models::dataflow_name(c.arch.dataflow)));
        prop("size", std::to_string(c.arch.rows) + "x" + std::to_string(c.arch.cols));
      } else {
        prop("unit", c.kind.substr(c.kind.find(':') + 1));
      }
      prop("seed", std::to_string(c.seed));
      if (c.engine == verify::Engine::ModelRtl) prop("cycles_compared", std::to_string(r.cycles_compared));
      x << "</properties>";
      if (!r.passed) x << "<failure message=\"" << xml_text(r.failure) << "\">seed " << c.seed << "</failure>";
      x << "</testcase>\n";
    }
    x << "  </testsuite>\n</testsuites>\n";
    try {
      io::write_atomically(junit, x.str());
    } catch (const std::runtime_error& e) {
      err << "qmac verify: " << e.what() << "\n";
      return 1;
    }
    out << "junit: " << junit << "\n";
  }
  return failed ? 4 : 0;
}

}  // namespace qmac::cli
