// Architecture and workload files for `qmac run`: YAML and SCALE-Sim forms
// parse into the structs they describe, and bad input is refused with the
// file, the line and what was expected. Plus the command end to end.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <boost/property_tree/json_parser.hpp>
#include <gtest/gtest.h>

#include "models/array/fold_plan.hpp"
#include "sim/config/arch_config.hpp"
#include "sim/config/workload_config.hpp"

namespace qmac {
namespace {

std::string write(const std::string& name, const std::string& text) {
  const auto p = std::filesystem::temp_directory_path() / ("qmac_run_cfg_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(p) << text;
  return p.string();
}

template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const config::ConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(ArchConfig, ScaleSimCfgIsAnIdealInt8Array) {
  const auto a = config::load_arch(std::string(QMAC_SOURCE_DIR) + "/configs/scalesim/google_32x32_ws.cfg");
  EXPECT_EQ(a.rows, 32);
  EXPECT_EQ(a.cols, 32);
  EXPECT_EQ(a.dataflow, models::Dataflow::WS);
  EXPECT_EQ(a.input_sram.bytes, 1024u * 1024u);
  EXPECT_EQ(a.mac.spec.a_format, "int8");
  EXPECT_EQ(a.timing, models::TimingMode::Ideal);
}

TEST(ArchConfig, YamlFieldsLand) {
  const auto a = config::load_arch(write("ok.yaml", "array: {rows: 8, cols: 4, dataflow: os}\n"
                                                    "mac: {format: e4m3, weight_format: e5m2, accumulator: kulisch}\n"
                                                    "sram: {input: {kib: 2, word_bits: 128, double_buffered: false}}\n"
                                                    "dram: {bytes_per_cycle: 8, latency_cycles: 20}\ntiming: ideal\n"));
  EXPECT_EQ(a.rows, 8);
  EXPECT_EQ(a.cols, 4);
  EXPECT_EQ(a.dataflow, models::Dataflow::OS);
  EXPECT_EQ(a.mac.spec.b_format, "e5m2");
  EXPECT_EQ(a.mac.spec.acc, golden::AccumulatorKind::Kulisch);
  EXPECT_EQ(a.mac.family, golden::MacFamily::Kulisch);
  EXPECT_EQ(a.input_sram.bytes, 2048u);
  EXPECT_FALSE(a.input_sram.double_buffered);
  EXPECT_EQ(a.input_sram.word_bits, 128);
  EXPECT_EQ(a.dram.latency_cycles, 20);
  EXPECT_EQ(a.timing, models::TimingMode::Ideal);
}

TEST(ArchConfig, BadInputNamesFileLineAndExpectation) {
  const auto f1 = write("k.yaml", "array: {rows: 8, cols: 4}\nmac:\n  format: int8\n  acumulator: int32\n");
  EXPECT_NE(error_of([&] { config::load_arch(f1); }).find(f1 + ":4: unknown key 'acumulator'"), std::string::npos)
      << error_of([&] { config::load_arch(f1); });
  const auto f2 = write("d.yaml", "array: {rows: 8, cols: 4, dataflow: rs}\n");
  EXPECT_NE(error_of([&] { config::load_arch(f2); }).find(f2 + ":1: dataflow must be ws, os or is"), std::string::npos);
  const auto f3 = write("f.yaml", "array: {rows: 8}\nmac: {format: e9m9}\n");
  EXPECT_NE(error_of([&] { config::load_arch(f3); }).find(f3 + ":2:"), std::string::npos);
  const auto f4 = write("t.yaml", "array: {rows: 8\n");
  EXPECT_NE(error_of([&] { config::load_arch(f4); }).find("malformed YAML"), std::string::npos);
  const auto f5 = write("r.yaml", "array: {rows: -3}\n");
  EXPECT_NE(error_of([&] { config::load_arch(f5); }).find(f5 + ":1: rows must be an integer between 1 and 4096"), std::string::npos);
  const auto f6 = write("p.yaml", "array: {rows: 4}\nmac: {format: posit16, accumulator: fp32}\n");
  EXPECT_NE(error_of([&] { config::load_arch(f6); }).find("quire"), std::string::npos);
  const auto f7 = write("s.cfg", "[architecture_presets]\nArrayHeight: 32\nArrayWidth: x\n");
  EXPECT_NE(error_of([&] { config::load_arch(f7); }).find(f7 + ":3: arraywidth must be an integer"), std::string::npos)
      << error_of([&] { config::load_arch(f7); });
  EXPECT_NE(error_of([&] { config::load_arch("/nonexistent.yaml"); }).find("/nonexistent.yaml: no such file"), std::string::npos);
}

// The activation path: DialectFP4 defaults to its online quantizer, `none` is
// pre-quantized, MXFP4 may take the quantizer's MX mode, and a kind without a
// quantizer mode is refused with the reason.
TEST(ArchConfig, ActivationPathPerKind) {
  EXPECT_EQ(config::load_arch(write("d0.yaml", "array: {rows: 4}\nmac: {format: dialectfp4}\n")).activation_input, golden::ActivationInput::Fp16);
  EXPECT_EQ(config::load_arch(write("d1.yaml", "array: {rows: 4}\nmac: {format: dialectfp4, activation_format: none}\n")).activation_input,
            golden::ActivationInput::Prequantized);
  EXPECT_EQ(config::load_arch(write("m1.yaml", "array: {rows: 4}\nmac: {format: mxfp4, activation_format: bf16}\n")).activation_input,
            golden::ActivationInput::Bf16);
  EXPECT_EQ(config::load_arch(write("m0.yaml", "array: {rows: 4}\nmac: {format: mxfp4}\n")).activation_input, golden::ActivationInput::Prequantized);
  const auto bad = write("i8.yaml", "array: {rows: 4}\nmac: {format: int8, activation_format: fp16}\n");
  EXPECT_NE(error_of([&] { config::load_arch(bad); }).find("a DialectFP4 and an MXFP4 mode only"), std::string::npos)
      << error_of([&] { config::load_arch(bad); });
  // --mac keeps the architecture's path where the new kind has one.
  auto a = config::load_arch(write("d2.yaml", "array: {rows: 4}\nmac: {format: dialectfp4, activation_format: bf16}\n"));
  config::set_mac_kind(a, "mxfp4", "--mac");
  EXPECT_EQ(a.activation_input, golden::ActivationInput::Bf16);
  config::set_mac_kind(a, "int8", "--mac");
  EXPECT_EQ(a.activation_input, golden::ActivationInput::Prequantized);
  // A compare list names MAC formats, at least two.
  EXPECT_EQ(config::load_arch(write("c.yaml", "array: {rows: 4}\ncompare: [int8, mxfp4]\n")).compare,
            (std::vector<std::string>{"int8", "mxfp4"}));
  const auto c1 = write("c1.yaml", "array: {rows: 4}\ncompare: [int8]\n");
  EXPECT_NE(error_of([&] { config::load_arch(c1); }).find(c1 + ":2: compare: expected a list of at least two"), std::string::npos)
      << error_of([&] { config::load_arch(c1); });
  const auto c2 = write("c2.yaml", "array: {rows: 4}\ncompare: [int8, e9m9]\n");
  EXPECT_NE(error_of([&] { config::load_arch(c2); }).find(c2 + ":2:"), std::string::npos) << error_of([&] { config::load_arch(c2); });
}

TEST(WorkloadConfig, ScaleSimGemmCsvIsLayerMNK) {
  const auto w = config::load_workload(std::string(QMAC_SOURCE_DIR) + "/configs/scalesim/gemm_mnk.csv").layers;
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[1].name, "QKTV");
  EXPECT_EQ(w[1].m, 1024);  // Layer, M, N, K
  EXPECT_EQ(w[1].n, 64);
  EXPECT_EQ(w[1].k, 1024);
}

TEST(WorkloadConfig, ScaleSimConvCsvMapsAsScaleSim) {
  const auto w = config::load_workload(std::string(QMAC_SOURCE_DIR) + "/configs/scalesim/conv.csv").layers;
  ASSERT_EQ(w.size(), 3u);  // DP1's 4 channels: SCALE-Sim's 4 per-channel GEMMs as one layer repeated 4 times
  // Conv1: ofmap = ceil((224 - 11 + 4) / 4) = 55; K = 11 * 11 * 3; N = 96.
  EXPECT_EQ(w[0].m, 55 * 55);
  EXPECT_EQ(w[0].k, 363);
  EXPECT_EQ(w[0].n, 96);
  EXPECT_EQ(w[1].m, 23 * 23);
  EXPECT_EQ(w[1].k, 5 * 5 * 96);
  EXPECT_EQ(w[2].name, "DP1");
  EXPECT_EQ(w[2].k, 9);
  EXPECT_EQ(w[2].repeat, 4u);
}

TEST(WorkloadConfig, BadInputNamesFileLineAndExpectation) {
  const auto f1 = write("w1.yaml", "gemms:\n  - {name: a, m: 4, k: 4, n: 4}\n  - {name: b, m: 4, k: x, n: 4}\n");
  EXPECT_NE(error_of([&] { config::load_workload(f1); }).find(f1 + ":3: k must be an integer"), std::string::npos);
  const auto f2 = write("w2.csv", "Layer,M,N,K,\nL1,4,4,\n");
  EXPECT_NE(error_of([&] { config::load_workload(f2); }).find(f2 + ":2: expected 4 fields"), std::string::npos);
  const auto f3 = write("w3.csv", "foo,bar\n");
  EXPECT_NE(error_of([&] { config::load_workload(f3); }).find(f3 + ":1: unknown header"), std::string::npos);
  const auto f4 = write("w4.yaml", "gemms:\n  - {name: a, m: 4, k: 4, n: 4, batch: 2}\n");
  EXPECT_NE(error_of([&] { config::load_workload(f4); }).find(f4 + ":2: unknown key 'batch'"), std::string::npos);
}

TEST(FoldPlan, RefusesShapesThatDoNotFit) {
  models::ArchSpec a;
  a.rows = a.cols = 4;
  a.mac = golden::resolve_mac_kind({"mxfp4", "mxfp4", golden::AccumulatorKind::Fp32, 32, 32, {}});
  EXPECT_THROW(models::FoldPlan(a, {"x", 4, 48, 4, 1, 1}), std::invalid_argument);  // K not a multiple of the block
  a.rows = 64;
  EXPECT_THROW(models::FoldPlan(a, {"x", 4, 64, 4, 1, 1}), std::invalid_argument);  // 64 rows do not divide block 32
  a.rows = 4;
  a.mac = golden::resolve_mac_kind({"int8", "int8", golden::AccumulatorKind::Int, 32, 32, {}});
  a.input_sram.bytes = 1024;
  // A 1024 x 4 streamed A tile > 512 B streams through; one 4-byte row fits.
  EXPECT_FALSE(models::FoldPlan(a, {"x", 1024, 8, 4, 1, 1}).a_may_stay());
  a.input_sram.bytes = 2;  // one row of A (4 bytes) does not fit 1 byte per buffer
  EXPECT_THROW(models::FoldPlan(a, {"x", 1024, 8, 4, 1, 1}), std::invalid_argument);
}

std::string run_qmac(const std::string& args, int* status) {
  const std::string out = std::filesystem::temp_directory_path() / ("qmac_run_out_" + std::to_string(::getpid()));
  const std::string cmd = "SYSTEMC_DISABLE_COPYRIGHT_MESSAGE=1 " + std::string(QMAC_BINARY) + " run " + args + " > " + out + " 2>&1";
  *status = std::system(cmd.c_str());
  std::ifstream in(out);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(RunCommand, WritesReportsWhoseTotalsAddUp) {
  const std::string dir = std::filesystem::temp_directory_path() / ("qmac_run_rep_" + std::to_string(::getpid()));
  int st = 0;
  const std::string out = run_qmac(std::string(QMAC_SOURCE_DIR) + "/configs/scalesim/google_32x32_ws.cfg " + QMAC_SOURCE_DIR +
                                       "/configs/scalesim/gemm_mnk.csv --out " + dir,
                                   &st);
  ASSERT_EQ(st, 0) << out;
  boost::property_tree::ptree pt;
  boost::property_tree::read_json(dir + "/report.json", pt);
  std::uint64_t sum = 0;
  for (const auto& l : pt.get_child("layers")) {
    for (const char* key : {"name", "m", "k", "n", "compute_cycles", "stall_cycles", "total_cycles", "utilization", "macs",
                            "sram_reads", "sram_writes", "dram_read_bytes", "dram_write_bytes"})
      EXPECT_TRUE(l.second.get_child_optional(key)) << key;
    sum += l.second.get<std::uint64_t>("compute_cycles");
  }
  EXPECT_EQ(sum, pt.get<std::uint64_t>("total.compute_cycles"));
  // QKT 1024 x 64 x 1024 on 32 x 32 WS: 2 x 32 folds of 2*32 + 32 + 1024 - 2 cycles (SCALE-Sim v2).
  EXPECT_EQ(pt.get_child("layers").front().second.get<std::uint64_t>("compute_cycles"), 64u * 1118u);
  EXPECT_TRUE(std::filesystem::exists(dir + "/report.csv"));
}

// SCALE-Sim v2's own default (32x32 WS, 64 kB SRAMs) and its 512^3 GEMM: the
// 512 x 32 output tile (64 KiB of FP32/int32 partials) exceeds a 32 KiB buffer,
// so partial sums spill; compute cycles are still SCALE-Sim's:
// 16 x 16 folds x (2*32 + 32 + 512 - 2) = 155,136, printed by SCALE-Sim as 155,135.
TEST(RunCommand, ScaleSimDefault512CubedRunsWithSCALESimCycles) {
  const std::string dir = std::filesystem::temp_directory_path() / ("qmac_run_512_" + std::to_string(::getpid()));
  int st = 0;
  const std::string out = run_qmac(std::string(QMAC_SOURCE_DIR) + "/configs/scalesim/scalesim_default_32x32_ws.cfg " +
                                       QMAC_SOURCE_DIR + "/configs/scalesim/gemm512.csv --out " + dir,
                                   &st);
  ASSERT_EQ(st, 0) << out;
  boost::property_tree::ptree pt;
  boost::property_tree::read_json(dir + "/report.json", pt);
  EXPECT_EQ(pt.get<std::uint64_t>("total.compute_cycles"), 155136u);
  EXPECT_EQ(pt.get<std::uint64_t>("total.scalesim_cycles"), 155135u);
  // The spill is in the traffic: 15 non-last K-folds x 16 column folds x 512 x 32 partials x 4 bytes, out and back,
  // on top of A (512 x 512 per column fold), B (512 x 512) and C (512 x 512 x 4 bytes) once.
  const std::uint64_t spill = 15ull * 16 * 512 * 32 * 4;
  EXPECT_EQ(pt.get<std::uint64_t>("total.dram_write_bytes"), spill + 512ull * 512 * 4);
  EXPECT_EQ(pt.get<std::uint64_t>("total.dram_read_bytes"), spill + 16ull * 512 * 512 + 512ull * 512);
  EXPECT_EQ(pt.get<std::uint64_t>("total.dram_a_read_bytes"), 16ull * 512 * 512);
  EXPECT_EQ(pt.get<std::uint64_t>("total.dram_b_read_bytes"), 512ull * 512);

  // SCALE-Sim's own three reports, with its headers (scalesim/simulator.py) and rows ending in ','.
  auto lines = [&](const char* f) {
    std::ifstream in(dir + "/" + f);
    std::vector<std::string> v;
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
  };
  const auto compute = lines("COMPUTE_REPORT.csv");
  ASSERT_EQ(compute.size(), 2u);
  EXPECT_EQ(compute[0], "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,");
  // 512^3 MACs over 155,135 cycles of 1024 PEs; every fold maps 32 x 32 of K x N.
  char want[128];
  std::snprintf(want, sizeof want, "0, 155135, 0, %.10g, 100, %.10g,", 100.0 * 134217728 / (155135.0 * 1024),
                100.0 * 134217728 / (155135.0 * 1024));
  EXPECT_EQ(compute[1], want);
  const auto bw = lines("BANDWIDTH_REPORT.csv");
  ASSERT_EQ(bw.size(), 2u);
  EXPECT_EQ(bw[0], "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, "
                   "Avg OFMAP DRAM BW,");
  const auto detail = lines("DETAILED_ACCESS_REPORT.csv");
  ASSERT_EQ(detail.size(), 2u);
  EXPECT_EQ(detail[0].substr(0, 64), "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFM");
  // IFMAP: A streamed once per column fold (16 x 512 x 512 bytes), from SRAM and from DRAM; the filter once.
  EXPECT_EQ(detail[1].substr(0, 40), "0, 0, 155135, 4194304, 0, 155135, 262144");
  EXPECT_NE(detail[1].find("0, 155135, 4194304, 0, 155135, 262144, 0, 155135, " + std::to_string(spill + 512ull * 512 * 4) + ","),
            std::string::npos)
      << detail[1];
}

TEST(RunCommand, BadInputExitsTwoWithTheReasonAndNoReport) {
  // (K = 40 on blocks of 32 is no longer bad input: it is padded to 64.)
  const auto bad = write("bad.yaml", "gemms:\n  - {name: a, m: 4, k: 40, n: 4}\n  - {name: b, m: 100000, k: 4096, n: 4096}\n");
  const std::string dir = std::filesystem::temp_directory_path() / ("qmac_run_bad_" + std::to_string(::getpid()));
  int st = 0;
  const std::string out =
      run_qmac(std::string(QMAC_SOURCE_DIR) + "/configs/arch/default.yaml " + bad + " --mode cycle --out " + dir, &st);
  EXPECT_EQ(WEXITSTATUS(st), 2) << out;
  EXPECT_NE(out.find(bad + ":3: layer 'b' holds"), std::string::npos) << out;
  EXPECT_NE(out.find("cycle mode simulates at most 2^28 (use --mode fast)"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(dir + "/report.json"));
  EXPECT_EQ(WEXITSTATUS((run_qmac("nothing.yaml", &st), st)), 2);
}

// --mac takes the kinds with a full hardware model and names them when it refuses one.
TEST(RunCommand, MacWithoutHardwareModelIsRefusedWithTheList) {
  int st = 0;
  const std::string out = run_qmac(std::string(QMAC_SOURCE_DIR) + "/configs/arch/default.yaml " + QMAC_SOURCE_DIR +
                                       "/configs/workloads/gemm512.yaml --mac e2m3 --out /tmp/qmac_never",
                                   &st);
  EXPECT_EQ(WEXITSTATUS(st), 2) << out;
  EXPECT_NE(out.find("--mac e2m3: no full hardware model"), std::string::npos) << out;
  // Every kind whose MAC (and, for block kinds, edge) unit unit_area.yaml has.
  for (const char* k : {"int8", "e4m3", "mxfp4", "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "mxint8", "dialectfp4", "posit8"})
    EXPECT_NE(out.find(k, out.find("--mac takes")), std::string::npos) << k << ": " << out;
}

// An architecture's compare list runs like --compare.
TEST(RunCommand, ArchCompareListRunsEachKind) {
  const auto a = write("cmp.yaml", "array: {rows: 8, cols: 8}\ncompare: [int8, mxfp4]\n");
  const auto w = write("cmpw.yaml", "gemms:\n  - {name: x, m: 8, k: 64, n: 8}\n");
  const std::string dir = std::filesystem::temp_directory_path() / ("qmac_run_cmp_" + std::to_string(::getpid()));
  int st = 0;
  const std::string out = run_qmac(a + " " + w + " --out " + dir, &st);
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("run --compare"), std::string::npos) << out;
  EXPECT_TRUE(std::filesystem::exists(dir + "/int8/report.json"));
  EXPECT_TRUE(std::filesystem::exists(dir + "/mxfp4/report.json"));
}

// DialectFP4 with pre-quantized activations and MXFP4 through the quantizer's MX mode: cycle mode holds every output against golden.
TEST(RunCommand, BothActivationPathsMatchGolden) {
  const auto w = write("pathw.yaml", "gemms:\n  - {name: x, m: 9, k: 96, n: 7}\n");
  for (const char* mac : {"{format: dialectfp4, activation_format: none}", "{format: mxfp4, activation_format: fp16}"}) {
    const auto a = write("path.yaml", std::string("array: {rows: 4, cols: 4}\nmac: ") + mac + "\n");
    int st = 0;
    const std::string out = run_qmac(a + " " + w + " --mode cycle --out /tmp/qmac_path_" + std::to_string(::getpid()), &st);
    ASSERT_EQ(st, 0) << out;
    EXPECT_NE(out.find("63 of 63 outputs agree"), std::string::npos) << out;
    EXPECT_NE(out.find(std::string(mac).find("none") != std::string::npos ? "activations pre-quantized from DRAM"
                                                                           : "activations online quantizer from fp16"),
              std::string::npos)
        << out;
  }
}

}  // namespace
}  // namespace qmac
