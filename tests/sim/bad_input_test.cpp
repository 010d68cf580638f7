// The bad-input campaign, run against the qmac binary as a user runs it: every
// case is a file or an option that once crashed, hung, wrapped or passed
// silently (issue 10). Each must exit with the stated code, say why on
// stderr (naming the file and line where there is one), and write no report.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

struct Case {
  const char* name;
  std::map<std::string, std::string> files;  // written into the case's folder
  std::string args;                          // {d} is the case's folder, {src} the source tree
  int exit_code;
  std::string says;  // a substring of stderr ({d} replaced)
  std::string stdin_text = "";
};

std::string expand(std::string s, const std::string& d) {
  for (auto [key, value] : {std::pair<std::string, std::string>{"{d}", d}, {"{src}", QMAC_SOURCE_DIR}})
    for (std::size_t p; (p = s.find(key)) != std::string::npos;) s.replace(p, key.size(), value);
  return s;
}

const std::string kDirectory = "<a directory>";  // files[] entry made as a folder
const std::string kArch = "array: {rows: 4, cols: 4, dataflow: ws}\nmac: {format: int8}\n";
const std::string kGemm = "gemms:\n  - {name: a, m: 8, k: 8, n: 8}\n";
const std::string kCfgHead = "[general]\nrun_name = x\n[architecture_presets]\nArrayHeight: 4\nArrayWidth: 4\n"
                             "IfmapSramSzkB: 64\nFilterSramSzkB: 64\nOfmapSramSzkB: 64\nDataflow: ws\n";

