#include "sim/verify/verify_suite.hpp"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <random>
#include <stdexcept>

#include "golden/formats/dialectfp4.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "golden/mac/online_activation.hpp"
#include "golden/mac/pe_arith.hpp"
#include "models/accelerator.hpp"
#include "models/fast/fast_model.hpp"
#include "sim/run/golden_check.hpp"
#include "sim/run/random_operands.hpp"
#include "sim/verify/mac_kinds.hpp"
#ifdef QMAC_HAVE_COSIM
#include "sim/cosim/built_arrays.hpp"
#include "sim/cosim/rtl_arrays.hpp"
#include "sim/unitcheck/unit_check.hpp"
#endif

namespace qmac::verify {
namespace {

// FNV-1a: a case's seed from the suite seed and its name, stable across runs and builds.
std::uint64_t case_seed(std::uint64_t seed, const std::string& name) {
  std::uint64_t h = 1469598103934665603ull ^ seed;
  for (unsigned char ch : name) h = (h ^ ch) * 1099511628211ull;
  return h;
}

bool has_specials(const models::ArchSpec& a) {
  const auto& m = a.mac;
  if (m.family == golden::MacFamily::MxBlock) return true;  // NaN scales
  if (a.online_quantizer()) return true;                    // FP16/BF16 NaN and Inf into the quantizer
  return m.a_elem && (m.a_elem->has_nan || m.a_elem->has_inf);  // posits: NaR
}

}  // namespace

const char* engine_name(Engine e) {
  switch (e) {
    case Engine::Model: return "model";
    case Engine::ModelRtl: return "model+rtl";
    case Engine::Rtl: return "rtl";
  }
  return "?";
}

const char* distribution_name(Distribution d) {
  switch (d) {
    case Distribution::Uniform: return "uniform";
    case Distribution::Zeros: return "zeros";
    case Distribution::Extremes: return "extremes";
    case Distribution::Specials: return "specials";
    case Distribution::Outliers: return "outliers";
  }
  return "?";
}

std::vector<VerifyCase> build_suite(const std::string& suite, std::uint64_t seed) {
  if (suite != "quick" && suite != "full") throw std::invalid_argument("--suite: expected quick or full, not '" + suite + "'");
  const bool full = suite == "full";
  // `lean`: a size the suite takes only because an array of that size is built
  // for the kind (the quick suite's 8x8): one shape, uniform codes.
  struct Size { int r, c; bool lean = false; };
  const std::vector<Size> sizes = full ? std::vector<Size>{{2, 2}, {4, 4}, {8, 8}, {3, 5}} : std::vector<Size>{{4, 4}, {3, 5}};
  const std::vector<Distribution> dists = {Distribution::Uniform, Distribution::Zeros, Distribution::Extremes, Distribution::Specials,
                                           Distribution::Outliers};
  std::vector<VerifyCase> out;
  std::size_t rotate = 0;
  for (const NamedMacKind& k : named_mac_kinds()) {
    const golden::MacKind mac = mac_kind_named(k.name);
    const std::int64_t blk = mac.block;
    // Shapes: ragged everywhere (K not a multiple of the array), the smallest, and a square one.
    struct Shape { const char* name; std::int64_t m, k, n; };
    std::vector<Shape> shapes = {{"ragged", 9, blk ? 2 * blk : 13, 7}, {"1x1x1", 1, blk ? blk : 1, 1}};
    if (full) shapes.push_back({"square", 16, blk ? 2 * blk : 16, 16});
    std::vector<Size> kind_sizes = sizes;
#ifdef QMAC_HAVE_COSIM
    // Every built array of this kind runs in lockstep, whatever the suite's sizes.
    for (const cosim::BuiltArray& b : cosim::built_arrays())
      if (std::find(b.kinds.begin(), b.kinds.end(), k.name) != b.kinds.end() &&
          std::none_of(kind_sizes.begin(), kind_sizes.end(), [&](const Size& z) { return z.r == b.rows && z.c == b.cols; }))
        kind_sizes.push_back({b.rows, b.cols, true});
#endif
    // The activation paths: a kind the online quantizer serves runs its default
    // path (DialectFP4 from FP16, MX pre-quantized) and, in the full suite, the other one too.
    std::vector<golden::ActivationInput> inputs = {golden::ActivationInput::Prequantized};
    if (golden::online_mode(mac)) {
      if (mac.is_dialect()) inputs = {golden::ActivationInput::Fp16};
      if (full) inputs.push_back(mac.is_dialect() ? golden::ActivationInput::Bf16 : golden::ActivationInput::Fp16);
    }
    for (golden::ActivationInput input : inputs)
    for (models::Dataflow df : {models::Dataflow::WS, models::Dataflow::OS, models::Dataflow::IS})
      for (const Size& sz : kind_sizes) {
        // WS/IS fold K onto the rows: a block format needs the rows to divide its block.
        if (blk && df != models::Dataflow::OS && blk % sz.r != 0) continue;
        for (const Shape& sh : shapes) {
          if (sz.lean && &sh != &shapes.front()) continue;
          std::vector<Distribution> ds;
          if (full) ds = dists;
          else if (sz.lean) ds = {Distribution::Uniform};
          else ds = {Distribution::Uniform, dists[1 + rotate++ % (dists.size() - 1)]};
          for (Distribution d : ds) {
            VerifyCase c;
            c.arch.rows = sz.r;
            c.arch.cols = sz.c;
            c.arch.dataflow = df;
            c.arch.mac = mac;
            c.arch.activation_input = input;
            c.arch.dram = {4.0, 9};
            c.arch.timing = models::TimingMode::Rtl;
            for (auto* s : {&c.arch.input_sram, &c.arch.weight_sram, &c.arch.output_sram}) s->bytes = 1 << 20;
            if (d == Distribution::Specials && !has_specials(c.arch)) continue;
            c.kind = k.name;
            c.name = std::string(k.name) + "." + std::string(models::dataflow_name(df)) + "." + std::to_string(sz.r) + "x" +
                     std::to_string(sz.c) + "." + sh.name + "." + distribution_name(d);
            if (input != inputs.front()) c.name += std::string(".") + golden::activation_input_name(input);
            c.layer = {sh.name, sh.m, sh.k, sh.n, 1, 0};
            c.dist = d;
            c.seed = case_seed(seed, c.name);
#ifdef QMAC_HAVE_COSIM
            if (cosim::built_array_for(c.arch)) c.engine = Engine::ModelRtl;
#endif
            out.push_back(std::move(c));
          }
        }
      }
  }
#ifdef QMAC_HAVE_COSIM
  // Full suite: every built array once more with backpressure (random stalls;
  // the RTL alone, its outputs held against golden).
  if (full)
    for (const cosim::BuiltArray& b : cosim::built_arrays()) {
      const std::string base = b.kinds.front() + "." + std::string(models::dataflow_name(b.dataflows.front())) + "." +
                               std::to_string(b.rows) + "x" + std::to_string(b.cols) + ".ragged.uniform";
      const auto it = std::find_if(out.begin(), out.end(), [&](const VerifyCase& c) { return c.name == base; });
      if (it == out.end()) throw std::logic_error("build_suite: no case " + base + " for the stalled run of " + b.model);
      VerifyCase c = *it;
      c.name += ".stalls";
      c.seed = case_seed(seed, c.name);
      c.engine = Engine::Rtl;
      c.stall_probability = 0.25;
      out.push_back(std::move(c));
    }
  for (const unitcheck::UnitCheck& u : unitcheck::unit_checks()) {
    VerifyCase c;
    c.unit = u.name;
    c.name = std::string("unit.") + u.name;
    c.kind = std::string("unit:") + u.unit;
    c.seed = case_seed(seed, c.name);
    c.effort_full = full;
    c.engine = Engine::Rtl;
    out.push_back(std::move(c));
  }
#endif
  return out;
}

void apply_distribution(const models::ArchSpec& arch, const models::GemmLayer& L, Distribution d, std::uint64_t seed,
                        std::vector<std::uint32_t>& a, std::vector<std::uint32_t>& b) {
  if (d == Distribution::Uniform) return;
  std::mt19937_64 rng(seed ^ 0x5eed);
  const auto& m = arch.mac;
  const bool raw_a = arch.online_quantizer();  // FP16/BF16 before the online quantizer
  auto set_code = [](std::uint32_t& t, std::uint32_t code, std::uint32_t code_mask) { t = (t & ~code_mask) | (code & code_mask); };
  for (int side = 0; side < 2; ++side) {
    auto& v = side == 0 ? a : b;
    const bool raw = side == 0 && raw_a;
    // The code a token carries: raw A is FP16/BF16, the rest the MAC's elements.
    const golden::Format* f = raw ? &arch.activation_format() : side == 0 ? m.a_elem : m.b_elem;
    // The code field of a token: DialectFP4's 4-bit code under its dialect; else the element's bits.
    const std::uint32_t mask = raw ? 0xFFFFu : m.is_dialect() ? 0xFu : (1u << (side == 0 ? m.a_bits : m.b_bits)) - 1;
    std::normal_distribution<double> gauss(0.0, 1.0);
    // Outliers: values well inside the format's range (max / 32 per sigma).
    const double sigma = f ? std::ldexp(1.0, f->max_finite.log2_floor() - 5) : 1.0;
    const std::size_t K = static_cast<std::size_t>(L.k);
    for (std::size_t idx = 0; idx < v.size(); ++idx) {
      auto& t = v[idx];
      switch (d) {
        case Distribution::Outliers: {
          // LLM-like: Gaussian values, and in A (activations, M x K) every
          // 16th channel 32x larger (the outlier features of LLM.int8()).
          const bool outlier = side == 0 && (idx % K) % 16 == 3;
          const double x = gauss(rng) * (outlier ? 32.0 : 1.0);
          std::uint32_t code;
          if (!f) {
            const int index = std::min(golden::DialectFp4::kMaxIndex, static_cast<int>(std::fabs(x) * 2.0));
            code = golden::DialectFp4::code(x < 0, index);
          } else {
            const float f32 = static_cast<float>(x * sigma);
            code = static_cast<std::uint32_t>(f->encode(golden::from_fp32_bits(std::bit_cast<std::uint32_t>(f32)),
                                                         golden::Rounding::NearestEven, golden::Overflow::Saturate, nullptr));
          }
          set_code(t, code, mask);
          break;
        }
        case Distribution::Zeros:
          set_code(t, 0, mask);
          break;
        case Distribution::Extremes: {
          // Raw activations: every other quantizer block along K all tiny, the
          // rest mixed, so a block of subnormals alone reaches the quantizer
          // (its scale then needs no right shift of the values).
          const bool tiny_block = raw && ((idx % K) / static_cast<std::size_t>(m.block)) % 2 == 1;
          const bool neg = rng() & 1, big = !tiny_block && (rng() & 1);
          std::uint32_t code;
          if (!f) code = golden::DialectFp4::code(neg, big ? golden::DialectFp4::kMaxIndex : 1);  // DialectFP4: no scalar element
          else {
            const golden::Value v = big ? f->max_finite : f->min_positive;
            code = static_cast<std::uint32_t>(f->encode(neg ? v.negated() : v, golden::Rounding::NearestEven,
                                                         golden::Overflow::Saturate, nullptr));
          }
          set_code(t, code, mask);
          break;
        }
        case Distribution::Specials: {
          if (rng() % 50) break;  // about 2% of the operands
          // The format's own NaN code (a posit's NaR), an Inf, or (MX) a NaN block scale.
          if (m.family == golden::MacFamily::MxBlock && !raw && (rng() & 1)) t = (t & 0xFFFFu) | (0xFFu << 16);  // NaN scale
          else if (f && (f->has_nan || f->has_inf))
            set_code(t, static_cast<std::uint32_t>(f->encode(f->has_inf && (rng() & 1) ? golden::Value::inf(rng() & 1)
                                                                                        : golden::Value::nan(),
                                                             golden::Rounding::NearestEven, golden::Overflow::NoSaturate, nullptr)),
                     mask);
          break;
        }
        case Distribution::Uniform: break;
      }
    }
  }
  // A block's scale must be one per block: a NaN scale injected into one token spreads to its block.
  if (m.family == golden::MacFamily::MxBlock && d == Distribution::Specials) {
    const std::size_t B = static_cast<std::size_t>(m.block);
    for (std::size_t i = 0; i < a.size() && !raw_a; i += B) {
      bool nan = false;
      for (std::size_t j = i; j < i + B; ++j) nan |= (a[j] >> 16) == 0xFF;
      if (nan)
        for (std::size_t j = i; j < i + B; ++j) a[j] = (a[j] & 0xFFFFu) | (0xFFu << 16);
    }
    // B is K x N row-major: its blocks run down K, a column at a time.
    const std::size_t N = static_cast<std::size_t>(L.n);
    for (std::size_t k0 = 0; k0 < static_cast<std::size_t>(L.k); k0 += B)
      for (std::size_t n = 0; n < N; ++n) {
        bool nan = false;
        for (std::size_t k = k0; k < k0 + B; ++k) nan |= (b[k * N + n] >> 16) == 0xFF;
        if (nan)
          for (std::size_t k = k0; k < k0 + B; ++k) b[k * N + n] = (b[k * N + n] & 0xFFFFu) | (0xFFu << 16);
      }
  }
}

namespace {

CaseResult run_unit_check(const VerifyCase& c) {
  CaseResult r;
#ifdef QMAC_HAVE_COSIM
  for (const unitcheck::UnitCheck& u : unitcheck::unit_checks())
    if (c.unit == u.name) {
      const unitcheck::UnitCheckResult u_r = u.run(c.seed, c.effort_full ? unitcheck::Effort::Full : unitcheck::Effort::Quick);
      r.lockstep = true;
      r.outputs = u_r.compared;
      r.failure = u_r.first_mismatch;
      if (r.failure.empty() && u_r.compared == 0) r.failure = "the unit check compared nothing";
    }
  if (!r.lockstep) r.failure = "no unit check named " + c.unit;
#else
  r.failure = "qmac was built without the RTL: no unit checks";
#endif
  return r;
}

models::LayerOperands case_operands(const VerifyCase& c) {
  models::LayerOperands ops = sim::random_operands(c.arch, c.layer, c.seed);
  apply_distribution(c.arch, c.layer, c.dist, c.seed, ops.a, ops.b);
  return ops;
}

#ifdef QMAC_HAVE_COSIM
// The failing lockstep case again, same operands, with the RTL traced around
// the first mismatch (+-32 cycles) into DIR/<case>.fst; what to say about it.
std::string write_waves(const VerifyCase& c, const RunCaseOptions& o, const cosim::LockstepStats& first) {
  cosim::LockstepStats again;
  again.inject_output_fault = o.inject_output_fault;
  again.trace_dir = o.waves_dir;
  again.trace_from = first.mismatch_cycle > 32 ? first.mismatch_cycle - 32 : 1;
  again.trace_to = first.mismatch_cycle + 32;
  models::GemmLayer L = c.layer;
  L.name = c.name;  // the waveform's file name
  const models::FoldPlan plan(c.arch, L);
  (void)models::Accelerator::instance().run(plan, case_operands(c), cosim::lockstep_factory(&again));
  const std::string file = o.waves_dir + "/" + c.name + ".fst";
  std::string where = first.mismatch_cycle > 0 ? first.mismatch_signal + " at the layer's cycle " + std::to_string(first.mismatch_cycle)
                                               : std::string("the act_quantizer (no array cycle)");
  return "; waveform: " + file + " (cycles " + std::to_string(again.trace_from) + ".." + std::to_string(again.trace_to) +
         "); first difference: " + where;
}
#endif

CaseResult run_array_case(const VerifyCase& c, const RunCaseOptions& o) {
  CaseResult r;
  const models::FoldPlan plan(c.arch, c.layer);
  const models::LayerOperands ops = case_operands(c);
  models::ArrayFactory factory = models::make_array_core;
#ifdef QMAC_HAVE_COSIM
  cosim::LockstepStats stats;
  stats.inject_output_fault = o.inject_output_fault;
  if (c.engine == Engine::ModelRtl) factory = cosim::lockstep_factory(&stats);
#else
  (void)o;
  if (c.engine == Engine::ModelRtl) {
    r.failure = "planned on the RTL, but qmac was built without it";
    return r;
  }
#endif
#ifdef QMAC_HAVE_COSIM
  std::uint64_t stalls = 0;
  if (c.stall_probability > 0) factory = cosim::stalling_rtl_array_factory(c.seed, c.stall_probability, &stalls);
#endif
  const models::LayerRun run = models::Accelerator::instance().run(plan, ops, factory);
  r.cycles = run.counters.total_cycles;
  const sim::GoldenCheck g = sim::check_against_golden(c.arch, c.layer, ops, run.c);
  r.outputs = g.compared;
  if (!g.first_mismatch.empty()) r.failure = "golden: " + g.first_mismatch;
#ifdef QMAC_HAVE_COSIM
  if (c.engine == Engine::ModelRtl) {
    r.cycles_compared = stats.cycles;
    if (r.failure.empty() && !stats.ok()) r.failure = "lockstep: " + stats.first_mismatch;
    if (!stats.ok() && !o.waves_dir.empty()) r.failure += write_waves(c, o, stats);
    // Planned on the RTL: it must have run every fold and compared something.
    if (r.failure.empty() && (stats.folds == 0 || stats.cycles == 0 || stats.outputs == 0))
      r.failure = "planned on the RTL, but the lockstep compared " + std::to_string(stats.folds) + " folds, " +
                  std::to_string(stats.cycles) + " cycles and " + std::to_string(stats.outputs) + " outputs";
    r.lockstep = stats.folds > 0;
  }
#endif
#ifdef QMAC_HAVE_COSIM
  if (c.stall_probability > 0) {
    // Stalls lengthen the folds: the RTL's outputs are what is checked, not the model's cycles.
    r.lockstep = true;
    if (r.failure.empty() && stalls == 0) r.failure = "planned with stalls, but none was injected";
    return r;
  }
#endif
  if (r.failure.empty() && !(models::fast_layer(plan) == run.counters))
    r.failure = "fast mode's counters differ from cycle mode's";
  return r;
}

}  // namespace

CaseResult run_case(const VerifyCase& c, const RunCaseOptions& o) {
  const auto t0 = std::chrono::steady_clock::now();
  CaseResult r;
  try {
    r = c.unit.empty() ? run_array_case(c, o) : run_unit_check(c);
  } catch (const std::exception& e) {
    r = CaseResult{};
    r.failure = std::string(c.engine == Engine::ModelRtl ? "the RTL lockstep could not run: " : "the case could not run: ") + e.what();
  } catch (...) {
    r = CaseResult{};
    r.failure = "the case could not run: an exception that is not a std::exception";
  }
  r.passed = r.failure.empty();
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace qmac::verify
