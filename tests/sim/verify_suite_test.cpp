// qmac verify's suite: the distributions put in what they name (counted on the
// tokens, with the formats' codes worked out here), case names are unique and
// a case's seed depends only on the suite seed and its name.
#include <sys/wait.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "sim/run/random_operands.hpp"
#include "sim/verify/verify_suite.hpp"
#ifdef QMAC_HAVE_COSIM
#include "sim/cosim/built_arrays.hpp"
#endif

namespace qmac {
namespace {

models::ArchSpec arch(const char* f, golden::AccumulatorKind acc) {
  models::ArchSpec a;
  a.rows = a.cols = 4;
  a.mac = golden::resolve_mac_kind({f, f, acc, 32, 32, {}});
  return a;
}

int count(const std::vector<std::uint32_t>& t, std::uint32_t mask, std::uint32_t value) {
  int n = 0;
  for (auto x : t) n += (x & mask) == value;
  return n;
}

TEST(VerifySuite, DistributionsInjectWhatTheyName) {
  const models::GemmLayer L{"t", 64, 64, 64, 1, 0};
  {
    const auto a = arch("posit8", golden::AccumulatorKind::Quire);
    auto ops = sim::random_operands(a, L, 3);
    verify::apply_distribution(a, L, verify::Distribution::Specials, 3, ops.a, ops.b);
    EXPECT_GT(count(ops.a, 0xFF, 0x80) + count(ops.b, 0xFF, 0x80), 20) << "posit8 NaR is 0x80";
  }
  {
    const auto a = arch("e4m3", golden::AccumulatorKind::Fp32);
    auto ops = sim::random_operands(a, L, 4);
    verify::apply_distribution(a, L, verify::Distribution::Specials, 4, ops.a, ops.b);
    EXPECT_GT(count(ops.a, 0x7F, 0x7F) + count(ops.b, 0x7F, 0x7F), 40) << "E4M3 NaN is S.1111.111";
    verify::apply_distribution(a, L, verify::Distribution::Zeros, 4, ops.a, ops.b);
    EXPECT_EQ(count(ops.a, 0xFF, 0), 64 * 64);
    verify::apply_distribution(a, L, verify::Distribution::Extremes, 4, ops.a, ops.b);
    // E4M3 +-448 is 0x7e/0xfe, +-2^-9 is 0x01/0x81.
    EXPECT_EQ(count(ops.a, 0x7F, 0x7E) + count(ops.a, 0x7F, 0x01), 64 * 64);
  }
  {
    const auto a = arch("mxfp4", golden::AccumulatorKind::Fp32);
    auto ops = sim::random_operands(a, L, 5);
    verify::apply_distribution(a, L, verify::Distribution::Specials, 5, ops.a, ops.b);
    const int nan_a = count(ops.a, 0xFF0000, 0xFF0000);
    EXPECT_GT(nan_a, 0);
    EXPECT_EQ(nan_a % 32, 0) << "a NaN scale covers its whole block";
  }
}

// Outliers: INT8 activations are small Gaussian integers (sigma 127/32 ~ 2^1)
// except every 16th channel, 32x larger (saturating at +-127); weights have none.
TEST(VerifySuite, OutliersAreLargeChannelsOfTheActivations) {
  const models::GemmLayer L{"t", 64, 64, 64, 1, 0};
  const auto a = arch("int8", golden::AccumulatorKind::Int);
  auto ops = sim::random_operands(a, L, 6);
  verify::apply_distribution(a, L, verify::Distribution::Outliers, 6, ops.a, ops.b);
  double in = 0, out = 0, w = 0;
  for (std::size_t i = 0; i < ops.a.size(); ++i) {
    const double v = std::abs(static_cast<int>(static_cast<std::int8_t>(ops.a[i] & 0xFF)));
    ((i % 64) % 16 == 3 ? out : in) += v;
  }
  for (auto t : ops.b) w += std::abs(static_cast<int>(static_cast<std::int8_t>(t & 0xFF)));
  const double mean_in = in / (64.0 * 60), mean_out = out / (64.0 * 4), mean_w = w / (64.0 * 64);
  EXPECT_GT(mean_in, 0.5);
  EXPECT_LT(mean_in, 4.0);
  EXPECT_GT(mean_out, 10 * mean_in);
  EXPECT_LT(mean_w, 4.0);
}

TEST(VerifySuite, NamesUniqueSeedsFromNameAndSuiteSeed) {
  const auto s1 = verify::build_suite("quick", 1), s1b = verify::build_suite("quick", 1), s2 = verify::build_suite("quick", 2);
  std::set<std::string> names;
  for (const auto& c : s1) EXPECT_TRUE(names.insert(c.name).second) << c.name;
  ASSERT_EQ(s1.size(), s1b.size());
  for (std::size_t i = 0; i < s1.size(); ++i) EXPECT_EQ(s1[i].seed, s1b[i].seed);
  EXPECT_NE(s1[0].seed, s2[0].seed);
  EXPECT_THROW(verify::build_suite("medium", 1), std::invalid_argument);
}

// Every array rtl/built_arrays.txt declares runs in lockstep in the quick
// suite at least once per dataflow it is declared for, on every kind it runs.
TEST(VerifySuite, QuickSuiteRunsEveryBuiltArrayInLockstepOnEveryDataflow) {
#ifdef QMAC_HAVE_COSIM
  const auto suite = verify::build_suite("quick", 1);
  for (const cosim::BuiltArray& b : cosim::built_arrays())
    for (const std::string& kind : b.kinds)
      for (models::Dataflow df : b.dataflows) {
        int n = 0;
        for (const auto& c : suite)
          n += c.engine == verify::Engine::ModelRtl && c.kind == kind && c.arch.rows == b.rows && c.arch.cols == b.cols &&
               c.arch.dataflow == df;
        EXPECT_GT(n, 0) << b.describe() << ": no lockstep case of " << kind << " " << models::dataflow_name(df);
      }
  // And a lockstep case is planned only where an array is built.
  for (const auto& c : suite)
    if (c.engine == verify::Engine::ModelRtl) EXPECT_NE(cosim::built_array_for(c.arch), nullptr) << c.name;
#else
  GTEST_SKIP() << "qmac was built without the RTL (QMAC_WITH_RTL=OFF): no array to run in lockstep";
#endif
}

// The full suite runs the online quantizer's other activation path (DialectFP4
// from BF16, MXFP4 from FP16) and every built array alone with stalls; a
// stalled case really stalls and still matches golden.
TEST(VerifySuite, FullSuiteRunsTheOtherActivationPathAndEveryArrayWithStalls) {
  const auto suite = verify::build_suite("full", 1);
  auto find = [&](const std::string& name) {
    return std::find_if(suite.begin(), suite.end(), [&](const verify::VerifyCase& c) { return c.name == name; });
  };
  ASSERT_NE(find("dialectfp4.ws.4x4.ragged.uniform.bf16"), suite.end());
  EXPECT_EQ(find("dialectfp4.ws.4x4.ragged.uniform.bf16")->arch.activation_input, golden::ActivationInput::Bf16);
  EXPECT_EQ(find("dialectfp4.ws.4x4.ragged.uniform")->arch.activation_input, golden::ActivationInput::Fp16);
  ASSERT_NE(find("mxfp4.os.4x4.ragged.outliers.fp16"), suite.end());
  EXPECT_EQ(find("mxfp4.os.4x4.ragged.outliers.fp16")->arch.activation_input, golden::ActivationInput::Fp16);
  EXPECT_EQ(find("mxfp4.os.4x4.ragged.outliers")->arch.activation_input, golden::ActivationInput::Prequantized);
  EXPECT_EQ(find("e4m3.ws.4x4.ragged.uniform.fp16"), suite.end()) << "e4m3 has no online quantizer";
  EXPECT_EQ(std::count_if(suite.begin(), suite.end(), [](const verify::VerifyCase& c) { return c.name.find(".stalls") != std::string::npos; }),
#ifdef QMAC_HAVE_COSIM
            static_cast<long>(cosim::built_arrays().size()));
  const auto stalled = find("mxfp4.ws.4x4.ragged.uniform.stalls");
  ASSERT_NE(stalled, suite.end());
  EXPECT_EQ(stalled->engine, verify::Engine::Rtl);
  EXPECT_GT(stalled->stall_probability, 0);
  const verify::CaseResult r = verify::run_case(*stalled);
  EXPECT_TRUE(r.passed) << r.failure;
  EXPECT_TRUE(r.lockstep);
  EXPECT_GT(r.outputs, 0u);
#else
            0L);
#endif
}

// A case planned on the RTL whose array cannot run it fails, naming why: no
// silent fallback to the model (here MXFP4's edge register under ideal timing).
TEST(VerifySuite, ACasePlannedOnTheRtlThatCannotRunItFails) {
#ifdef QMAC_HAVE_COSIM
  auto suite = verify::build_suite("quick", 1);
  auto it = std::find_if(suite.begin(), suite.end(), [](const verify::VerifyCase& c) {
    return c.engine == verify::Engine::ModelRtl && c.kind == "mxfp4" && c.arch.dataflow == models::Dataflow::WS;
  });
  ASSERT_NE(it, suite.end());
  verify::VerifyCase c = *it;
  EXPECT_TRUE(verify::run_case(c).passed) << verify::run_case(c).failure;
  c.arch.timing = models::TimingMode::Ideal;
  const verify::CaseResult r = verify::run_case(c);
  EXPECT_FALSE(r.passed);
  EXPECT_FALSE(r.lockstep);
  EXPECT_NE(r.failure.find("the RTL lockstep could not run"), std::string::npos) << r.failure;
  EXPECT_NE(r.failure.find("timing: rtl"), std::string::npos) << r.failure;
#else
  GTEST_SKIP() << "qmac was built without the RTL (QMAC_WITH_RTL=OFF)";
#endif
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// JUnit: each testcase says what ran it; --require-rtl fails the model-only cases.
TEST(VerifyCommand, JunitNamesEngineKindDataflowSizeSeedAndCyclesCompared) {
  const std::string dir = (std::filesystem::temp_directory_path() / "qmac_verify_junit_test").string();
  std::filesystem::remove_all(dir);
  const std::string base = std::string(QMAC_BINARY) + " verify --filter '*.ragged.uniform' --jobs 2 --junit " + dir;
  ASSERT_EQ(std::system((base + "/all.xml > " + dir + ".log 2>&1").c_str()), 0) << slurp(dir + ".log");
  const std::string x = slurp(dir + "/all.xml");
  EXPECT_NE(x.find("<property name=\"engine\" value=\"model\"/>"), std::string::npos);  // e.g. mxfp6 has no array
  EXPECT_NE(x.find("<property name=\"kind\" value=\"e4m3-kulisch\"/>"), std::string::npos);
  EXPECT_NE(x.find("<property name=\"dataflow\" value=\"os\"/>"), std::string::npos);
  EXPECT_NE(x.find("<property name=\"size\" value=\"3x5\"/>"), std::string::npos);
  EXPECT_NE(x.find("<property name=\"seed\" value=\""), std::string::npos);
  EXPECT_NE(x.find("<property name=\"lockstep_cases\" value=\""), std::string::npos);
#ifdef QMAC_HAVE_COSIM
  EXPECT_NE(x.find("<property name=\"engine\" value=\"model+rtl\"/>"), std::string::npos);
  EXPECT_NE(x.find("<property name=\"cycles_compared\" value=\""), std::string::npos);
  EXPECT_EQ(x.find("<property name=\"cycles_compared\" value=\"0\"/>"), std::string::npos) << "a lockstep case compared nothing";
  // The same selection with --require-rtl: the model-only cases fail, and the exit code says so.
  const int rc = std::system((base + "/rtl.xml --require-rtl > " + dir + ".log 2>&1").c_str());
  EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 4) << rc;
  const std::string y = slurp(dir + "/rtl.xml");
  EXPECT_NE(y.find("--require-rtl: no RTL array is built"), std::string::npos);
#endif
  std::filesystem::remove_all(dir);
}

// A failing lockstep case leaves evidence: with a fault injected into the
// RTL's first output as the driver reads it, the case fails, exit 4, and the
// JUnit failure names DIR/<case>.fst (written, an FST file), the signal and
// the cycle of the first difference with both values.
TEST(VerifyCommand, WavesWritesTheFailingCasesWaveformAroundTheMismatch) {
#ifdef QMAC_HAVE_COSIM
  const std::string dir = (std::filesystem::temp_directory_path() / "qmac_verify_waves_test").string();
  std::filesystem::remove_all(dir);
  for (const char* name : {"int8.os.4x4.ragged.uniform", "mxfp4.ws.4x4.ragged.uniform"}) {
    const std::string cmd = std::string(QMAC_BINARY) + " verify --filter '" + name + "' --waves " + dir + " --inject-fault 1 --junit " +
                            dir + "/j.xml > " + dir + ".log 2>&1";
    const int rc = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(rc) && WEXITSTATUS(rc) == 4) << name << ": " << slurp(dir + ".log");
    const std::string fst = dir + "/" + name + ".fst";
    ASSERT_TRUE(std::filesystem::exists(fst)) << slurp(dir + ".log");
    EXPECT_GT(std::filesystem::file_size(fst), 100u);
    EXPECT_EQ(slurp(fst).substr(0, 1), std::string(1, '\0')) << "an FST file opens with a header block (type 0)";
    const std::string x = slurp(dir + "/j.xml");
    EXPECT_NE(x.find("<failure message=\"lockstep: "), std::string::npos) << x;
    EXPECT_NE(x.find("waveform: " + fst), std::string::npos) << x;
    EXPECT_NE(x.find("first difference: "), std::string::npos) << x;
    EXPECT_NE(x.find(std::string(name).find(".os.") != std::string::npos ? "acc_o at the layer's cycle" : "edge_fp32_o"),
              std::string::npos) << x;
    EXPECT_NE(x.find(": model 0x"), std::string::npos) << x;
    EXPECT_NE(x.find(", RTL 0x"), std::string::npos) << x;
  }
  // Without the fault the same cases pass and write no waveform.
  std::filesystem::remove_all(dir);
  EXPECT_EQ(std::system((std::string(QMAC_BINARY) + " verify --filter '*.4x4.ragged.uniform' --waves " + dir + " > /dev/null").c_str()), 0);
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
#else
  GTEST_SKIP() << "qmac was built without the RTL (QMAC_WITH_RTL=OFF): no waveform to write";
#endif
}

}  // namespace
}  // namespace qmac
