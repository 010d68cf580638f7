// Energy in `qmac run`'s report, recomputed by hand: the counters of a
// two-layer workload times the 45 nm table's numbers as written in
// configs/tech/45nm.yaml (and the area anchor of unit_area.yaml), and the
// errors a bad technology gives.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <random>
#include <string>
#include <vector>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <yaml-cpp/yaml.h>

#include "tests/sim/shell.hpp"

namespace fs = std::filesystem;

namespace {

using qmac::test::shell;
const auto& run_shell = shell;

std::string run(const std::string& args, int* status) { return run_shell(std::string(QMAC_BINARY) + " run " + args, status); }

fs::path scratch(const char* tag) {
  const fs::path d = fs::temp_directory_path() / (std::string("qmac_energy_") + tag + "_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

// SRAM banks of 8 KiB, 32 KiB and 1 MiB sit on the table's points: 10, 20 and 100 pJ per 64 bits.
const char* kArch =
    "array: {rows: 4, cols: 4, dataflow: ws}\n"
    "mac: {format: int8}\n"
    "sram:\n"
    "  input: {kib: 8, banks: 1, word_bits: 64}\n"
    "  weight: {kib: 32, banks: 1, word_bits: 64}\n"
    "  output: {kib: 1024, banks: 1, word_bits: 64}\n"
    "tech: 45nm\n";

// kArch with `from` replaced by `to`, on a 4x4x4 GEMM: qmac run's output and status.
std::string run_edited(const fs::path& d, const std::string& from, const std::string& to, int* st) {
  std::string arch = kArch;
  arch.replace(arch.find(from), from.size(), to);
  std::ofstream(d / "a.yaml") << arch;
  std::ofstream(d / "w.yaml") << "gemms:\n  - {name: x, m: 4, k: 4, n: 4}\n";
  return run((d / "a.yaml").string() + " " + (d / "w.yaml").string() + " --out " + (d / "o").string(), st);
}

TEST(Energy, ReportEqualsCountsTimesTheTable) {
  const fs::path d = scratch("hand");
  std::ofstream(d / "a.yaml") << kArch;
  std::ofstream(d / "w.yaml") << "gemms:\n  - {name: x, m: 9, k: 13, n: 7}\n  - {name: y, m: 4, k: 4, n: 4, repeat: 3}\n";
  int st = 0;
  const std::string out = run((d / "a.yaml").string() + " " + (d / "w.yaml").string() + " --out " + (d / "o").string(), &st);
  ASSERT_EQ(st, 0) << out;
  boost::property_tree::ptree pt;
  boost::property_tree::read_json((d / "o" / "report.json").string(), pt);
  // The area rule's anchor, read from the area table.
  double int8_nand2 = 0;
  for (const auto& u : YAML::LoadFile(std::string(QMAC_SOURCE_DIR) + "/configs/tech/unit_area.yaml")["units"])
    if (u["unit"].as<std::string>() == "mac_int8") int8_nand2 = u["nand2_eq"].as<double>();
  ASSERT_GT(int8_nand2, 0);
  const double mac = 0.66234, reg_bit = 6.667 * mac / int8_nand2, dram_bit = 30.47;
  for (const char* where : {"layers..", "total"}) {
    std::vector<boost::property_tree::ptree> nodes;
    if (std::string(where) == "total") nodes.push_back(pt.get_child("total"));
    else
      for (const auto& l : pt.get_child("layers")) nodes.push_back(l.second);
    for (const auto& c : nodes) {
      auto n = [&](const char* k) { return c.get<double>(k); };
      const double want_mac = n("macs") * mac;
      // int8: 8-bit stationary and streaming operands, 32-bit partial sums.
      const double want_reg = (n("stationary_loads") * 8 + n("operand_reg_updates") * 8 + n("psum_reg_updates") * 32) * reg_bit;
      const double want_in = (n("input_sram.read_bits") + n("input_sram.write_bits")) * (10.0 / 64);
      const double want_w = (n("weight_sram.read_bits") + n("weight_sram.write_bits")) * (20.0 / 64);
      const double want_out = (n("output_sram.read_bits") + n("output_sram.write_bits")) * (100.0 / 64);
      const double want_dram = (n("dram_read_bytes") + n("dram_write_bytes")) * 8 * dram_bit;
      const double want = want_mac + want_reg + want_in + want_w + want_out + want_dram;  // no scale unit or quantizer in int8
      EXPECT_NEAR(n("energy_pj.mac"), want_mac, 1e-9 * want_mac) << where;
      EXPECT_NEAR(n("energy_pj.registers"), want_reg, 1e-9 * want_reg) << where;
      EXPECT_NEAR(n("energy_pj.input_sram"), want_in, 1e-9 * want_in) << where;
      EXPECT_NEAR(n("energy_pj.weight_sram"), want_w, 1e-9 * want_w) << where;
      EXPECT_NEAR(n("energy_pj.output_sram"), want_out, 1e-9 * want_out) << where;
      EXPECT_NEAR(n("energy_pj.dram"), want_dram, 1e-9 * want_dram) << where;
      EXPECT_EQ(n("energy_pj.scale_unit"), 0) << where;
      EXPECT_NEAR(n("energy_pj.total"), want, 1e-9 * want) << where;
      EXPECT_GT(want_mac, 0);
    }
  }
  EXPECT_NE(out.find("energy (45nm"), std::string::npos) << out;
  EXPECT_NE(out.find("pJ/MAC"), std::string::npos) << out;
  // Area: 4 x 4 INT8 MAC units at NanGate45's NAND2_X1 (0.798 um2); no edge units, no quantizer;
  // each SRAM's bits x 0.346 um2 (the 45 nm 6T cell) / 0.7 array efficiency.
  const double want_logic = 16 * int8_nand2 * 0.798;
  const double want_sram[] = {8192 * 8 * 0.346 / 0.7, 32768 * 8 * 0.346 / 0.7, 1048576 * 8 * 0.346 / 0.7};
  EXPECT_NEAR(pt.get<double>("area_um2.logic"), want_logic, 1e-9 * want_logic);
  EXPECT_NEAR(pt.get<double>("area_um2.pe_array"), want_logic, 1e-9 * want_logic);
  EXPECT_EQ(pt.get<double>("area_um2.edge_units"), 0);
  EXPECT_NEAR(pt.get<double>("area_um2.input_sram"), want_sram[0], 1e-9 * want_sram[0]);
  EXPECT_NEAR(pt.get<double>("area_um2.weight_sram"), want_sram[1], 1e-9 * want_sram[1]);
  EXPECT_NEAR(pt.get<double>("area_um2.output_sram"), want_sram[2], 1e-9 * want_sram[2]);
  const double want_area = want_logic + want_sram[0] + want_sram[1] + want_sram[2];
  EXPECT_NEAR(pt.get<double>("area_um2.total"), want_area, 1e-9 * want_area);
  EXPECT_NE(out.find("SRAM macros (input_sram"), std::string::npos) << out;
  // Performance at the default 1000 MHz: 2 operations per MAC over the run's seconds and energy.
  const double macs = pt.get<double>("total.macs"), secs = pt.get<double>("total.total_cycles") / 1e9;
  const double pj = pt.get<double>("total.energy_pj.total");
  EXPECT_NEAR(pt.get<double>("performance.seconds"), secs, 1e-9 * secs);
  EXPECT_NEAR(pt.get<double>("performance.tops"), 2 * macs / secs / 1e12, 1e-6 * 2 * macs / secs / 1e12);
  EXPECT_NEAR(pt.get<double>("performance.tops_per_w"), 2 * macs / pj, 1e-6 * 2 * macs / pj);
  EXPECT_NEAR(pt.get<double>("performance.pj_per_mac"), pj / macs, 1e-9 * pj / macs);
  EXPECT_EQ(pt.get<double>("performance.tokens_per_s"), 0) << "the workload does not say how many tokens";
  // Every input is named with its SHA-1 (coreutils' sha1sum as the independent hash).
  int sst = 0;
  const std::string sum = run_shell("sha1sum " + (d / "a.yaml").string(), &sst).substr(0, 40);
  const auto& in = pt.get_child("inputs");
  ASSERT_EQ(in.size(), 4u) << "arch, workload, technology table, area table";
  EXPECT_EQ(in.front().second.get<std::string>("file"), (d / "a.yaml").string());
  EXPECT_EQ(in.front().second.get<std::string>("sha1"), sum);
  EXPECT_FALSE(pt.get<std::string>("qmac_build").empty());
}

// The 7 nm node: 45nm.yaml's energies x F_7(0.7 V) / F_45(0.9 V), Stillmaker-Baas's
// polynomials evaluated here; DRAM left as it is; logic area x 0.059; the SRAM
// macros with the 7 nm bitcell (0.027 um2).
TEST(Energy, SevenNmIsTheFortyFiveNmTableScaledBySourcedFactors) {
  const fs::path d = scratch("7nm");
  int st = 0;
  std::string out = run_edited(d, "tech: 45nm", "tech: 45nm", &st);
  ASSERT_EQ(st, 0) << out;
  boost::property_tree::ptree p45, p7;
  boost::property_tree::read_json((d / "o" / "report.json").string(), p45);
  out = run_edited(d, "tech: 45nm", "tech: 7nm", &st);
  ASSERT_EQ(st, 0) << out;
  boost::property_tree::read_json((d / "o" / "report.json").string(), p7);
  const double f45 = 1.018 * 0.81 - 0.3107 * 0.9 + 0.1539, f7 = 0.1776 * 0.49 - 0.09097 * 0.7 + 0.02447;
  const double k = f7 / f45;
  for (const char* c : {"mac", "registers", "input_sram", "weight_sram", "output_sram"}) {
    const double want = p45.get<double>(std::string("total.energy_pj.") + c) * k;
    EXPECT_NEAR(p7.get<double>(std::string("total.energy_pj.") + c), want, 1e-9 * want) << c;
  }
  EXPECT_EQ(p7.get<double>("total.energy_pj.dram"), p45.get<double>("total.energy_pj.dram"));
  const double logic = p45.get<double>("area_um2.logic") * 0.059;
  EXPECT_NEAR(p7.get<double>("area_um2.logic"), logic, 1e-9 * logic);
  const double in_sram = 8192 * 8 * 0.027 / 0.7;
  EXPECT_NEAR(p7.get<double>("area_um2.input_sram"), in_sram, 1e-9 * in_sram);
  EXPECT_NE(out.find("energy (7nm, "), std::string::npos) << out;
  // The derived table and the one it is scaled from are both named with their hashes.
  EXPECT_EQ(p7.get_child("inputs").size(), 5u);
}

TEST(Energy, UnknownNodeNamesTheFileAndWhatIsShipped) {
  const fs::path d = scratch("node");
  int st = 0;
  const std::string out = run_edited(d, "tech: 45nm", "tech: 3nm", &st);
  EXPECT_EQ(WEXITSTATUS(st), 2) << out;
  EXPECT_NE(out.find("a.yaml: no technology '3nm'; shipped: "), std::string::npos) << out;
  EXPECT_NE(out.find("45nm"), std::string::npos) << out;
  EXPECT_NE(out.find("7nm"), std::string::npos) << out;
}

TEST(Energy, AnEntryWithoutSourceIsRefusedWithItsLine) {
  const fs::path d = scratch("src");
  // A copy of the 45 nm table beside its area table, with one source removed.
  fs::copy_file(std::string(QMAC_SOURCE_DIR) + "/configs/tech/unit_area.yaml", d / "unit_area.yaml");
  std::ifstream in(std::string(QMAC_SOURCE_DIR) + "/configs/tech/45nm.yaml");
  std::stringstream ss;
  ss << in.rdbuf();
  std::string t = ss.str();
  const std::string from = "scale_unit_op:      {area_of: edge_unit, source: \"[AREA] on [Y]: the kind's mx_scale_unit for one cycle\"}";
  ASSERT_NE(t.find(from), std::string::npos);
  t.replace(t.find(from), from.size(), "scale_unit_op:      {area_of: edge_unit}");
  std::ofstream(d / "t.yaml") << t;
  int st = 0;
  const std::string out = run_edited(d, "tech: 45nm", "tech: t.yaml", &st);
  EXPECT_EQ(WEXITSTATUS(st), 2) << out;
  EXPECT_NE(out.find("t.yaml:"), std::string::npos) << out;
  EXPECT_NE(out.find("scale_unit_op has no source"), std::string::npos) << out;
}

// A block kind's scale unit costs what the area rule gives its own edge unit
// (unit_area.yaml's mx_scale_unit row for the kind) per block scaled: one rule
// for every unit, read here from the area table by hand.
TEST(Energy, ScaleUnitOpIsTheKindsEdgeUnitUnderTheAreaRule) {
  const YAML::Node units = YAML::LoadFile(std::string(QMAC_SOURCE_DIR) + "/configs/tech/unit_area.yaml")["units"];
  auto nand2 = [&](const std::string& unit, const std::string& params) {
    for (const auto& u : units)
      if (u["unit"].as<std::string>() == unit && u["params"].as<std::string>() == params) return u["nand2_eq"].as<double>();
    return 0.0;
  };
  const double pj_per_nand2 = 0.66234 / nand2("mac_int8", "AccWidth=32");
  for (const char* kind : {"mxfp4", "dialectfp4", "mxfp8_e5m2"}) {
    const fs::path d = scratch(kind);
    int st = 0;
    const std::string out = run_edited(d, "mac: {format: int8}", std::string("mac: {format: ") + kind + "}", &st);
    ASSERT_EQ(st, 0) << out;
    boost::property_tree::ptree pt;
    boost::property_tree::read_json((d / "o" / "report.json").string(), pt);
    const double edge = nand2("mx_scale_unit", kind);
    ASSERT_GT(edge, 0) << kind << ": no mx_scale_unit row in unit_area.yaml";
    const double ops = pt.get<double>("total.scale_unit_ops");
    EXPECT_GT(ops, 0) << kind;
    const double want = ops * edge * pj_per_nand2;
    EXPECT_NEAR(pt.get<double>("total.energy_pj.scale_unit"), want, 1e-9 * want) << kind;
  }
}

// A MAC kind the table has no energy for: cycles are reported, energy is
// said to be missing (never a silent zero).
TEST(Energy, AKindWithoutEnergyIsSaidSo) {
  const fs::path d = scratch("kind");
  int st = 0;
  const std::string out = run_edited(d, "mac: {format: int8}", "mac: {format: e4m3, weight_format: e5m2}", &st);
  EXPECT_EQ(st, 0) << out;
  EXPECT_NE(out.find("energy: not reported: "), std::string::npos) << out;
  EXPECT_NE(out.find("no MAC energy for e4m3xe5m2"), std::string::npos) << out;
  boost::property_tree::ptree pt;
  boost::property_tree::read_json((d / "o" / "report.json").string(), pt);
  EXPECT_NE(pt.get<std::string>("energy.missing").find("e4m3xe5m2"), std::string::npos);
}

// --compare: one run per MAC kind, side by side; each row equals that kind's own report.
TEST(Energy, CompareRunsEachKindAndTabulatesThem) {
  const fs::path d = scratch("cmp");
  std::ofstream(d / "a.yaml") << kArch;
  std::ofstream(d / "w.yaml") << "gemms:\n  - {name: x, m: 8, k: 64, n: 8}\n";
  int st = 0;
  const std::string out =
      run((d / "a.yaml").string() + " " + (d / "w.yaml").string() + " --compare int8,mxfp4,e4m3 --out " + (d / "o").string(), &st);
  ASSERT_EQ(st, 0) << out;
  std::ifstream csv(d / "o" / "compare.csv");
  std::string header, row;
  std::getline(csv, header);
  EXPECT_EQ(header, "mac,total_cycles,macs,dram_bytes,energy_pj,pj_per_mac,dram_energy_share,logic_area_mm2");
  int rows = 0;
  while (std::getline(csv, row)) {
    const std::string kind = row.substr(0, row.find(','));
    boost::property_tree::ptree pt;
    boost::property_tree::read_json((d / "o" / kind / "report.json").string(), pt);
    std::stringstream fields(row);
    std::string f[8];
    for (auto& x : f) std::getline(fields, x, ',');
    EXPECT_EQ(std::stoull(f[1]), pt.get<std::uint64_t>("total.total_cycles")) << kind;
    EXPECT_EQ(std::stoull(f[2]), pt.get<std::uint64_t>("total.macs")) << kind;
    EXPECT_NEAR(std::stod(f[4]), pt.get<double>("total.energy_pj.total"), 1e-6 * std::stod(f[4])) << kind;
    ++rows;
  }
  EXPECT_EQ(rows, 3);
  EXPECT_NE(out.find("run --compare"), std::string::npos) << out;
  EXPECT_EQ(WEXITSTATUS((run((d / "a.yaml").string() + " " + (d / "w.yaml").string() + " --compare int8 --out " +
                                (d / "p").string(), &st), st)), 2);
}

}  // namespace

namespace {

// A 2-D float32 .npy file (format 1.0), written here so the test owns its inputs.
void write_npy(const fs::path& p, std::int64_t rows, std::int64_t cols, const std::vector<float>& v) {
  std::string hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(rows) + ", " + std::to_string(cols) + "), }";
  hdr += std::string(64 - (10 + hdr.size() + 1) % 64, ' ') + "\n";
  std::ofstream f(p, std::ios::binary);
  f.write("\x93NUMPY\x01\x00", 8);
  const std::uint16_t n = static_cast<std::uint16_t>(hdr.size());
  f.put(static_cast<char>(n & 0xFF));
  f.put(static_cast<char>(n >> 8));
  f << hdr;
  f.write(reinterpret_cast<const char*>(v.data()), static_cast<std::streamsize>(v.size() * sizeof(float)));
}

struct ActivityRun {
  boost::property_tree::ptree total;
  std::string out;
};

// An 8x8 int8 array, one 16 x 64 x 16 layer in cycle mode with the given operands.
ActivityRun run_with(const fs::path& d, const std::vector<float>& a, const std::vector<float>& b) {
  std::ofstream(d / "a.yaml") << "array: {rows: 8, cols: 8, dataflow: ws}\nmac: {format: int8}\n";
  std::ofstream(d / "w.yaml") << "gemms:\n  - {name: x, m: 16, k: 64, n: 16}\n";
  write_npy(d / "A.npy", 16, 64, a);
  write_npy(d / "B.npy", 64, 16, b);
  int st = 0;
  ActivityRun r;
  r.out = run((d / "a.yaml").string() + " " + (d / "w.yaml").string() + " --mode cycle --inputs x=" + (d / "A.npy").string() + "," +
                  (d / "B.npy").string() + " --out " + (d / "o").string(),
              &st);
  EXPECT_EQ(st, 0) << r.out;
  boost::property_tree::ptree pt;
  boost::property_tree::read_json((d / "o" / "report.json").string(), pt);
  r.total = pt.get_child("total");
  return r;
}

}  // namespace

// Switching activity: all-zero operands flip no operand, partial-sum or SRAM
// read bit, so their activity energy for MACs, registers and SRAM reads is 0;
// Gaussian operands flip about half the bits (the table's reference), and
// sparse small ones fewer; the table's energy is the same for all three.
TEST(Energy, ActivityEnergyFollowsTheDataTableEnergyDoesNot) {
  const fs::path d = scratch("act");
  std::mt19937 rng(7);
  std::normal_distribution<float> g(0, 1);
  std::uniform_real_distribution<float> u(0, 1);
  std::vector<float> ga(16 * 64), gb(64 * 16), sa(ga.size()), sb(gb.size());
  for (auto& x : ga) x = g(rng);
  for (auto& x : gb) x = g(rng);
  for (auto& x : sa) x = u(rng) < 0.1f ? g(rng) * 0.01f : 0.0f;
  for (auto& x : sb) x = u(rng) < 0.1f ? g(rng) * 0.01f : 0.0f;
  const ActivityRun zero = run_with(d, std::vector<float>(ga.size(), 0.0f), std::vector<float>(gb.size(), 0.0f));
  const ActivityRun gauss = run_with(d, ga, gb);
  const ActivityRun sparse = run_with(d, sa, sb);
  for (const char* k : {"activity.operand_toggles", "activity.stationary_toggles", "activity.psum_toggles", "activity.input_sram_toggles",
                        "activity.weight_sram_toggles", "activity.energy_pj.mac", "activity.energy_pj.registers"})
    EXPECT_EQ(zero.total.get<double>(k), 0) << k;
  const double table = gauss.total.get<double>("energy_pj.total");
  EXPECT_EQ(zero.total.get<double>("energy_pj.total"), table);
  EXPECT_EQ(sparse.total.get<double>("energy_pj.total"), table);
  // Gaussian int8 codes: each operand bit flips with probability near 1/2.
  const double bits = gauss.total.get<double>("operand_reg_updates") * 8 + gauss.total.get<double>("stationary_loads") * 8;
  const double rate = (gauss.total.get<double>("activity.operand_toggles") + gauss.total.get<double>("activity.stationary_toggles")) / bits;
  EXPECT_GT(rate, 0.3);
  EXPECT_LT(rate, 0.6);
  EXPECT_NEAR(gauss.total.get<double>("activity.energy_pj.mac"), gauss.total.get<double>("energy_pj.mac") * rate / 0.5,
              1e-6 * gauss.total.get<double>("energy_pj.mac"));
  // Sparse, small operands: under half the Gaussian run's MAC and register energy; SRAM reads and the total fall too.
  for (const char* k : {"activity.energy_pj.mac", "activity.energy_pj.registers"})
    EXPECT_LT(sparse.total.get<double>(k), 0.5 * gauss.total.get<double>(k)) << k;
  for (const char* k : {"activity.energy_pj.input_sram", "activity.energy_pj.weight_sram", "activity.energy_pj.total"})
    EXPECT_LT(sparse.total.get<double>(k), gauss.total.get<double>(k)) << k;
  EXPECT_NE(gauss.out.find("energy with the measured switching activity"), std::string::npos) << gauss.out;
}

// --inputs: a tensor of the wrong shape, an unknown layer and fast mode are refused, naming what was expected.
TEST(Energy, InputsAreCheckedAgainstTheLayer) {
  const fs::path d = scratch("inp");
  std::ofstream(d / "a.yaml") << "array: {rows: 8, cols: 8, dataflow: ws}\nmac: {format: int8}\n";
  std::ofstream(d / "w.yaml") << "gemms:\n  - {name: x, m: 16, k: 64, n: 16}\n";
  write_npy(d / "A.npy", 16, 64, std::vector<float>(16 * 64, 1.0f));
  write_npy(d / "B.npy", 16, 64, std::vector<float>(16 * 64, 1.0f));
  const std::string base = (d / "a.yaml").string() + " " + (d / "w.yaml").string() + " --out " + (d / "o").string();
  int st = 0;
  std::string out = run(base + " --mode cycle --inputs x=" + (d / "A.npy").string() + "," + (d / "B.npy").string(), &st);
  EXPECT_EQ(WEXITSTATUS(st), 2) << out;
  EXPECT_NE(out.find((d / "B.npy").string() + ": B (K x N) must be 64 x 16, not 16 x 64"), std::string::npos) << out;
  out = run(base + " --mode cycle --inputs y=" + (d / "A.npy").string() + "," + (d / "A.npy").string(), &st);
  EXPECT_EQ(WEXITSTATUS(st), 2) << out;
  EXPECT_NE(out.find("the workload has no layer 'y' (it has x)"), std::string::npos) << out;
  out = run(base + " --inputs x=" + (d / "A.npy").string() + "," + (d / "A.npy").string(), &st);
  EXPECT_EQ(WEXITSTATUS(st), 2) << out;
  EXPECT_NE(out.find("--inputs gives operands: it needs --mode cycle or rtl"), std::string::npos) << out;
}
