// `qmac verify`'s regression: cases of MAC kind x dataflow x array size x GEMM
// shape x operand distribution, each run through the SystemC model (and,
// where a Verilated array is built for it, the RTL array in lockstep), every
// output held against golden's GEMM and cycle mode's counters against fast
// mode's. A case's seed comes from the suite seed and its name, so one case
// re-runs alone with --filter NAME and the same --seed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/arch_spec.hpp"

namespace qmac::verify {

// Uniform codes; all zeros; +-max and +-min; NaN/Inf/NaR (and MX NaN scales)
// injected; LLM-like Gaussian values with outlier channels in A.
enum class Distribution { Uniform, Zeros, Extremes, Specials, Outliers };
const char* distribution_name(Distribution d);

// What a case runs, planned when the suite is built: the RTL array in
// lockstep with the model where rtl/built_arrays.txt has one for the case's
// kind, size and dataflow; the model alone elsewhere; an RTL unit check, or
// (full suite) a built array alone with stalls, checked against golden.
enum class Engine { Model, ModelRtl, Rtl };
const char* engine_name(Engine e);  // "model", "model+rtl", "rtl"

struct VerifyCase {
  std::string name;   // kind.dataflow.RxC.shape.distribution, or unit.<unit check's name>
  std::string kind;   // the MAC kind's name, or unit:<RTL module> (JUnit class)
  std::string unit;   // non-empty: a unit check (sim/unitcheck) of this name; the rest below is unused
  models::ArchSpec arch;
  models::GemmLayer layer;
  Distribution dist = Distribution::Uniform;
  std::uint64_t seed = 0;
  bool effort_full = false;  // unit checks: the full suite's effort (else the quick one's)
  Engine engine = Engine::Model;
  // > 0 (engine rtl): the RTL array alone with this chance of a stall before
  // each streaming cycle, its outputs held against golden (backpressure).
  double stall_probability = 0;
};

struct CaseResult {
  bool passed = false;
  bool lockstep = false;        // the RTL ran: the array beside the model (and ran folds), or a unit check
  std::uint64_t outputs = 0;    // compared with golden
  std::uint64_t cycles = 0;     // simulated
  std::uint64_t cycles_compared = 0;  // lockstep: cycles on which the RTL's state was compared with the model's
  std::string failure;          // the first disagreement, or why the case could not run as planned
  double seconds = 0;
};

// "quick" (make test) or "full" (make verify); throws std::invalid_argument otherwise.
// With the RTL built, every built array runs in lockstep at least once per
// kind and dataflow it is declared for, and each suite ends with the RTL unit
// checks (sim/unitcheck) at the suite's effort.
std::vector<VerifyCase> build_suite(const std::string& suite, std::uint64_t seed);

struct RunCaseOptions {
  // Non-empty: a failing lockstep case runs again with the RTL traced around its
  // first mismatch (+-32 cycles) into waves_dir/<case>.fst; the failure names it.
  std::string waves_dir;
  // Testing the failure path: XORed into the RTL's first output (LockstepStats).
  std::uint64_t inject_output_fault = 0;
};

// Runs one case on its planned engine. A case planned for the RTL that does not
// run it fails; so does any exception (its message is the failure): run_case
// never throws.
CaseResult run_case(const VerifyCase& c, const RunCaseOptions& options = {});

// Tokens as random_operands lays them out, with the distribution applied.
void apply_distribution(const models::ArchSpec& arch, const models::GemmLayer& layer, Distribution d, std::uint64_t seed,
                        std::vector<std::uint32_t>& a, std::vector<std::uint32_t>& b);

}  // namespace qmac::verify