const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      // Architecture YAML.
      {"yaml_nonscalar_key", {{"a.yaml", "? :\n"}}, "run {d}/a.yaml {d}/w.yaml", 2, "{d}/a.yaml:1: expected a plain key"},
      {"yaml_map_key", {{"a.yaml", "? {x: 1}\n: 2\n"}}, "run {d}/a.yaml {d}/w.yaml", 2, "expected a plain key (a name), not a mapping"},
      {"yaml_duplicate_key", {{"a.yaml", "array: {rows: 4, cols: 4}\narray: {rows: 8, cols: 8}\n"}}, "run {d}/a.yaml {d}/w.yaml", 2,
       "{d}/a.yaml:2: key 'array' given twice"},
      {"yaml_huge_int", {{"a.yaml", "array: {rows: 99999999999999999999, cols: 4}\n"}}, "run {d}/a.yaml {d}/w.yaml", 2,
       "rows must be an integer between 1 and 4096, not '99999999999999999999'"},
      {"yaml_block_3", {{"a.yaml", "array: {rows: 1, cols: 4}\nmac: {format: mxfp4, block: 3}\n"}}, "run {d}/a.yaml {d}/w.yaml", 2,
       "block must be a power of two from 8 to 256"},
      {"yaml_block_1", {{"a.yaml", "array: {rows: 1, cols: 4}\nmac: {format: dialectfp4, block: 1}\n"}}, "run {d}/a.yaml {d}/w.yaml", 2,
       "block must be a power of two from 8 to 256"},
      {"yaml_list_value", {{"a.yaml", "array: {rows: [4], cols: 4}\n"}}, "run {d}/a.yaml {d}/w.yaml", 2, "rows must be an integer"},
      {"yaml_bandwidth_nan", {{"a.yaml", kArch + "dram: {bytes_per_cycle: .nan}\n"}}, "run {d}/a.yaml {d}/w.yaml", 2,
       "bytes_per_cycle must be a number between"},
      {"arch_is_directory", {}, "run {d} {d}/w.yaml", 2, "{d}: is a directory, expected a file"},
      {"arch_missing", {}, "run {d}/none.yaml {d}/w.yaml", 2, "{d}/none.yaml: no such file"},
      // SCALE-Sim .cfg.
      {"cfg_bandwidth_suffix", {{"a.cfg", kCfgHead + "Bandwidth: 10abc\n"}}, "run {d}/a.cfg {d}/w.yaml", 2,
       "{d}/a.cfg:10: Bandwidth must be a number between 0.001 and 1e+06"},
      {"cfg_bandwidth_tiny", {{"a.cfg", kCfgHead + "Bandwidth: 0.0001\n"}}, "run {d}/a.cfg {d}/w.yaml --timing rtl", 2,
       "Bandwidth must be a number"},
      {"cfg_bandwidth_huge", {{"a.cfg", kCfgHead + "Bandwidth: 1e300\n"}}, "run {d}/a.cfg {d}/w.yaml --timing rtl", 2,
       "Bandwidth must be a number"},
      {"cfg_bandwidth_inf", {{"a.cfg", kCfgHead + "Bandwidth: inf\n"}}, "run {d}/a.cfg {d}/w.yaml --timing rtl", 2,
       "Bandwidth must be a number"},
      {"cfg_duplicate_key", {{"a.cfg", kCfgHead + "ArrayHeight: 8\n"}}, "run {d}/a.cfg {d}/w.yaml", 2,
       "{d}/a.cfg:10: 'ArrayHeight' given twice in [architecture_presets] (first at line 4)"},
      {"cfg_duplicate_section", {{"a.cfg", kCfgHead + "[general]\n"}}, "run {d}/a.cfg {d}/w.yaml", 2,
       "{d}/a.cfg:10: section [general] given twice"},
      {"cfg_huge_int", {{"a.cfg", "[architecture_presets]\nArrayHeight: 99999999999999999999999\n"}}, "run {d}/a.cfg {d}/w.yaml", 2,
       "arrayheight must be an integer in 1..4096"},
      // Workloads.
      {"repeat_wraps", {{"w2.yaml", "gemms:\n  - {name: a, m: 512, k: 512, n: 512, repeat: 4294967296}\n"}},
       "run {d}/a.yaml {d}/w2.yaml", 2, "{d}/w2.yaml:2: layer 'a' is 512x512x512 x 4294967296 repeats, more than 2^56 MACs"},
      {"repeat_past_limit", {{"w2.yaml", "gemms:\n  - {name: a, m: 1, k: 1, n: 1, repeat: 4294967297}\n"}},
       "run {d}/a.yaml {d}/w2.yaml", 2, "repeat must be an integer between 1 and 4294967296"},
      {"folds_blow_up", {{"w2.yaml", "gemms:\n  - {name: a, m: 1, k: 16777216, n: 16777216}\n"}}, "run {d}/a.yaml {d}/w2.yaml", 2,
       "folds on a 4x4 array; qmac simulates at most 4194304 folds per layer"},
      {"gemm_key_twice", {{"w2.yaml", "gemms:\n  - {name: a, m: 1, m: 2, k: 1, n: 1}\n"}}, "run {d}/a.yaml {d}/w2.yaml", 2,
       "key 'm' given twice in a GEMM"},
      {"gemm_name_list", {{"w2.yaml", "gemms:\n  - {name: [a], m: 1, k: 1, n: 1}\n"}}, "run {d}/a.yaml {d}/w2.yaml", 2,
       "{d}/w2.yaml:2: expected a name"},
      {"csv_huge_field", {{"w.csv", "Layer,M,N,K,\nx,99999999999999999999,4,4,\n"}}, "run {d}/a.yaml {d}/w.csv", 2,
       "{d}/w.csv:2: field 2 ('M') must be a positive integer"},
      {"csv_conv_k_overflow", {{"w.csv", "Layer, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n"
                                         "c,16777216,16777216,16777216,16777216,16777216,1,1,\n"}},
       "run {d}/a.yaml {d}/w.csv", 2, "{d}/w.csv:2: the layer's GEMM"},
      {"cycle_mode_too_big", {{"w2.yaml", "gemms:\n  - {name: a, m: 65536, k: 65536, n: 4}\n"}},
       "run {d}/a.yaml {d}/w2.yaml --mode cycle", 2, "cycle mode simulates at most 2^28"},
      {"rtl_unbuilt_array", {{"a.yaml", "array: {rows: 32, cols: 32}\nmac: {format: int8}\n"}}, "run {d}/a.yaml {d}/w.yaml --mode rtl",
       2, "--mode rtl"},
      {"mode_unknown", {}, "run {d}/a.yaml {d}/w.yaml --mode fastest", 2, "--mode must be fast, cycle or rtl, not 'fastest'"},
      // Outputs: checked before the simulation.
      {"out_empty", {}, "run {d}/a.yaml {d}/w.yaml --out ''", 2, "--out: an empty folder name"},
      {"out_is_file", {{"f", "x"}}, "run {d}/a.yaml {d}/w.yaml --out {d}/f", 2, "cannot create the output folder"},
      {"out_not_writable", {}, "run {d}/a.yaml {d}/w.yaml --out /proc/qmac_out", 2, "/proc/qmac_out"},
      {"junit_is_directory", {}, "verify --filter 'int8.ws.4x4.ragged.uniform' --junit {d}", 2,
       "{d}: is a folder; expected the name of a report file"},
      {"workload_out_is_directory", {}, "workload --model tiny --phase decode --kv 8 --out {d}", 2,
       "{d}: is a folder; expected the name of a report file"},
      {"coverage_without_coverage_build", {}, "verify --filter 'int8.ws.4x4.ragged.uniform' --coverage {d}/cov", 2,
       "--coverage: this qmac's RTL was built without coverage points"},
      // Explore.
      {"threads_huge", {}, "explore --threads 100000 --weights gaussian:4x32 --out {d}/o", 2, "--threads: expected 1 to 1024"},
      {"generator_wraps", {}, "explore --weights gaussian:4294967296x4294967296 --out {d}/o", 2, "at most 2^26 elements"},
      {"generator_fraction", {}, "explore --activations outliers:4x32:fraction=1e15 --out {d}/o", 2,
       "'fraction' needs a number in (0, 1]"},
      {"generator_dof", {}, "explore --weights student:4x32:dof=1e9 --out {d}/o", 2, "'dof' needs a number in [1, 100]"},
      {"generator_seed_float", {}, "explore --weights gaussian:4x32:seed=1e30 --out {d}/o", 2, "seed needs an integer"},
      {"explore_block_3", {}, "explore --block 3 --weights gaussian:4x32 --out {d}/o", 2, "--block 3: expected a power of two in 8..256"},
      // Checked even where no format uses it (int8 has no block).
      {"explore_block_0_unused", {}, "explore --formats int8 --block 0 --weights gaussian:4x32 --out {d}/o", 2,
       "--block 0: expected a power of two in 8..256"},
      {"explore_group_huge", {}, "explore --formats int4_g99999999999999999999 --weights gaussian:4x32 --out {d}/o", 2,
       "the group size must be 1..1048576"},
      {"npy_directory", {{"x.npy", kDirectory}}, "explore --weights {d}/x.npy --out {d}/o", 2, "{d}/x.npy: is a directory"},
      // Eval.
      {"eval_model_truncated", {{"m.bin", std::string("\x04\0\0\0\x06\0\0\0", 8)}}, "eval --model {d}/m.bin --tokens {d}/w.yaml", 2,
       "{d}/m.bin: byte 8: expected the header's n_layers"},
      {"eval_model_not_checkpoint", {}, "eval --model {d}/w.yaml --tokens {d}/w.yaml", 2, "header: dim must be 1..65536"},
      {"eval_token_not_id", {{"t.txt", "1 2 three\n"}}, "eval --model " QMAC_SHARED_DIR "/models/stories260K.bin --tokens {d}/t.txt", 2,
       "{d}/t.txt:1:5: expected a token id"},
      {"eval_token_outside_vocab", {{"t.txt", "1 2 512\n"}}, "eval --model " QMAC_SHARED_DIR "/models/stories260K.bin --tokens {d}/t.txt",
       2, "token 512 is outside"},
      {"eval_format_unknown", {{"t.txt", "1 2 3\n"}},
       "eval --model " QMAC_SHARED_DIR "/models/stories260K.bin --tokens {d}/t.txt --formats e9m9", 2, "unknown format 'e9m9'"},
      {"eval_too_few_tokens", {{"t.txt", "1 2 3\n"}},
       "eval --model " QMAC_SHARED_DIR "/models/stories260K.bin --tokens {d}/t.txt --length 2 --sequences 5", 2,
       "3 tokens hold 1 windows of 2, not 5"},
      {"eval_sample_and_tokens", {{"t.txt", "1 2 3\n"}},
       "eval --model " QMAC_SHARED_DIR "/models/stories260K.bin --tokens {d}/t.txt --sample 2 --length 8", 2, "give one of --tokens"},
      {"eval_hf_missing_config", {{"hf", kDirectory}}, "eval --model {d}/hf --sample 1 --length 4", 2,
       "{d}/hf/config.json: no such file"},
      {"run_mac_nf4", {}, "run {d}/a.yaml {d}/w.yaml --mac nf4 --out {d}/o", 2,
       "nf4 is a lookup format (its 16 codes index values that are not multiples of one power of two)"},
      {"eval_tokens_empty", {{"t.txt", ""}}, "eval --model " QMAC_SHARED_DIR "/models/stories260K.bin --tokens {d}/t.txt", 2,
       "{d}/t.txt: expected token ids (whitespace-separated integers), found none"},
      {"eval_longer_than_context", {{"t.txt", "1 2 3\n"}},
       "eval --model " QMAC_SHARED_DIR "/models/stories260K.bin --tokens {d}/t.txt --length 600", 2,
       "--length 600 is longer than the model's context (512)"},
      // Golden.
      {"quantize_block_0", {}, "golden quantize --format nf4 --block 0", 2, "--block: expected 1 to 4096", "3f800000\n"},
  };
  return c;
}

