// Lockstep co-simulation: the controller drives a Verilated array (integer,
// FP8, MX, DialectFP4) and the C++ model together (cosim::LockstepCore); every cycle's bottom edge,
// every OS PE sum, every fold's length and every output must agree. The
// outputs are also held against golden's GEMM, and the counters against a run
// of the model alone. Shapes are ragged in every dimension, plus 1x1x1
// (block formats: K is whole blocks, M and N ragged).
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/run/golden_check.hpp"
#include "models/accelerator.hpp"
#include "sim/cosim/built_arrays.hpp"
#include "sim/cosim/rtl_arrays.hpp"
#include "sim/cosim/rtl_quantizer.hpp"
#include "sim/run/random_operands.hpp"
#include "sim/verify/mac_kinds.hpp"

namespace qmac {
namespace {

using models::Dataflow;

models::ArchSpec arch(const std::string& fmt, Dataflow df, int n, models::TimingMode timing, int cols = 0) {
  models::ArchSpec a;
  a.rows = n;
  a.cols = cols ? cols : n;
  a.dataflow = df;
  a.mac = verify::mac_kind_named(fmt);  // "e4m3-kulisch": E4M3 into a Kulisch accumulator
  a.timing = timing;
  a.dram = {3.0, 7};
  for (auto* s : {&a.input_sram, &a.weight_sram, &a.output_sram}) s->bytes = 1 << 20;
  return a;
}

struct Case {
  std::string fmt;
  Dataflow df;
  int n;         // rows
  int cols = 0;  // 0: n (square)
};

// Every kind on every dataflow of every array rtl/built_arrays.txt declares.
std::vector<Case> built_cases() {
  std::vector<Case> v;
  for (const cosim::BuiltArray& b : cosim::built_arrays())
    for (const std::string& kind : b.kinds)
      for (Dataflow df : b.dataflows) v.push_back({kind, df, b.rows, b.rows == b.cols ? 0 : b.cols});
  return v;
}

class Lockstep : public ::testing::TestWithParam<Case> {};

TEST_P(Lockstep, RtlArrayAgreesWithTheModelEveryCycleAndWithGolden) {
  const Case& c = GetParam();
  std::uint64_t seed = 11;
  cosim::LockstepStats stats;
  const golden::MacKind mac = arch(c.fmt, c.df, c.n, models::TimingMode::Rtl, c.cols).mac;
  const bool block = mac.is_block();
  // The edge units (block_edge, quire_edge) are a register: rtl timing only.
  const bool edge = block || mac.family == golden::MacFamily::Kulisch || mac.family == golden::MacFamily::Quire;
  const std::vector<models::GemmLayer> scalar_layers = {{"one", 1, 1, 1, 1, 0}, {"ragged", 9, 13, 7, 1, 0},
                                                        {"tall", 17, 9, 11, 1, 0}, {"even", 8, 16, 8, 1, 0},
                                                        {"deepk", 3, 40, 2, 1, 0}};
  const std::vector<models::GemmLayer> block_layers = {{"one", 1, 32, 1, 1, 0}, {"ragged", 9, 64, 7, 1, 0},
                                                       {"tall", 17, 32, 11, 1, 0}, {"deepk", 3, 96, 2, 1, 0}};
  // The block edge is a register: block formats and Kulisch co-simulate under rtl timing only (refused otherwise, below).
  const std::vector<models::TimingMode> timings =
      edge ? std::vector{models::TimingMode::Rtl} : std::vector{models::TimingMode::Rtl, models::TimingMode::Ideal};
  for (auto timing : timings)
    for (const models::GemmLayer& L : block ? block_layers : scalar_layers) {
      const models::ArchSpec a = arch(c.fmt, c.df, c.n, timing, c.cols);
      const models::FoldPlan plan(a, L);
      const auto ops = sim::random_operands(a, L, seed++);
      const models::LayerRun both = models::Accelerator::instance().run(plan, ops, cosim::lockstep_factory(&stats));
      ASSERT_TRUE(stats.ok()) << stats.first_mismatch;
      const models::LayerRun alone = models::Accelerator::instance().run(plan, ops);
      const std::string where = std::string(c.fmt) + " " + std::string(models::dataflow_name(c.df)) + " " +
                                std::to_string(a.rows) + "x" + std::to_string(a.cols) + " " + L.name;
      EXPECT_EQ(both.c, alone.c) << where;
      EXPECT_EQ(both.counters, alone.counters) << where;
      const sim::GoldenCheck g = sim::check_against_golden(a, L, ops, both.c);
      EXPECT_EQ(g.matched, static_cast<std::uint64_t>(L.m * L.n)) << where << ": " << g.first_mismatch;
    }
  EXPECT_GT(stats.cycles, 0u);
  EXPECT_GT(stats.outputs, 0u);
  if (c.df != Dataflow::OS) {
    EXPECT_GT(stats.edge_values, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Arrays, Lockstep, ::testing::ValuesIn(built_cases()),
                         [](const auto& info) {
                           std::string f = info.param.fmt;
                           for (auto& ch : f)
                             if (ch == '-') ch = '_';
                           f += "_";
                           f += models::dataflow_name(info.param.df);
                           f += "_";
                           f += std::to_string(info.param.n);
                           if (info.param.cols) {
                             f += 'x';
                             f += std::to_string(info.param.cols);
                           }
                           return f;
                         });

// `qmac run --mode rtl` end to end: both checks in the report, passed.
TEST(RunModeRtl, ReportsBothChecksPassed) {
  const std::string dir = ::testing::TempDir() + "/qmac_rtl_mode";
  std::ofstream(dir + ".arch.yaml") << "array: {rows: 8, cols: 8, dataflow: os}\nmac: {format: int4}\n";
  std::ofstream(dir + ".w.yaml") << "gemms:\n  - {name: a, m: 19, k: 21, n: 10}\n  - {name: b, m: 8, k: 8, n: 8, repeat: 2}\n";
  const std::string cmd = std::string(QMAC_BINARY) + " run " + dir + ".arch.yaml " + dir + ".w.yaml --mode rtl --out " + dir +
                          " > " + dir + ".log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream in(dir + "/report.json");
  const std::string json((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(json.find("\"mode\": \"rtl\""), std::string::npos);
  EXPECT_NE(json.find("\"what\": \"outputs vs golden GEMM (dataflow's accumulation order)\", \"unit\": \"outputs\", \"compared\": 254, \"matched\": 254, \"passed\": true"),
            std::string::npos) << json;
  EXPECT_NE(json.find("RTL array vs model in lockstep"), std::string::npos) << json;
  EXPECT_EQ(json.find("\"passed\": false"), std::string::npos) << json;
}

// --trace: one closed FST waveform per layer.
TEST(RunModeRtl, TraceWritesOneWaveformPerLayer) {
  const std::string dir = ::testing::TempDir() + "/qmac_rtl_trace";
  std::filesystem::remove_all(dir);
  std::ofstream(dir + ".arch.yaml") << "array: {rows: 4, cols: 4, dataflow: ws}\nmac: {format: e4m3}\n";
  std::ofstream(dir + ".w.yaml") << "gemms:\n  - {name: first, m: 6, k: 5, n: 6}\n  - {name: 'x/y', m: 3, k: 9, n: 2}\n";
  const std::string cmd = std::string(QMAC_BINARY) + " run " + dir + ".arch.yaml " + dir + ".w.yaml --mode rtl --trace " + dir +
                          " --out " + dir + ".out > " + dir + ".log 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  for (const char* f : {"/first.fst", "/x_y.fst"}) {
    ASSERT_TRUE(std::filesystem::exists(dir + f)) << f;
    EXPECT_GT(std::filesystem::file_size(dir + f), 1000u) << f;
    EXPECT_FALSE(std::filesystem::exists(dir + f + std::string(".hier"))) << f << ": not closed";
  }
}

// --trace-cycles: only the window is dumped (a smaller file than the whole
// layer's), and a malformed window is refused.
TEST(RunModeRtl, TraceCyclesDumpsOnlyTheWindow) {
  const std::string dir = ::testing::TempDir() + "/qmac_rtl_window";
  std::filesystem::remove_all(dir);
  std::ofstream(dir + ".arch.yaml") << "array: {rows: 4, cols: 4, dataflow: ws}\nmac: {format: int8}\n";
  std::ofstream(dir + ".w.yaml") << "gemms:\n  - {name: g, m: 40, k: 20, n: 12}\n";
  const std::string base = std::string(QMAC_BINARY) + " run " + dir + ".arch.yaml " + dir + ".w.yaml --mode rtl --out " + dir + ".out";
  ASSERT_EQ(std::system((base + " --trace " + dir + "/all > /dev/null 2>&1").c_str()), 0);
  ASSERT_EQ(std::system((base + " --trace " + dir + "/win --trace-cycles 10..20 > /dev/null 2>&1").c_str()), 0);
  const auto all = std::filesystem::file_size(dir + "/all/g.fst"), win = std::filesystem::file_size(dir + "/win/g.fst");
  EXPECT_GT(win, 500u);
  EXPECT_LT(win, all);
  for (const char* bad : {"20..10", "0..5", "5", "a..b"})
    EXPECT_NE(std::system((base + " --trace " + dir + "/bad --trace-cycles " + bad + " > /dev/null 2>&1").c_str()), 0) << bad;
}

// Why the RTL factory refuses a plan ("" if it builds an array).
std::string refusal(const models::ArchSpec& a, const models::GemmLayer& L) {
  const models::FoldPlan plan(a, L);
  try {
    (void)cosim::rtl_array_factory()(plan);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

// What is not built is refused with the list of what is.
TEST(Lockstep, UnbuiltArraysAreRefusedWithWhatIsBuilt) {
  const std::string why = refusal(arch("int8", Dataflow::WS, 3, models::TimingMode::Rtl), {"x", 4, 4, 4, 1, 0});
  EXPECT_NE(why.find("no RTL array is built for a 3x3 ws int8 array; built: 4x4 int8/int4 ws/os/is, 8x8 int8/int4 ws/os/is, "
                     "3x5 int8/int4 ws/os/is, 4x4 e4m3 ws/os/is"),
            std::string::npos)
      << why;
  // A dataflow the array is not declared for is refused too (3x5 MXFP4 runs OS only).
  EXPECT_EQ(cosim::built_array_for(arch("mxfp4", Dataflow::WS, 3, models::TimingMode::Rtl, 5)), nullptr);
  EXPECT_NE(cosim::built_array_for(arch("mxfp4", Dataflow::OS, 3, models::TimingMode::Rtl, 5)), nullptr);
}

// rtl/built_arrays.txt as CMake read it: each row's Kind (from qmac_pkg) is its
// family's golden::MacFamily value, each kind it names is of that family and
// multiplies the row's element format, and the factory finds the row again.
TEST(BuiltArrays, EveryRowIsConsistentWithGolden) {
  ASSERT_FALSE(cosim::built_arrays().empty());
  for (const cosim::BuiltArray& b : cosim::built_arrays()) {
    const std::string where = "rtl/built_arrays.txt:" + std::to_string(b.line) + " (" + b.model + ")";
    EXPECT_EQ(b.rtl_kind, static_cast<int>(b.family)) << where;
    EXPECT_FALSE(b.kinds.empty()) << where;
    EXPECT_FALSE(b.dataflows.empty()) << where;
    for (const std::string& k : b.kinds) {
      const golden::MacKind m = verify::mac_kind_named(k);
      EXPECT_EQ(m.family, b.family) << where << ": " << k;
      if (b.fmt_a != "-") {
        // qmac_pkg's name of the element format (E4M3, E2M1, MxInt8) is golden's, case aside.
        auto lower = [](std::string x) {
          for (auto& ch : x) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          return x;
        };
        const std::string elem = m.a_elem->name == std::string("mxint8_elem") ? "mxint8" : m.a_elem->name;
        EXPECT_EQ(lower(b.fmt_a), elem) << where << ": " << k;
      }
      if (m.is_block()) EXPECT_EQ(static_cast<std::uint32_t>(m.block), b.block_len) << where;
      for (Dataflow df : b.dataflows)
        EXPECT_EQ(cosim::built_array_for(arch(k, df, b.rows, models::TimingMode::Rtl, b.cols)), &b) << where << ": " << k;
    }
  }
}

// Backpressure: the RTL array alone, stalled on 30% of its streaming cycles
// (every PE holds, the feeder waits), still gives golden's every output.
TEST(RtlArray, StallsDoNotChangeOutputs) {
  std::uint64_t seed = 21;
  for (const char* fmt : {"int8", "e4m3", "mxfp4", "dialectfp4", "e5m2-kulisch", "posit8"})
    for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) {
      const models::ArchSpec a = arch(fmt, df, 4, models::TimingMode::Rtl);
      const bool block = a.mac.is_block();
      const models::GemmLayer L{"stall", 9, block ? 64 : 13, 7, 1, 0};
      const models::FoldPlan plan(a, L);
      const auto ops = sim::random_operands(a, L, seed++);
      std::uint64_t stalls = 0;
      const models::LayerRun run =
          models::Accelerator::instance().run(plan, ops, cosim::stalling_rtl_array_factory(seed, 0.3, &stalls));
      const sim::GoldenCheck g = sim::check_against_golden(a, L, ops, run.c);
      EXPECT_GT(stalls, 20u) << fmt;
      EXPECT_EQ(g.matched, static_cast<std::uint64_t>(L.m * L.n))
          << fmt << " " << models::dataflow_name(df) << ": " << g.first_mismatch;
    }
}

// Posit8 through the quire, directed: maxpos^2 + minpos^2 - maxpos^2 spread
// over two K-folds (rows 0..3, then 4..7) of a 4x4 array. The quire keeps
// 2^-48 exactly and rounds it to minpos (0x01); an FP32 sum would lose it to
// 0. Column 1 gets a NaR in the second fold: NaR out, whatever the rest.
// Expected values are the posit standard's, written out here.
TEST(RtlArray, Posit8QuireCancelsExactlyAcrossFoldsAndNaRIsSticky) {
  const golden::PositSpec p = golden::kPosit8;
  for (Dataflow df : {Dataflow::WS, Dataflow::OS, Dataflow::IS}) {
    const models::ArchSpec a = arch("posit8", df, 4, models::TimingMode::Rtl);
    const models::GemmLayer L{"cancel", 1, 8, 2, 1, 0};
    models::LayerOperands ops;
    ops.a.assign(8, 0);
    ops.b.assign(16, 0);
    const std::uint32_t maxpos = static_cast<std::uint32_t>(p.maxpos_code()), minpos = 1;
    ops.a[0] = maxpos;                                       // k = 0: maxpos x maxpos
    ops.a[1] = minpos;                                       // k = 1: minpos x minpos
    ops.a[6] = static_cast<std::uint32_t>(p.negate(maxpos));  // k = 6 (second fold): -maxpos x maxpos
    for (int n = 0; n < 2; ++n) {
      ops.b[static_cast<std::size_t>(0 * 2 + n)] = maxpos;
      ops.b[static_cast<std::size_t>(1 * 2 + n)] = minpos;
      ops.b[static_cast<std::size_t>(6 * 2 + n)] = maxpos;
    }
    ops.a[5] = 0x40;                                          // k = 5: 1 x (column 1: NaR, column 0: 0)
    ops.b[5 * 2 + 1] = static_cast<std::uint32_t>(p.nar());
    const models::FoldPlan plan(a, L);
    cosim::LockstepStats stats;
    const models::LayerRun run = models::Accelerator::instance().run(plan, ops, cosim::lockstep_factory(&stats));
    ASSERT_TRUE(stats.ok()) << stats.first_mismatch;
    ASSERT_EQ(run.c.size(), 2u);
    EXPECT_EQ(run.c[0], 0x01u) << models::dataflow_name(df) << ": 2^-48 rounds to minpos, never 0";
    EXPECT_EQ(run.c[1], 0x80u) << models::dataflow_name(df) << ": NaR";
  }
}

// DialectFP4 and MXFP4 activations from FP16 and BF16 pass the Verilated
// act_quantizer (its dialect and its MX mode) on their way into the input
// SRAM, beside golden's: every block's codes, scale and dialect agree, and
// the unit's latency is the one the model charges.
TEST(Lockstep, OnlineQuantizerAgreesWithGoldenOnEveryBlock) {
  std::uint64_t seed = 31;
  for (const char* kind : {"dialectfp4", "mxfp4"})
  for (golden::ActivationInput act : {golden::ActivationInput::Fp16, golden::ActivationInput::Bf16})
    for (Dataflow df : {Dataflow::WS, Dataflow::OS}) {
      models::ArchSpec a = arch(kind, df, 4, models::TimingMode::Rtl);
      a.activation_input = act;
      const models::GemmLayer L{"quant", 9, 96, 7, 1, 0};
      const models::FoldPlan plan(a, L);
      const auto ops = sim::random_operands(a, L, seed++);
      cosim::LockstepStats stats;
      const models::LayerRun run = models::Accelerator::instance().run(plan, ops, cosim::lockstep_factory(&stats));
      ASSERT_TRUE(stats.ok()) << golden::activation_input_name(act) << ": " << stats.first_mismatch;
      // Each A tile is quantized as it loads: at least every block of A once.
      EXPECT_GE(stats.quantizer_blocks, static_cast<std::uint64_t>(L.m * L.k / 32)) << golden::activation_input_name(act);
      EXPECT_EQ(stats.quantizer_blocks, run.counters.quantizer_blocks) << golden::activation_input_name(act);
      EXPECT_EQ(stats.quantizer_agreed, stats.quantizer_blocks) << golden::activation_input_name(act);
      const sim::GoldenCheck g = sim::check_against_golden(a, L, ops, run.c);
      EXPECT_EQ(g.matched, static_cast<std::uint64_t>(L.m * L.n)) << golden::activation_input_name(act) << ": " << g.first_mismatch;
    }
}

// The unit's latency is checked, not assumed: a model that charged 3 cycles
// would be told the RTL takes 2.
TEST(RtlActQuantizer, LatencyOtherThanTheModelsIsAnError) {
  cosim::RtlActQuantizer q(false, false, 3);
  std::vector<std::uint16_t> raw(32, 0x3C00);  // 1.0 in FP16
  std::vector<std::uint8_t> codes(32);
  try {
    q.quantize(raw, codes);
    FAIL() << "a latency of 2 passed for 3";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("came 2 cycles after the block's last value; the model charges 3"), std::string::npos)
        << e.what();
  }
  cosim::RtlActQuantizer ok(false, false, 2);
  const golden::DialectBlockMeta m = ok.quantize(raw, codes);
  // 32 x 1.0: Es = floor(log2 1) - 2 = -2, scale 125; t = 4 for every element.
  EXPECT_EQ(m.scale, 125);
}

// The edge unit's register is a cycle the model adds under rtl timing only.
TEST(Lockstep, BlockFormatsNeedRtlTiming) {
  for (const char* fmt : {"mxfp4", "e4m3-kulisch", "posit8"}) {
    const std::string why = refusal(arch(fmt, Dataflow::WS, 4, models::TimingMode::Ideal), {"x", 4, 32, 4, 1, 0});
    EXPECT_NE(why.find("needs timing: rtl"), std::string::npos) << fmt << ": " << why;
  }
}

}  // namespace
}  // namespace qmac
