// Runs every file in ../shared/vectors/ (produced by CUDA's conversion
// headers, stillwater universal, SoftPosit and microxcaling) through golden
// and reports mismatches in hex. NaN results compare as a class, as the
// vectors' README asks; lines where the vendor and the project's contract
// differ by design (formats.md §6.2: NaN into FP6/FP4) are counted and skipped.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden/arith/posit_ops.hpp"
#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "golden/mac/posit_quire.hpp"
#include "golden/mac/products.hpp"

namespace qmac::test {
namespace {

namespace fs = std::filesystem;
using golden::Overflow;
using golden::Rounding;

const fs::path kRoot = fs::path(QMAC_SHARED_DIR) / "vectors";

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, sep)) out.push_back(item);
  return out;
}
std::uint64_t hx(const std::string& s) { return std::stoull(s, nullptr, 16); }
std::string hx(std::uint64_t v, int digits) {
  char b[24];
  std::snprintf(b, sizeof b, "%0*llx", digits, static_cast<unsigned long long>(v));
  return b;
}
bool fp32_nan(std::uint64_t b) { return (b & 0x7F800000u) == 0x7F800000u && (b & 0x7FFFFFu); }
bool fp64_nan(std::uint64_t b) {
  return (b & 0x7FF0000000000000ull) == 0x7FF0000000000000ull && (b & 0xFFFFFFFFFFFFFull);
}

struct Outcome {
  std::size_t lines = 0, skipped = 0, mismatches = 0;
  std::string first;  // the first mismatches, in hex
  void mismatch(const std::string& line, const std::string& got) {
    if (++mismatches <= 10) first += "  " + line + "   golden: " + got + "\n";
  }
};

