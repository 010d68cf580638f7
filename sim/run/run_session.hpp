// A run, assembled once: the one library call behind `qmac run`, its
// --compare, and `explore --arch`'s costs. prepare_run() reads and validates
// everything a run depends on (architecture, --mac and --timing overrides,
// technology tables, workload, real operands, the RTL array in rtl mode) and
// hashes every file read, before anything is simulated; execute_run() runs the
// layers and records every check; write_run_reports() writes the files.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/cosim/lockstep_stats.hpp"
#include "sim/report/run_report.hpp"
#include "sim/run/run_workload.hpp"

namespace qmac::sim {

// What a run is asked for, every option already parsed.
struct RunRequest {
  std::string arch_file, workload_file;
  RunMode mode = RunMode::Fast;
  std::uint64_t seed = 1;
  std::string mac;                  // a MAC kind overriding the architecture's ("": the file's)
  std::string mac_source = "--mac"; // how messages name where `mac` came from
  std::optional<models::TimingMode> timing;
  std::vector<std::string> inputs;  // --inputs LAYER=A,B (cycle and rtl mode)
  // rtl mode: each layer's waveform in trace_dir/<layer>.fst, cycles trace_from..trace_to.
  std::string trace_dir;
  std::uint64_t trace_from = 1, trace_to = UINT64_MAX;
};

struct RunSession {
  RunRequest request;
  report::RunReport rep;                    // arch, tables, inputs and their hashes; layers after execute_run
  std::vector<models::GemmLayer> layers;
  RunOptions options;                       // the caller may set options.progress
  std::shared_ptr<cosim::LockstepStats> lockstep;  // rtl mode: what the lockstep compared
};

// Throws config::ConfigError (a bad file, option or combination: the message
// names it) before anything runs. A --mac kind must have a full hardware model.
RunSession prepare_run(const RunRequest& request);

// Runs the layers (RunOptions) and appends the checks: golden's in cycle and
// rtl mode, and in rtl mode the lockstep's. After a lockstep mismatch (and no
// --trace) the failing layer runs again with the same seed, traced around the
// mismatch into mismatch_dir; what was written is said on `err`. Throws
// config::ConfigError as run_workload does.
RunTotals execute_run(RunSession& s, const std::string& mismatch_dir, std::ostream& err);

// report.json, report.csv, report.html (and SCALE-Sim's own reports for a
// SCALE-Sim topology) into out_dir, each atomically; throws std::runtime_error.
void write_run_reports(const report::RunReport& rep, const std::string& out_dir);

}  // namespace qmac::sim
