// qmac explore: every scheme's grid equals its dequantized values, the
// storage costs, determinism (seed, threads), the report files, and errors.
#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "golden/arith/value_arith.hpp"
#include "golden/block/int_group_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "sim/cli/explore_command.hpp"
#include "sim/explore/explore_runner.hpp"
#include "sim/tensors/synthetic.hpp"
#include "tests/golden/fp32_reference.hpp"

namespace qmac::test {
namespace {

using explore::QuantScheme;

TEST(QuantScheme, GridHoldsExactlyTheDequantizedValues) {
  const auto t = tensors::generate(tensors::parse_synthetic("outliers:8x256", 3));
  std::vector<std::string> names = explore::default_schemes();
  names.insert(names.end(), {"int8_g64", "fp16", "bf16", "e2m1"});
  for (const auto& name : names) {
    for (auto role : {explore::Role::Weight, explore::Role::Activation}) {
      const auto q = QuantScheme(name, {}).quantize(t, role);
      ASSERT_EQ(q.dequantized.size(), t.fp32.size());
      for (int r = 0; r < q.grid.rows; ++r)
        for (int c = 0; c < q.grid.cols; ++c) {
          const auto i = static_cast<std::size_t>(r * q.grid.cols + c);
          // Compact grids hold the values; the others k and a unit per block.
          const std::uint32_t got =
              q.grid.values.empty()
                  ? golden::to_fp32_bits(golden::mul(golden::Value::from_int(q.grid.k[i]), q.grid.unit_of(r, c)))
                  : std::bit_cast<std::uint32_t>(static_cast<float>(q.grid.values[i]));
          if (!q.grid.values.empty()) ASSERT_EQ(static_cast<double>(static_cast<float>(q.grid.values[i])), q.grid.values[i]) << "exact";
          // The grid's 0 has no sign; -0 and +0 are the same number.
          if ((got | q.dequantized[i]) == 0x80000000u) continue;
          ASSERT_EQ(got, q.dequantized[i]) << name << " element " << i;
        }
    }
  }
}

TEST(QuantScheme, StorageCostIncludesScalesAndMetadata) {
  EXPECT_DOUBLE_EQ(QuantScheme("mxfp4", {}).bits_per_element(1024), 4.25);
  EXPECT_DOUBLE_EQ(QuantScheme("dialectfp4", {}).bits_per_element(1024), 4.375);
  EXPECT_DOUBLE_EQ(QuantScheme("nf4", {}).bits_per_element(1024), 4.5);
  EXPECT_DOUBLE_EQ(QuantScheme("int4_g128", {}).bits_per_element(1024), 4.25);
  EXPECT_DOUBLE_EQ(QuantScheme("int8", {}).bits_per_element(1024), 8.03125);
  EXPECT_DOUBLE_EQ(QuantScheme("mxfp8_e4m3", {}).bits_per_element(1024), 8.25);
  EXPECT_DOUBLE_EQ(QuantScheme("posit16", {}).bits_per_element(1024), 16);
  EXPECT_THROW(QuantScheme("e9m9", {}), std::invalid_argument);
  EXPECT_EQ(QuantScheme("mxfp4", {}).k_multiple(), 32);
  EXPECT_EQ(QuantScheme("nf4", {}).k_multiple(), 64);
  EXPECT_EQ(QuantScheme("int4_g128", {}).k_multiple(), 128);
  EXPECT_EQ(QuantScheme("e4m3", {}).k_multiple(), 1);
}

TEST(QuantScheme, ExactInputsHaveNoError) {
  // Values already on the MXFP4 grid (E2M1 values at scale 2^0, max 6 per block).
  tensors::Tensor t;
  t.name = "exact";
  t.shape = {1, 32};
  const float v[8] = {6, -4, 3, 1.5, 0.5, -1, 2, 0};
  for (int i = 0; i < 32; ++i) t.fp32.push_back(std::bit_cast<std::uint32_t>(v[i % 8]));
  const auto q = QuantScheme("mxfp4", {}).quantize(t, explore::Role::Weight);
  EXPECT_EQ(q.dequantized, t.fp32);
  EXPECT_TRUE(std::isinf(explore::tensor_error(t, q, t.cols()).sqnr_db));
  EXPECT_EQ(q.clipped, 0u);
}

explore::ExploreOptions small(int threads, std::uint64_t seed) {
  explore::ExploreOptions o;
  o.formats = {"mxfp4", "dialectfp4", "nf4", "int4_g128", "posit8", "e4m3"};
  o.weights = {"gaussian:16x256", "student:8x256"};
  o.activations = {"outliers:4x256"};
  o.threads = threads;
  o.seed = seed;
  return o;
}

TEST(Explore, DeterministicForASeedAndAnyThreadCount) {
  const auto a = explore::run_explore(small(1, 5), nullptr);
  const auto b = explore::run_explore(small(2, 5), nullptr);
  const auto c = explore::run_explore(small(1, 6), nullptr);
  ASSERT_EQ(a.tensor_results.size(), 3u * 6u);
  ASSERT_EQ(a.gemm_results.size(), 2u * 6u) << "one activation x two weights";
  for (std::size_t i = 0; i < a.tensor_results.size(); ++i) {
    EXPECT_EQ(a.tensor_results[i].error.mse, b.tensor_results[i].error.mse);
  }
  for (std::size_t i = 0; i < a.gemm_results.size(); ++i)
    EXPECT_EQ(a.gemm_results[i].error.rel_frobenius, b.gemm_results[i].error.rel_frobenius);
  EXPECT_NE(a.tensor_results[0].error.mse, c.tensor_results[0].error.mse);
}

int run(std::vector<std::string> args, std::string& out, std::string& err) {
  args.insert(args.begin(), "explore");
  std::vector<const char*> argv;
  for (auto& s : args) argv.push_back(s.c_str());
  std::ostringstream o, e;
  const int code = cli::explore_command(static_cast<int>(argv.size()), argv.data(), o, e);
  out = o.str();
  err = e.str();
  return code;
}

TEST(ExploreCommand, WritesReadableReports) {
  const std::string dir = ::testing::TempDir() + "/explore_out";
  std::string out, err;
  ASSERT_EQ(run({"--formats", "mxfp4,dialectfp4,nf4", "--weights", "gaussian:8x128", "--activations", "outliers:4x128",
                 "--out", dir, "--threads", "1", "--weight-select", "mse"}, out, err), 0) << err;
  EXPECT_NE(out.find("Tensor quantization error"), std::string::npos);
  EXPECT_NE(out.find("GEMM error"), std::string::npos);
  EXPECT_NE(err.find("100%"), std::string::npos) << "progress on stderr";
  boost::property_tree::ptree json;
  boost::property_tree::read_json(dir + "/report.json", json);
  EXPECT_EQ(json.get_child("tensor_results").size(), 6u);
  EXPECT_EQ(json.get_child("gemm_results").size(), 3u);
  EXPECT_EQ(json.get<std::string>("weight_select"), "mse");
  std::ifstream csv(dir + "/report.csv");
  std::string line;
  int lines = 0;
  while (std::getline(csv, line)) ++lines;
  EXPECT_EQ(lines, 1 + 6 + 3);
  std::ifstream svg(dir + "/sqnr_vs_bits.svg");
  const std::string s((std::istreambuf_iterator<char>(svg)), std::istreambuf_iterator<char>());
  for (const char* f : {">mxfp4<", ">dialectfp4<", ">nf4<"}) EXPECT_NE(s.find(f), std::string::npos) << f;
}

// --weight-formats x --activation-formats: every pair a row (W4A8, W4A16, ...), same names one format,
// after --formats' own, none twice.
TEST(ExploreCommand, WeightAndActivationFormatsCross) {
  EXPECT_EQ(explore::cross_pairs({"mxfp4", "int4_g128"}, {"e4m3", "mxfp4"}),
            (std::vector<std::string>{"mxfp4:e4m3", "mxfp4", "int4_g128:e4m3", "int4_g128:mxfp4"}));
  const std::string dir = ::testing::TempDir() + "/explore_cross";
  std::string out, err;
  ASSERT_EQ(run({"--formats", "mxfp4,e4m3", "--weight-formats", "mxfp4,nf4", "--activation-formats", "e4m3,bf16", "--weights",
                 "gaussian:8x128", "--activations", "outliers:4x128", "--out", dir, "--threads", "1"},
                out, err), 0) << err;
  boost::property_tree::ptree json;
  boost::property_tree::read_json(dir + "/report.json", json);
  std::vector<std::string> rows;
  for (const auto& g : json.get_child("gemm_results")) rows.push_back(g.second.get<std::string>("format"));
  EXPECT_EQ(rows, (std::vector<std::string>{"mxfp4", "e4m3", "mxfp4:e4m3", "mxfp4:bf16", "nf4:e4m3", "nf4:bf16"}));
  EXPECT_EQ(run({"--weight-formats", "mxfp4", "--weights", "gaussian:4x64"}, out, err), 2);
  EXPECT_NE(err.find("--weight-formats needs --activation-formats"), std::string::npos) << err;
}

TEST(ExploreCommand, BadInputExitsTwoWithTheReason) {
  std::string out, err;
  EXPECT_EQ(run({"--formats", "mxfp5", "--weights", "gaussian:4x64"}, out, err), 2);
  EXPECT_NE(err.find("unknown format 'mxfp5'"), std::string::npos) << err;
  EXPECT_EQ(run({"--formats", "mxfp4:e4m3:x", "--weights", "gaussian:4x64"}, out, err), 2);
  EXPECT_NE(err.find("expected FORMAT or WEIGHT_FORMAT:ACTIVATION_FORMAT"), std::string::npos) << err;
  EXPECT_EQ(run({"--gemm", "q=a.npy", "--formats", "mxfp4"}, out, err), 2);
  EXPECT_NE(err.find("expected NAME=ACTIVATIONS.npy:WEIGHTS.npy"), std::string::npos) << err;
  EXPECT_EQ(run({"--weights", "/nonexistent/w.npy"}, out, err), 2);
  EXPECT_NE(err.find("/nonexistent/w.npy: no such file"), std::string::npos) << err;
  EXPECT_EQ(run({"--weights", "gaussian:4"}, out, err), 2);
  EXPECT_NE(err.find("expected a shape ROWSxCOLS, got '4'"), std::string::npos) << err;
  EXPECT_EQ(run({"--weight-select", "best"}, out, err), 2);
  EXPECT_EQ(run({"--block", "48", "--formats", "mxfp4", "--weights", "gaussian:4x64"}, out, err), 2);
  EXPECT_EQ(out, "") << "no partial report";
}


// One run's options: formats, one weight and one activation spec, one thread.
explore::ExploreOptions options(std::vector<std::string> formats, const std::string& weights, const std::string& activations) {
  explore::ExploreOptions o;
  o.formats = std::move(formats);
  o.weights = {weights};
  o.activations = {activations};
  o.threads = 1;
  return o;
}

// The GEMM of a W:A pair, restated on exact rationals: each side's values
// from its own quantizer (int4_g128: golden's IntGroupQuantizer codes times
// their FP32 group scale, exactly), the pair meeting on the finer block (one
// element), so every product is added into the FP32 sum with one RNE
// (formats.md §6.5); its SQNR against the same FP64 reference is the
// runner's, to the last bit.
std::vector<Rational> exact_values(const std::string& scheme, const tensors::Tensor& t, explore::Role role) {
  std::vector<Rational> v;
  if (scheme == "int4_g128") {
    const golden::IntGroupQuantizer iq(4, 128);
    std::vector<std::uint8_t> codes(128);
    for (std::size_t first = 0; first < t.fp32.size(); first += 128) {
      const std::uint32_t scale = iq.quantize(std::span(t.fp32).subspan(first, 128), codes);
      for (std::uint8_t c : codes) v.push_back(Rational((c & 8) ? static_cast<int>(c) - 16 : static_cast<int>(c)) * to_rational(golden::from_fp32_bits(scale)));
    }
    return v;
  }
  for (std::uint32_t b : QuantScheme(scheme, {}).quantize(t, role).dequantized) v.push_back(to_rational(golden::from_fp32_bits(b)));
  return v;
}

TEST(Explore, WeightActivationPairsEqualAnExactRestatement) {
  const std::vector<std::string> pairs = {"mxfp4:e4m3", "int4_g128:e4m3", "nf4:bf16"};
  std::vector<std::string> formats = pairs;
  formats.insert(formats.end(), {"mxfp4", "e4m3"});
  explore::ExploreOptions o = options(formats, "gaussian:6x128:sigma=0.02", "outliers:4x128:fraction=0.05");
  const auto rep = explore::run_explore(o, nullptr);
  ASSERT_EQ(rep.gemm_results.size(), formats.size());
  const auto x = explore::load_tensors(o.activations[0], o.seed, 1).front();
  const auto w = explore::load_tensors(o.weights[0], o.seed, 0).front();
  const std::vector<double> reference = explore::reference_gemm(x, w);
  const std::int64_t K = 128;
  for (std::size_t p = 0; p < pairs.size(); ++p) {
    const auto pair = explore::parse_pair(pairs[p]);
    const auto xv = exact_values(pair.activation, x, explore::Role::Activation), wv = exact_values(pair.weight, w, explore::Role::Weight);
    std::vector<std::uint32_t> y;
    for (std::int64_t i = 0; i < x.rows(); ++i)
      for (std::int64_t j = 0; j < w.rows(); ++j) {
        std::uint32_t acc = 0;
        for (std::int64_t k = 0; k < K; ++k)
          acc = ref_round_fp32(to_rational(golden::from_fp32_bits(acc)) + xv[static_cast<std::size_t>(i * K + k)] * wv[static_cast<std::size_t>(j * K + k)]);
        y.push_back(acc);
      }
    const double want = explore::gemm_error(reference, y).sqnr_db;
    EXPECT_EQ(rep.gemm_results[p].format, pairs[p]);
    EXPECT_EQ(rep.gemm_results[p].error.sqnr_db, want) << pairs[p];
  }
  // Neither side's scheme alone gives the mxfp4:e4m3 figure.
  EXPECT_NE(rep.gemm_results[3].error.sqnr_db, rep.gemm_results[0].error.sqnr_db);
  EXPECT_NE(rep.gemm_results[4].error.sqnr_db, rep.gemm_results[0].error.sqnr_db);
}

// K = 48 on blocks of 32 (and nf4's 64): padded with zeros, exactly as a
// tensor padded by hand: the same error, reported over the real elements.
TEST(Explore, PaddingAlongKAddsNoError) {
  explore::ExploreOptions o = options({"mxfp4", "nf4:e4m3", "dialectfp4"}, "gaussian:8x48:sigma=0.02", "gaussian:4x48");
  const auto padded = explore::run_explore(o, nullptr);
  EXPECT_EQ(padded.k_padding[0], 16);
  EXPECT_EQ(padded.tensors[0].shape.back(), 48) << "the report keeps the tensor's own K";
  // The same tensors zero-padded to 64 by hand, as .npy files.
  const std::string dir = ::testing::TempDir();
  auto save = [&](const tensors::Tensor& t, const std::string& path) {
    std::string hdr = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(t.rows()) + ", 64), }";
    hdr += std::string(64 - (10 + hdr.size() + 1) % 64, ' ') + "\n";
    std::ofstream f(path, std::ios::binary);
    f.write("\x93NUMPY\x01\x00", 8);
    f.put(static_cast<char>(hdr.size() & 0xFF));
    f.put(static_cast<char>(hdr.size() >> 8));
    f << hdr;
    for (std::int64_t r = 0; r < t.rows(); ++r)
      for (std::int64_t k = 0; k < 64; ++k) {
        const std::uint32_t b = k < 48 ? t.fp32[static_cast<std::size_t>(r * 48 + k)] : 0u;
        f.write(reinterpret_cast<const char*>(&b), 4);
      }
  };
  save(explore::load_tensors(o.weights[0], o.seed, 0).front(), dir + "/w64.npy");
  save(explore::load_tensors(o.activations[0], o.seed, 1).front(), dir + "/x64.npy");
  explore::ExploreOptions h = o;
  h.weights = {dir + "/w64.npy"};
  h.activations = {dir + "/x64.npy"};
  const auto by_hand = explore::run_explore(h, nullptr);
  EXPECT_EQ(by_hand.k_padding[0], 0);
  ASSERT_EQ(padded.gemm_results.size(), by_hand.gemm_results.size());
  for (std::size_t i = 0; i < padded.gemm_results.size(); ++i)
    EXPECT_EQ(padded.gemm_results[i].error.sqnr_db, by_hand.gemm_results[i].error.sqnr_db) << padded.gemm_results[i].format;
  for (std::size_t i = 0; i < padded.tensor_results.size(); ++i) {
    // Same squared errors over the same real elements (the hand-padded tensor's mean runs over 64 columns).
    EXPECT_EQ(padded.tensor_results[i].error.sqnr_db, by_hand.tensor_results[i].error.sqnr_db) << padded.tensor_results[i].format;
    EXPECT_DOUBLE_EQ(padded.tensor_results[i].error.mse * 48, by_hand.tensor_results[i].error.mse * 64);
  }
}


// MX's scale rule reaches explore: OCP's floor saturates the largest values of
// a block, ceil never does; --sample-rows draws that many activation rows.
TEST(Explore, MxScaleRuleAndRowSampling) {
  explore::ExploreOptions o = options({"mxfp4"}, "gaussian:16x256", "outliers:64x256");
  const auto floor = explore::run_explore(o, nullptr);
  o.scheme.mx_scale_rule = golden::ScaleRule::Ceil;
  const auto ceil = explore::run_explore(o, nullptr);
  EXPECT_GT(floor.tensor_results[0].error.clipped_fraction, 0.0);
  EXPECT_EQ(ceil.tensor_results[0].error.clipped_fraction, 0.0);
  o.sample_rows = 8;
  const auto sampled = explore::run_explore(o, nullptr);
  EXPECT_EQ(sampled.tensors[1].shape[0], 8);
  EXPECT_NE(sampled.tensors[1].source.find("8 of 64 rows, sampled with seed 1"), std::string::npos) << sampled.tensors[1].source;
  EXPECT_EQ(sampled.gemm_results[0].m, 8);
  const auto again = explore::run_explore(o, nullptr);
  EXPECT_EQ(again.gemm_results[0].error.sqnr_db, sampled.gemm_results[0].error.sqnr_db) << "same seed, same rows";
}


// The stage-2 tie rule and the FP16 accumulator reach golden from explore:
// each moves the figures it governs and nothing else.
TEST(Explore, DialectTieAndFp16AccumulatorReachGolden) {
  explore::ExploreOptions o = options({"dialectfp4"}, "gaussian:32x256", "outliers:16x256");
  const auto base = explore::run_explore(o, nullptr);
  o.scheme.dialect_tie = golden::DialectTie::OddUnlessEvenLarger;
  const auto odd = explore::run_explore(o, nullptr);
  EXPECT_NE(odd.tensor_results[1].error.mse, base.tensor_results[1].error.mse) << "the activations' dialects change";
  o.scheme.dialect_tie = golden::DialectTie::Even;
  o.scheme.sum = golden::SumPrecision::Fp16;
  const auto fp16 = explore::run_explore(o, nullptr);
  EXPECT_EQ(fp16.tensor_results[1].error.mse, base.tensor_results[1].error.mse) << "quantization does not change";
  // The FP16 sums round differently (their exact semantics are golden's test); here the quantization error dominates.
  EXPECT_NE(fp16.gemm_results[0].error.rel_frobenius, base.gemm_results[0].error.rel_frobenius) << "the GEMM's sums change";
}


// --gemm FILE.safetensors pairs NAME.x with NAME.w inside one file (the test writes it).
TEST(Explore, GemmPairsByNameInsideOneSafetensors) {
  struct T {
    std::string name;
    int rows, cols;
  };
  const std::vector<T> ts = {{"q.x", 2, 64}, {"q.w", 3, 64}, {"up.x", 2, 64}, {"up.w", 5, 64}};
  std::string header = "{", data;
  for (const auto& t : ts) {
    const std::size_t begin = data.size();
    for (int i = 0; i < t.rows * t.cols; ++i) {
      const float v = 0.01f * static_cast<float>((i * 37 + t.rows) % 101 - 50);
      data.append(reinterpret_cast<const char*>(&v), 4);
    }
    header += (header.size() > 1 ? ", " : "") + std::string("\"") + t.name + "\": {\"dtype\": \"F32\", \"shape\": [" +
              std::to_string(t.rows) + ", " + std::to_string(t.cols) + "], \"data_offsets\": [" + std::to_string(begin) + ", " +
              std::to_string(data.size()) + "]}";
  }
  header += "}";
  const std::string path = ::testing::TempDir() + "/pairs.safetensors";
  {
    std::ofstream f(path, std::ios::binary);
    const std::uint64_t n = header.size();
    f.write(reinterpret_cast<const char*>(&n), 8);
    f << header << data;
  }
  explore::ExploreOptions o;
  o.formats = {"mxfp4", "e4m3"};
  o.gemms = {path};
  o.threads = 1;
  const auto rep = explore::run_explore(o, nullptr);
  ASSERT_EQ(rep.gemm_results.size(), 4u) << "2 GEMMs x 2 formats";
  EXPECT_EQ(rep.gemm_results[0].activation, "q.x");
  EXPECT_EQ(rep.gemm_results[0].weight, "q.w");
  EXPECT_EQ(rep.gemm_results[0].n, 3);
  EXPECT_EQ(rep.gemm_results[2].activation, "up.x");
  EXPECT_EQ(rep.gemm_results[2].n, 5);
}

}  // namespace
}  // namespace qmac::test