// One checker per file family; returns false if the file name is not known.
bool check_file(const fs::path& file, Outcome& out) {
  const std::string name = file.stem().string();
  const std::string dir = file.parent_path().filename().string();
  const auto parts = split(name, '_');
  std::ifstream in(file);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line))
    if (!line.empty()) lines.push_back(line);
  out.lines = lines.size();

  if (dir == "cuda" && parts[0] == "decode") {
    const auto& f = golden::find_format(parts[1]);
    for (const auto& l : lines) {
      const auto t = split(l, '\t');
      const std::uint64_t got = golden::to_fp32_bits(f.decode(hx(t[0])));
      const std::uint64_t want = hx(t[1]);
      if (!(got == want || (fp32_nan(got) && fp32_nan(want)))) out.mismatch(l, hx(got, 8));
    }
    return true;
  }
  if (dir == "cuda" && parts[0] == "encode") {
    const auto& f = golden::find_format(parts[1]);
    Rounding r = Rounding::NearestEven;
    Overflow o = Overflow::NoSaturate;  // fp16/bf16: IEEE overflow to Inf
    for (std::size_t i = 2; i < parts.size(); ++i) {
      if (parts[i] == "rz") r = Rounding::TowardZero;
      if (parts[i] == "rp") r = Rounding::AwayFromZero;
      if (parts[i] == "sat") o = Overflow::Saturate;
      if (parts[i] == "nosat") o = Overflow::NoSaturate;
    }
    for (const auto& l : lines) {
      const auto t = split(l, '\t');
      const std::uint64_t x = hx(t[0]), want = hx(t[1]);
      if (fp32_nan(x) && !f.has_nan) {  // contract: sign-set zero, CUDA: +max
        ++out.skipped;
        continue;
      }
      const std::uint64_t got = f.encode(golden::from_fp32_bits(static_cast<std::uint32_t>(x)), r, o, nullptr);
      const bool both_nan = f.has_nan && f.name != "e8m0" && fp32_nan(x) &&
                            f.decode(got).is_nan() && f.decode(want).is_nan();
      if (got != want && !both_nan) out.mismatch(l, hx(got, f.hex_digits()));
    }
    return true;
  }
  if (dir == "cuda" && parts[0] == "mul") {
    const auto& f = golden::find_format(parts[1]);
    for (const auto& l : lines) {
      const auto t = split(l, '\t');
      const std::uint64_t got = golden::to_fp32_bits(golden::exact_product(f, hx(t[0]), f, hx(t[1])));
      const std::uint64_t want = hx(t[2]);
      if (!(got == want || (fp32_nan(got) && fp32_nan(want)))) out.mismatch(l, hx(got, 8));
    }
    return true;
  }
  if (dir == "posit") {
    const golden::PositSpec p = golden::find_format(parts[0]).posit;
    const int digits = (p.n + 3) / 4;
    const std::string op = parts[1] + (parts.size() > 2 ? "_" + parts[2] : "");
    for (const auto& l : lines) {
      const auto t = split(l, '\t');
      std::uint64_t got = 0, want = hx(t.back());
      bool nan_ok = false;
      if (op == "add") got = golden::posit_apply(p, golden::PositOp::Add, hx(t[0]), hx(t[1]));
      else if (op == "mul") got = golden::posit_apply(p, golden::PositOp::Mul, hx(t[0]), hx(t[1]));
      else if (op == "div") got = golden::posit_apply(p, golden::PositOp::Div, hx(t[0]), hx(t[1]));
      else if (op == "sqrt") got = golden::posit_apply(p, golden::PositOp::Sqrt, hx(t[0]));
      else if (op == "from_fp64") got = p.encode(golden::from_fp64_bits(hx(t[0])));
      else if (op == "to_fp64") {
        got = golden::to_fp64_bits(p.decode(hx(t[0])));
        nan_ok = fp64_nan(got) && fp64_nan(want);
      } else if (op == "fdp") {
        const auto halves = split(t[0], ';');
        const auto as = split(halves[0], ','), bs = split(halves[1], ',');
        golden::PositQuire q(p);
        for (std::size_t i = 0; i < as.size(); ++i) q.add_product(hx(as[i]), hx(bs[i]));
        got = q.to_posit();
      } else {
        return false;
      }
      if (got != want && !nan_ok) out.mismatch(l.substr(0, 200), hx(got, op == "to_fp64" ? 16 : digits));
    }
    return true;
  }
  if (dir == "mx" && parts[0] == "mx") {
    // mx_<elem>_<round>: fp8_e4m3 -> mxfp8_e4m3, fp4_e2m1 -> mxfp4, int8 -> mxint8.
    const std::string elem = parts.size() == 4 ? parts[1] + "_" + parts[2] : parts[1];
    const std::string fmt = elem == "fp4_e2m1" ? "mxfp4" : "mx" + elem;
    golden::MxConfig cfg;
    cfg.rounding = parts.back() == "even" ? Rounding::NearestEven : Rounding::NearestAway;
    golden::MxBlockQuantizer q(golden::find_format(fmt), cfg);
    for (const auto& l : lines) {
      const auto t = split(l, '\t');
      const auto xs = split(t[0], ','), ys = split(t[1], ',');
      std::vector<std::uint32_t> x;
      for (const auto& s : xs) x.push_back(static_cast<std::uint32_t>(hx(s)));
      std::vector<std::uint8_t> codes(x.size());
      const std::uint8_t s = q.quantize(x, codes);
      std::string got_all;
      bool bad = xs.size() != ys.size();
      for (std::size_t i = 0; i < x.size() && !bad; ++i) {
        const std::uint32_t got = q.dequantize_fp32(s, codes[i]);
        const std::uint32_t want = static_cast<std::uint32_t>(hx(ys[i]));
        const bool same = got == want || (fp32_nan(got) && fp32_nan(want)) ||
                          ((got & 0x7FFFFFFFu) == 0 && (want & 0x7FFFFFFFu) == 0);
        if (!same) {
          bad = true;
          got_all = "element " + std::to_string(i) + ": " + hx(got, 8) + " want " + hx(want, 8) + " (scale " + hx(s, 2) + ")";
        }
      }
      if (bad) out.mismatch(l.substr(0, 120) + "...", got_all);
    }
    return true;
  }
  return false;
}

std::vector<fs::path> vector_files() {
  std::vector<fs::path> files;
  if (!fs::exists(kRoot)) return files;
  for (const auto& e : fs::recursive_directory_iterator(kRoot))
    if (e.is_regular_file() && e.path().extension() == ".tsv") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

TEST(SharedVectors, DirectoryIsPresentAndHoldsVectors) {
  ASSERT_TRUE(fs::exists(kRoot)) << kRoot << " is missing: ../shared must sit beside the project";
  EXPECT_GE(vector_files().size(), 40u);
}

class SharedVectorFile : public ::testing::TestWithParam<fs::path> {};

TEST_P(SharedVectorFile, MatchesGolden) {
  Outcome out;
  ASSERT_TRUE(check_file(GetParam(), out)) << "no checker for " << GetParam() << ": add one";
  ASSERT_GT(out.lines, 0u) << GetParam() << " is empty";
  EXPECT_EQ(out.mismatches, 0u) << GetParam().filename() << ": " << out.mismatches << " of " << out.lines
                                << " lines differ (first ones: input  expected   golden)\n"
                                << out.first;
  if (out.skipped) std::cout << "[ skipped  ] " << out.skipped << " NaN-input lines where the contract differs by design\n";
}

INSTANTIATE_TEST_SUITE_P(Files, SharedVectorFile, ::testing::ValuesIn(vector_files()), [](const auto& info) {
  std::string n = info.param.parent_path().filename().string() + "_" + info.param.stem().string();
  for (auto& c : n)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return n;
});

}  // namespace
}  // namespace qmac::test