class BadInput : public ::testing::TestWithParam<std::size_t> {};

TEST_P(BadInput, ExitsWithTheReasonAndWritesNoReport) {
  const Case& c = cases()[GetParam()];
  const fs::path dir = fs::temp_directory_path() / ("qmac_bad_" + std::to_string(::getpid()) + "_" + c.name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::map<std::string, std::string> files = {{"a.yaml", kArch}, {"w.yaml", kGemm}};
  for (const auto& [n, t] : c.files) files[n] = t;
  for (const auto& [n, t] : files)
    if (t == kDirectory) fs::create_directories(dir / n);
    else std::ofstream(dir / n, std::ios::binary) << t;
  std::ofstream(dir / "stdin") << c.stdin_text;
  const std::string cmd = std::string(QMAC_BINARY) + " " + expand(c.args, dir.string()) + " < " + (dir / "stdin").string() +
                          " > " + (dir / "stdout").string() + " 2> " + (dir / "stderr").string();
  const int st = std::system(cmd.c_str());
  std::ifstream e(dir / "stderr");
  const std::string err((std::istreambuf_iterator<char>(e)), {});
  ASSERT_TRUE(WIFEXITED(st)) << c.name << ": killed by a signal; stderr: " << err;
  EXPECT_EQ(WEXITSTATUS(st), c.exit_code) << c.name << ": " << err;
  EXPECT_NE(err.find(expand(c.says, dir.string())), std::string::npos) << c.name << ": stderr was: " << err;
  EXPECT_FALSE(fs::exists(dir / "qmac_run" / "report.json")) << c.name;
  EXPECT_FALSE(fs::exists(dir / "o" / "report.json")) << c.name;
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Campaign, BadInput, ::testing::Range<std::size_t>(0, cases().size()),
                         [](const auto& info) { return std::string(cases()[info.param].name); });

// Names with commas and quotes stay one CSV field (RFC 4180); the JSON escapes them.
TEST(Reports, CsvQuotesAndJsonEscapesLayerNames) {
  const fs::path dir = fs::temp_directory_path() / ("qmac_csv_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.yaml") << kArch;
  std::ofstream(dir / "w.yaml") << "gemms:\n  - {name: 'x,\"y\"', m: 4, k: 4, n: 4}\n";
  const std::string cmd = std::string(QMAC_BINARY) + " run " + (dir / "a.yaml").string() + " " + (dir / "w.yaml").string() +
                          " --out " + (dir / "o").string() + " > /dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream csv(dir / "o" / "report.csv");
  std::string header, row;
  std::getline(csv, header);
  std::getline(csv, row);
  EXPECT_EQ(row.rfind("\"x,\"\"y\"\"\",4,4,4,1,", 0), 0u) << row;
  std::ifstream js(dir / "o" / "report.json");
  const std::string json((std::istreambuf_iterator<char>(js)), {});
  EXPECT_NE(json.find("\"name\": \"x,\\\"y\\\"\""), std::string::npos);
  EXPECT_NE(json.find("\"qmac_version\""), std::string::npos);
  fs::remove_all(dir);
}

// A write that fails (here: a file-size limit, as a full disk would) exits 1
// and leaves no report, neither the file nor a truncated one.
TEST(Reports, FailedWriteExitsOneAndLeavesNoReport) {
  const fs::path dir = fs::temp_directory_path() / ("qmac_full_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "a.yaml") << kArch;
  std::ofstream(dir / "w.yaml") << kGemm;
  // ulimit -f 1: files stop at 512 bytes (stderr's log too: it stays short); SIGXFSZ
  // ignored so the write returns EFBIG.
  const std::string cmd = "sh -c \"trap '' XFSZ; ulimit -f 1; " + std::string(QMAC_BINARY) + " run " + (dir / "a.yaml").string() +
                          " " + (dir / "w.yaml").string() + " --out " + (dir / "o").string() + " > /dev/null\" 2> " + (dir / "log").string();
  const int st = std::system(cmd.c_str());
  std::ifstream l(dir / "log");
  const std::string log((std::istreambuf_iterator<char>(l)), {});
  EXPECT_EQ(WEXITSTATUS(st), 1) << log;
  EXPECT_NE(log.find("report.json: write failed"), std::string::npos) << log;
  EXPECT_FALSE(fs::exists(dir / "o" / "report.json"));
  for (const auto& e : fs::directory_iterator(dir / "o")) ADD_FAILURE() << "left behind: " << e.path();
  fs::remove_all(dir);
}

// Same seed, same bytes: two runs of cycle mode write identical reports.
TEST(Reports, SameSeedSameBytes) {
  const fs::path dir = fs::temp_directory_path() / ("qmac_det_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "w.yaml") << "gemms:\n  - {name: a, m: 40, k: 64, n: 36}\n  - {name: b, m: 7, k: 96, n: 70}\n";
  std::string text[2];
  for (int i = 0; i < 2; ++i) {
    const std::string cmd = std::string(QMAC_BINARY) + " run " + QMAC_SOURCE_DIR + "/configs/arch/default.yaml " +
                            (dir / "w.yaml").string() + " --mode cycle --seed 7 --out " +
                            (dir / std::to_string(i)).string() + " > /dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream in(dir / std::to_string(i) / "report.json");
    text[i] = std::string((std::istreambuf_iterator<char>(in)), {});
  }
  EXPECT_EQ(text[0], text[1]);
  fs::remove_all(dir);
}

}  // namespace
