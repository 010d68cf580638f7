// `qmac golden`: exact output for the documented examples, and the error
// contract (line number, what was expected, exit code 2, nothing on stdout).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "sim/cli/golden_command.hpp"

namespace qmac::test {
namespace {

struct CliRun {
  int code;
  std::string out, err;
};

CliRun golden(std::vector<std::string> args, const std::string& input) {
  args.insert(args.begin(), "golden");
  std::vector<const char*> argv;
  for (auto& a : args) argv.push_back(a.c_str());
  std::istringstream in(input);
  std::ostringstream out, err;
  const int code = cli::golden_command(static_cast<int>(argv.size()), argv.data(), in, out, err);
  return {code, out.str(), err.str()};
}

TEST(GoldenCommand, EncodeDecodeMul) {
  EXPECT_EQ(golden({"encode", "--format", "e4m3"}, "3f800000\n").out, "38\n");
  EXPECT_EQ(golden({"encode", "--format", "e4m3"}, "0x3F800000\n# comment\n\n0XC3E80000\n").out, "38\nfe\n");
  EXPECT_EQ(golden({"encode", "--format", "e4m3", "--overflow", "nosat"}, "43e88000\n").out, "7f\n") << "465 -> NaN";
  EXPECT_EQ(golden({"encode", "--format", "e8m0"}, "40400000\n").out, "80\n") << "default rz: floor(log2 3) = 1";
  EXPECT_EQ(golden({"encode", "--format", "e8m0", "--rounding", "ru"}, "40400000\n").out, "81\n");
  EXPECT_EQ(golden({"encode", "--format", "fp16", "--from", "fp64"}, "3ff0000000000000\n").out, "3c00\n");
  EXPECT_EQ(golden({"encode", "--format", "tf32"}, "3f800000\n").out, "1fc00\n") << "19-bit code, 5 digits";
  // IEEE formats default to IEEE overflow; Inf stays Inf even under sat; OCP FP8 saturates.
  EXPECT_EQ(golden({"encode", "--format", "bf16"}, "7f800000\n7f7fffff\nff800000\n").out, "7f80\n7f80\nff80\n");
  EXPECT_EQ(golden({"encode", "--format", "fp16"}, "7f800000\n47800000\n").out, "7c00\n7c00\n") << "65536 -> Inf";
  EXPECT_EQ(golden({"encode", "--format", "fp16", "--overflow", "sat"}, "7f800000\n47800000\n").out, "7c00\n7bff\n");
  EXPECT_EQ(golden({"encode", "--format", "e5m2"}, "7f800000\n").out, "7b\n") << "OCP SAT: Inf -> max (formats.md 6.1)";
  EXPECT_EQ(golden({"decode", "--format", "e4m3"}, "7e\n").out, "43e00000\n");
  EXPECT_EQ(golden({"decode", "--format", "posit32", "--to", "fp64"}, "7fffffff\n").out, "4770000000000000\n");
  EXPECT_EQ(golden({"mul", "--format", "e4m3"}, "40 48\n").out, "41000000\n");
  EXPECT_EQ(golden({"posit", "--format", "posit16", "--op", "add"}, "4000 4000\n").out, "4800\n");
  EXPECT_EQ(golden({"posit", "--format", "posit16", "--op", "sqrt"}, "5000\n").out, "4800\n") << "sqrt 4 = 2";
  EXPECT_EQ(golden({"dot", "--format", "posit16"}, "4000,4000;4000,c000\n4000;4800\n").out, "0000\n4800\n");
}

TEST(GoldenCommand, QuantizeBlocks) {
  std::string in;
  for (int i = 0; i < 32; ++i) in += (i == 0 ? "40e9999a" : "00000000") + std::string("\n");  // 7.3, 0...
  const CliRun r = golden({"quantize", "--format", "mxfp4", "--emit-scales"}, in);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 12), "40c00000 7f\n") << "7.3 saturates to E2M1 max 6 at scale 2^0";
  EXPECT_EQ(r.out.substr(12, 12), "00000000 7f\n");
}

