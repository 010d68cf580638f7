#include "sim/run/run_workload.hpp"

#include <chrono>
#include <stdexcept>

#include "golden/mac/pe_arith.hpp"
#include "models/accelerator.hpp"
#include "models/fast/fast_model.hpp"
#include "models/limits.hpp"
#include "sim/config/golden_table_config.hpp"
#include "sim/run/golden_check.hpp"
#include "sim/run/random_operands.hpp"

namespace qmac::sim {

const char* run_mode_name(RunMode m) {
  switch (m) {
    case RunMode::Fast: return "fast";
    case RunMode::Cycle: return "cycle";
    case RunMode::Rtl: return "rtl";
  }
  return "?";
}

std::optional<RunMode> parse_run_mode(const std::string& name) {
  for (RunMode m : {RunMode::Fast, RunMode::Cycle, RunMode::Rtl})
    if (name == run_mode_name(m)) return m;
  return std::nullopt;
}

models::GemmLayer padded_along_k(const models::ArchSpec& arch, const models::GemmLayer& L) {
  const std::int64_t b = arch.mac.block;
  models::GemmLayer p = L;
  if (b > 0 && L.k % b != 0) p.k = (L.k / b + 1) * b;
  return p;
}

namespace {

// The padding's operands are zeros: A's columns and B's rows from `k` on.
// A token keeps its block scale (and a DialectFP4 element its block's dialect).
std::uint32_t zero_of(std::uint32_t t, bool dialect) {
  const std::uint8_t scale = golden::pe::token_scale(t);
  return dialect ? golden::pe::dialect_token(static_cast<std::uint8_t>(golden::pe::token_code(t) >> 4), 0, scale)
                 : golden::pe::token(0, scale);
}

void zero_padding(const models::ArchSpec& arch, std::int64_t k, const models::GemmLayer& P, models::LayerOperands& ops) {
  // A's tokens are raw FP16/BF16 codes when the online quantizer takes them (zero: code 0).
  const bool a_dialect = arch.mac.is_dialect() && !arch.online_quantizer(), b_dialect = arch.mac.is_dialect();
  for (std::int64_t m = 0; m < P.m; ++m)
    for (std::int64_t j = k; j < P.k; ++j) {
      auto& t = ops.a[static_cast<std::size_t>(m * P.k + j)];
      t = zero_of(t, a_dialect);
    }
  for (std::int64_t j = k; j < P.k; ++j)
    for (std::int64_t n = 0; n < P.n; ++n) {
      auto& t = ops.b[static_cast<std::size_t>(j * P.n + n)];
      t = zero_of(t, b_dialect);
    }
}

}  // namespace

void check_workload(const models::ArchSpec& arch, const std::vector<models::GemmLayer>& layers, RunMode mode,
                    const std::string& workload_file, const std::string& arch_file) {
  for (const auto& L : layers) {
    const std::string where = workload_file + ":" + std::to_string(L.line) + ": ";
    try {
      models::FoldPlan check(arch, padded_along_k(arch, L));  // dropped: run_workload builds plans one at a time
    } catch (const std::invalid_argument& e) {
      throw config::ConfigError(where + e.what() + " (architecture " + arch_file + ")");
    }
    const auto elems = static_cast<unsigned __int128>(L.m) * static_cast<std::uint64_t>(L.k) +
                       static_cast<unsigned __int128>(L.k) * static_cast<std::uint64_t>(L.n) +
                       static_cast<unsigned __int128>(L.m) * static_cast<std::uint64_t>(L.n);
    if (mode != RunMode::Fast && elems > models::kMaxCycleModeElements)
      throw config::ConfigError(where + "layer '" + L.name + "' holds " + std::to_string(static_cast<std::uint64_t>(elems)) +
                                " operand and output elements; cycle mode simulates at most 2^28 (use --mode fast)");
  }
}

RunTotals run_workload(report::RunReport& rep, const std::vector<models::GemmLayer>& layers, const RunOptions& opt) {
  RunTotals t;
  report::RunCheck golden_check{"outputs vs golden GEMM (dataflow's accumulation order)", "outputs", 0, 0, {}};
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (opt.progress) opt.progress(i, layers[i]);
    // K that does not fill the last block is padded with zeros, as the hardware does.
    const models::GemmLayer L = padded_along_k(rep.arch, layers[i]);
    const models::FoldPlan plan(rep.arch, L);
    models::Counters c;
    models::Activity activity;
    if (opt.mode == RunMode::Fast) {
      c = models::fast_layer(plan);
    } else {
      // One instance is simulated; repeats of the same GEMM cost the same.
      std::optional<models::LayerOperands> given;
      if (opt.operands) given = opt.operands(layers[i], L);
      models::LayerOperands ops = given ? std::move(*given) : random_operands(rep.arch, L, opt.seed + i);
      if (L.k != layers[i].k) zero_padding(rep.arch, layers[i].k, L, ops);
      const models::LayerRun run = models::Accelerator::instance().run(plan, ops, opt.array);
      c = run.counters;
      activity = run.activity;
      const GoldenCheck g = check_against_golden(rep.arch, L, ops, run.c);
      golden_check.compared += g.compared;
      golden_check.matched += g.matched;
      if (golden_check.first_mismatch.empty()) golden_check.first_mismatch = g.first_mismatch;
      t.pe_updates += static_cast<std::uint64_t>(rep.arch.rows) * static_cast<std::uint64_t>(rep.arch.cols) * c.compute_cycles;
    }
    try {
      rep.layers.push_back({layers[i], c.scaled(L.repeat), L.k - layers[i].k, activity.scaled(L.repeat)});
      t.macs += rep.layers.back().counters.macs;
      (void)rep.total();  // the sum over layers must fit too
    } catch (const std::overflow_error& e) {
      throw config::ConfigError(rep.workload_file + ":" + std::to_string(L.line) + ": layer '" + L.name + "': " + e.what());
    }
  }
  t.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (opt.mode != RunMode::Fast) rep.checks.push_back(golden_check);
  return t;
}

}  // namespace qmac::sim