TEST(GoldenCommand, QuantizeDialectFp4WorkedExample) {
  // formats.md §4.5: 7.3 -5.1 4.9 4.6 3.1 -2.2 1.0 0.4, zeros -> Es 0, dialect 1,
  // 7.5 -4.5 4.5 4.5 3 -2 1 0.5.
  std::string in = "40e9999a\nc0a33333\n409ccccd\n40933333\n40466666\nc00ccccd\n3f800000\n3ecccccd\n";
  for (int i = 0; i < 24; ++i) in += "00000000\n";
  const CliRun r = golden({"quantize", "--format", "dialectfp4", "--emit-scales"}, in);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.out.substr(0, 8 * 14),
            "40f00000 7f 1\nc0900000 7f 1\n40900000 7f 1\n40900000 7f 1\n40400000 7f 1\nc0000000 7f 1\n"
            "3f800000 7f 1\n3f000000 7f 1\n");
  EXPECT_EQ(golden({"quantize", "--format", "dialectfp4", "--select", "mse"}, in).code, 0);
  const CliRun mx = golden({"quantize", "--format", "dialectfp4", "--select", "mx", "--emit-scales"}, in);
  EXPECT_EQ(mx.out.substr(0, 14), "40c00000 7f 7\n") << "MX mode: E2M1 saturates 7.3 to 6";
  const CliRun bad = golden({"decode", "--format", "dialectfp4"}, "7\n");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("dialect id"), std::string::npos) << bad.err;
  EXPECT_EQ(golden({"quantize", "--format", "mxfp4", "--select", "mse"}, in).code, 2);
}

TEST(GoldenCommand, BadInputNamesTheLine) {
  CliRun r = golden({"encode", "--format", "e4m3"}, "3f800000\nxyz\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(r.out, "") << "no partial output";
  EXPECT_NE(r.err.find("line 2"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("hex"), std::string::npos) << r.err;
  r = golden({"encode", "--format", "e9m9"}, "");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("unknown format 'e9m9'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("mxfp4"), std::string::npos) << "lists the known names";
  r = golden({"mul", "--format", "e4m3"}, "40\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("line 1: expected two codes"), std::string::npos) << r.err;
  r = golden({"decode", "--format", "e4m3"}, "100\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("does not fit"), std::string::npos) << r.err;
  r = golden({"quantize", "--format", "mxfp4"}, "3f800000\n3f800000\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("line 1: short final block"), std::string::npos) << r.err;
  r = golden({"quantize", "--format", "mxfp4", "--block", "48"}, "");
  EXPECT_EQ(r.code, 2);
  r = golden({"encode", "--format", "e4m3", "--rounding", "up"}, "3f800000\n");
  EXPECT_EQ(r.code, 2);
  r = golden({"encode", "--format", "posit16", "--rounding", "rz"}, "3f800000\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("nearest even only"), std::string::npos) << r.err;
  r = golden({"encode", "--format", "e2m1", "--overflow", "nosat"}, "3f800000\n");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("always saturates"), std::string::npos) << r.err;
  EXPECT_EQ(golden({"encode", "--format", "e8m0", "--overflow", "nosat"}, "7f800000\n").out, "ff\n");
  r = golden({"frobnicate"}, "");
  EXPECT_EQ(r.code, 2);
  r = golden({"encode", "--bogus"}, "");
  EXPECT_EQ(r.code, 2);
}

TEST(GoldenCommand, HelpAndTable) {
  EXPECT_EQ(golden({"--help"}, "").code, 0);
  const CliRun h = golden({"encode", "--help"}, "");
  EXPECT_EQ(h.code, 0);
  EXPECT_NE(h.out.find("--overflow"), std::string::npos);
  const CliRun t = golden({"table", "--config", QMAC_SOURCE_DIR "/configs/golden/table.yaml"}, "");
  ASSERT_EQ(t.code, 0) << t.err;
  EXPECT_NE(t.out.find("posit16"), std::string::npos);
  EXPECT_NE(t.out.find("57344"), std::string::npos);
  // Without --config every registered format is listed, the block formats the footnote describes too.
  const CliRun all = golden({"table"}, "");
  ASSERT_EQ(all.code, 0) << all.err;
  for (const char* f : {"e4m3", "nf4", "posit32", "mxfp8_e4m3", "mxfp4", "mxint8", "dialectfp4"})
    EXPECT_NE(all.out.find(std::string("\n") + f + " "), std::string::npos) << f;
}

TEST(GoldenCommand, BadConfigNamesFileAndLine) {
  const std::string path = ::testing::TempDir() + "/bad_table.yaml";
  std::ofstream(path) << "formats:\n  - e4m3\n  - e7m7\n";
  CliRun r = golden({"table", "--config", path}, "");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find(path + ":3"), std::string::npos) << r.err;
  std::ofstream(path) << "formats: [e4m3]\ncolour: blue\n";
  r = golden({"table", "--config", path}, "");
  EXPECT_NE(r.err.find(path + ":2: unknown key 'colour'"), std::string::npos) << r.err;
  std::ofstream(path) << "formats: [e4m3\n";
  r = golden({"table", "--config", path}, "");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("malformed YAML"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace qmac::test
