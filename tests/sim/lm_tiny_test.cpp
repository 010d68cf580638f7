// qmac eval on models the test makes: random weights of odd shapes, GQA
// ratios 1, 2 and 4, tied and untied heads, written in both forms (a llama2.c
// checkpoint and a Hugging Face directory). Both forms, and the HF form
// streamed a layer at a time from its mapped file, give the same FP32
// logits, bit for bit, and those logits match a double-precision forward
// written here independently: position by position, on the HF tensors as
// written (q/k rows in HF's rotate-half order, RoPE rotating halves), not
// through qmac's reader's permutation or its batched forward. And a quantized
// path's GEMM, tapped on one layer, equals golden's gemm() bit for bit on the
// same operands quantized here by golden's MX quantizer.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/registry.hpp"
#include "golden/gemm/gemm.hpp"
#include "sim/explore/explore_runner.hpp"
#include "sim/explore/quant_scheme.hpp"
#include "sim/lm/llama_forward.hpp"
#include "sim/lm/llama_model.hpp"
#include "sim/lm/quantized_linear.hpp"
#include "tests/sim/llama_files.hpp"

namespace qmac::lm {
namespace {

const std::string kModels = QMAC_SHARED_DIR "/models";

LlamaModel random_model(LlamaConfig k, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> n(0.0f, 1.0f);
  auto mat = [&](int rows, int cols) {
    std::vector<float> v(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    const float s = 1.0f / std::sqrt(static_cast<float>(cols));
    for (auto& x : v) x = n(rng) * s;
    return v;
  };
  auto norm = [&](int d) {
    std::vector<float> v(static_cast<std::size_t>(d));
    for (auto& x : v) x = 1.0f + 0.2f * n(rng);
    return v;
  };
  LlamaModel m;
  m.config = k;
  m.token_embedding = mat(k.vocab_size, k.dim);
  for (auto& x : m.token_embedding) x *= std::sqrt(static_cast<float>(k.dim));
  for (int l = 0; l < k.n_layers; ++l) {
    LlamaLayer L;
    L.attn_norm = norm(k.dim);
    L.ffn_norm = norm(k.dim);
    L.wq = mat(k.dim, k.dim);
    L.wk = mat(k.kv_dim(), k.dim);
    L.wv = mat(k.kv_dim(), k.dim);
    L.wo = mat(k.dim, k.dim);
    L.w1 = mat(k.hidden_dim, k.dim);
    L.w2 = mat(k.dim, k.hidden_dim);
    L.w3 = mat(k.hidden_dim, k.dim);
    m.layers.push_back(std::move(L));
  }
  m.final_norm = norm(k.dim);
  if (!k.tied_classifier) m.classifier = mat(k.vocab_size, k.dim);
  return m;
}

// The forward pass in double, one position at a time with a KV cache, from
// the HF tensors: RoPE rotates element i with element i + head/2 (HF's
// rotate_half) at angle pos * theta^(-2i/head).
std::vector<double> reference_logits(const std::vector<test::NamedTensor>& hf, const LlamaConfig& k, const std::vector<int>& tokens) {
  auto W = [&](const std::string& name) -> const std::vector<float>& {
    for (const auto& t : hf)
      if (t.name == name) return t.v;
    throw std::runtime_error("no tensor " + name);
  };
  const int d = k.dim, hd = d / k.n_heads, kvd = hd * k.n_kv_heads, hid = k.hidden_dim, V = k.vocab_size;
  auto matvec = [](const std::vector<float>& w, int out, int in, const std::vector<double>& x) {
    std::vector<double> y(static_cast<std::size_t>(out), 0.0);
    for (int o = 0; o < out; ++o)
      for (int i = 0; i < in; ++i) y[static_cast<std::size_t>(o)] += static_cast<double>(w[static_cast<std::size_t>(o) * in + i]) * x[static_cast<std::size_t>(i)];
    return y;
  };
  auto rms = [&](const std::vector<double>& x, const std::vector<float>& g) {
    double ss = 0;
    for (double v : x) ss += v * v;
    const double s = 1.0 / std::sqrt(ss / d + 1e-5);
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) y[i] = g[i] * x[i] * s;
    return y;
  };
  auto rotate = [&](std::vector<double>& v, int heads, int pos) {
    for (int h = 0; h < heads; ++h)
      for (int i = 0; i < hd / 2; ++i) {
        const double a = pos * std::pow(10000.0, -2.0 * i / hd);
        double& x1 = v[static_cast<std::size_t>(h * hd + i)];
        double& x2 = v[static_cast<std::size_t>(h * hd + i + hd / 2)];
        const double r1 = x1 * std::cos(a) - x2 * std::sin(a), r2 = x2 * std::cos(a) + x1 * std::sin(a);
        x1 = r1;
        x2 = r2;
      }
  };
  const std::vector<float>& emb = W("model.embed_tokens.weight");
  const std::vector<float>& head = k.tied_classifier ? emb : W("lm_head.weight");
  std::vector<std::vector<std::vector<double>>> kcache(static_cast<std::size_t>(k.n_layers)), vcache(kcache.size());
  std::vector<double> out;
  for (std::size_t pos = 0; pos < tokens.size(); ++pos) {
    std::vector<double> x(emb.begin() + static_cast<std::ptrdiff_t>(tokens[pos]) * d, emb.begin() + static_cast<std::ptrdiff_t>(tokens[pos] + 1) * d);
    for (int l = 0; l < k.n_layers; ++l) {
      const std::string p = "model.layers." + std::to_string(l) + ".";
      const auto xn = rms(x, W(p + "input_layernorm.weight"));
      auto q = matvec(W(p + "self_attn.q_proj.weight"), d, d, xn);
      auto kv = matvec(W(p + "self_attn.k_proj.weight"), kvd, d, xn);
      rotate(q, k.n_heads, static_cast<int>(pos));
      rotate(kv, k.n_kv_heads, static_cast<int>(pos));
      kcache[static_cast<std::size_t>(l)].push_back(kv);
      vcache[static_cast<std::size_t>(l)].push_back(matvec(W(p + "self_attn.v_proj.weight"), kvd, d, xn));
      std::vector<double> att(static_cast<std::size_t>(d), 0.0);
      for (int h = 0; h < k.n_heads; ++h) {
        const int g = h / (k.n_heads / k.n_kv_heads);
        std::vector<double> s(pos + 1);
        double mx = -1e300;
        for (std::size_t t = 0; t <= pos; ++t) {
          double dot = 0;
          for (int i = 0; i < hd; ++i) dot += q[static_cast<std::size_t>(h * hd + i)] * kcache[static_cast<std::size_t>(l)][t][static_cast<std::size_t>(g * hd + i)];
          s[t] = dot / std::sqrt(static_cast<double>(hd));
          mx = std::max(mx, s[t]);
        }
        double z = 0;
        for (double& v : s) z += v = std::exp(v - mx);
        for (std::size_t t = 0; t <= pos; ++t)
          for (int i = 0; i < hd; ++i)
            att[static_cast<std::size_t>(h * hd + i)] += s[t] / z * vcache[static_cast<std::size_t>(l)][t][static_cast<std::size_t>(g * hd + i)];
      }
      const auto o = matvec(W(p + "self_attn.o_proj.weight"), d, d, att);
      for (int i = 0; i < d; ++i) x[static_cast<std::size_t>(i)] += o[static_cast<std::size_t>(i)];
      const auto xf = rms(x, W(p + "post_attention_layernorm.weight"));
      auto gate = matvec(W(p + "mlp.gate_proj.weight"), hid, d, xf);
      const auto up = matvec(W(p + "mlp.up_proj.weight"), hid, d, xf);
      for (int i = 0; i < hid; ++i) gate[static_cast<std::size_t>(i)] = gate[static_cast<std::size_t>(i)] / (1 + std::exp(-gate[static_cast<std::size_t>(i)])) * up[static_cast<std::size_t>(i)];
      const auto down = matvec(W(p + "mlp.down_proj.weight"), d, hid, gate);
      for (int i = 0; i < d; ++i) x[static_cast<std::size_t>(i)] += down[static_cast<std::size_t>(i)];
    }
    const auto logits = matvec(head, V, d, rms(x, W("model.norm.weight")));
    out.insert(out.end(), logits.begin(), logits.end());
  }
  return out;
}

struct Shape {
  const char* name;
  int dim, hidden, layers, heads, kv_heads, vocab, seq_len;
  bool tied;
};

TEST(TinyModels, BothFormsGiveTheSameLogitsAndMatchADoublePrecisionForward) {
  const Shape shapes[] = {
      {"gqa1_tied", 24, 37, 2, 4, 4, 29, 16, true},
      {"gqa2_untied", 24, 40, 2, 4, 2, 31, 16, false},
      {"gqa4_untied", 32, 19, 3, 8, 2, 23, 12, false},
  };
  const std::string root = (std::filesystem::temp_directory_path() / ("qmac_tiny_models_" + std::to_string(::getpid()))).string();
  unsigned seed = 11;
  for (const Shape& s : shapes) {
    LlamaConfig k;
    k.dim = s.dim;
    k.hidden_dim = s.hidden;
    k.n_layers = s.layers;
    k.n_heads = s.heads;
    k.n_kv_heads = s.kv_heads;
    k.vocab_size = s.vocab;
    k.seq_len = s.seq_len;
    k.tied_classifier = s.tied;
    const LlamaModel m = random_model(k, seed++);
    const std::string dir = root + "/" + s.name;
    std::filesystem::create_directories(dir + "/hf");
    test::write_llama2c(m, dir + "/model.bin");
    test::write_hf(m, dir + "/hf");
    const LlamaModel a = read_llama(dir + "/model.bin"), b = read_llama(dir + "/hf");
    EXPECT_EQ(a.classifier.empty(), s.tied) << s.name;
    EXPECT_EQ(b.classifier.empty(), s.tied) << s.name;
    EXPECT_EQ(b.config.n_kv_heads, s.kv_heads) << s.name;
    std::vector<int> tokens;
    std::mt19937 rng(seed);
    for (int t = 0; t < s.seq_len; ++t) tokens.push_back(static_cast<int>(rng() % static_cast<unsigned>(s.vocab)));
    Fp32Linear fp32;
    const std::vector<float> za = forward_logits(a, tokens, fp32), zb = forward_logits(b, tokens, fp32);
    ASSERT_EQ(za.size(), static_cast<std::size_t>(s.seq_len) * static_cast<std::size_t>(s.vocab));
    ASSERT_EQ(zb.size(), za.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < za.size(); ++i) differ += std::bit_cast<std::uint32_t>(za[i]) != std::bit_cast<std::uint32_t>(zb[i]);
    EXPECT_EQ(differ, 0u) << s.name << ": the llama2.c and HF forms of one model disagree";
    // Streamed (every layer read from the mapped file when the forward pass reaches it): the same logits.
    const LlamaModel streamed = read_hf_llama(dir + "/hf", 0);
    EXPECT_TRUE(streamed.layers.empty()) << s.name;
    EXPECT_EQ(streamed.parameters(), b.parameters()) << s.name;
    const std::vector<float> zs = forward_logits(streamed, tokens, fp32);
    differ = 0;
    for (std::size_t i = 0; i < za.size(); ++i) differ += std::bit_cast<std::uint32_t>(za[i]) != std::bit_cast<std::uint32_t>(zs[i]);
    EXPECT_EQ(differ, 0u) << s.name << ": the streamed model disagrees";
    // FP32 sums against double ones: a few float ulps of the logits' scale.
    const std::vector<double> want = reference_logits(test::hf_tensors(m), k, tokens);
    double worst = 0, scale = 0;
    for (std::size_t i = 0; i < za.size(); ++i) {
      worst = std::max(worst, std::abs(static_cast<double>(za[i]) - want[i]));
      scale = std::max(scale, std::abs(want[i]));
    }
    EXPECT_GT(scale, 0.5) << s.name;
    EXPECT_LT(worst, 1e-4 * scale) << s.name << ": qmac's FP32 forward is not the model's (worst |diff| " << worst << ")";
  }
  std::filesystem::remove_all(root);
}

// A Hugging Face directory whose tensors do not fit its config.json: a tensor
// of the wrong shape or a missing one is refused, naming the file, the
// tensor and what was expected.
TEST(TinyModels, AnHfTensorOfTheWrongShapeOrMissingIsRefusedByName) {
  LlamaConfig k;
  k.dim = 8;
  k.hidden_dim = 12;
  k.n_layers = 1;
  k.n_heads = 2;
  k.n_kv_heads = 1;
  k.vocab_size = 10;
  k.seq_len = 8;
  const LlamaModel m = random_model(k, 5);
  const std::string dir = (std::filesystem::temp_directory_path() / ("qmac_tiny_bad_" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dir);
  auto refused = [&](std::vector<test::NamedTensor> ts) {
    std::vector<const test::NamedTensor*> all;
    for (const auto& t : ts) all.push_back(&t);
    test::write_safetensors(dir + "/model.safetensors", all);
    std::ofstream(dir + "/config.json") << test::hf_config_json(k);
    try {
      (void)read_llama(dir);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  std::vector<test::NamedTensor> ts = test::hf_tensors(m);
  for (auto& t : ts)
    if (t.name == "model.layers.0.mlp.up_proj.weight") t.shape = {k.dim, k.hidden_dim};  // transposed
  EXPECT_EQ(refused(ts), dir + "/model.safetensors: tensor 'model.layers.0.mlp.up_proj.weight' has shape [8, 12], expected [12, 8] for "
                          "config.json's sizes");
  ts = test::hf_tensors(m);
  ts.erase(std::find_if(ts.begin(), ts.end(), [](const test::NamedTensor& t) { return t.name == "model.layers.0.self_attn.v_proj.weight"; }));
  EXPECT_EQ(refused(ts), dir + "/model.safetensors: no tensor named 'model.layers.0.self_attn.v_proj.weight'");
  std::filesystem::remove_all(dir);
}

// Records the arguments and result of one linear site, passing every call on.
class Tap final : public LinearBackend {
 public:
  Tap(LinearBackend& inner, LinearSite site) : inner_(inner), site_(site) {}
  void apply(const LinearSite& site, const std::vector<float>& w, int out, int in, const float* x, int n, float* y) override {
    inner_.apply(site, w, out, in, x, n, y);
    if (site.id() != site_.id() || taken) return;
    taken = true;
    this->w = w;
    this->out = out;
    this->in = in;
    this->n = n;
    this->x.assign(x, x + static_cast<std::ptrdiff_t>(n) * in);
    this->y.assign(y, y + static_cast<std::ptrdiff_t>(n) * out);
  }
  bool taken = false;
  std::vector<float> w, x, y;
  int out = 0, in = 0, n = 0;

 private:
  LinearBackend& inner_;
  LinearSite site_;
};

// Layer 1's gate projection of stories260K in MXFP4 and MXFP8-E4M3: what
// eval's quantized path returns is golden::gemm() on the operands quantized
// here (blocks of 32 along K, OCP scale rule, RNE), to the bit.
TEST(QuantizedLinearTap, OneLayersGemmIsGoldensOnTheSameOperands) {
  const LlamaModel m = read_llama(kModels + "/stories260K.bin");
  const std::vector<int> tokens = {1, 461, 461, 401, 401, 401, 461, 378, 455, 473, 456, 435, 17, 300};
  for (const char* fmt : {"mxfp4", "mxfp8_e4m3"}) {
    QuantizedLinear q(explore::parse_pair(fmt), explore::SchemeOptions{}, [](const LinearSite&) { return true; });
    Tap tap(q, LinearSite{1, LinearKind::Gate});
    (void)forward_logits(m, tokens, tap);
    ASSERT_TRUE(tap.taken) << fmt;
    ASSERT_EQ(tap.in % 32, 0) << fmt;
    const golden::MxBlockQuantizer mx(golden::find_format(fmt));
    const int K = tap.in, blocks = K / 32;
    golden::GemmOperand a{tap.n, K, {}, {}, {}, {}}, b{K, tap.out, {}, {}, {}, {}};
    a.codes.resize(static_cast<std::size_t>(tap.n) * K);
    a.scales.resize(static_cast<std::size_t>(tap.n) * blocks);
    b.codes.resize(static_cast<std::size_t>(K) * tap.out);
    b.scales.resize(static_cast<std::size_t>(blocks) * tap.out);
    std::vector<std::uint32_t> bits(32);
    std::vector<std::uint8_t> codes(32);
    for (int r = 0; r < tap.n; ++r)
      for (int blk = 0; blk < blocks; ++blk) {
        for (int i = 0; i < 32; ++i) bits[static_cast<std::size_t>(i)] = std::bit_cast<std::uint32_t>(tap.x[static_cast<std::size_t>(r) * K + blk * 32 + i]);
        a.scales[static_cast<std::size_t>(r) * blocks + blk] = mx.quantize(bits, codes);
        for (int i = 0; i < 32; ++i) a.codes[static_cast<std::size_t>(r) * K + blk * 32 + i] = codes[static_cast<std::size_t>(i)];
      }
    for (int o = 0; o < tap.out; ++o)
      for (int blk = 0; blk < blocks; ++blk) {
        for (int i = 0; i < 32; ++i) bits[static_cast<std::size_t>(i)] = std::bit_cast<std::uint32_t>(tap.w[static_cast<std::size_t>(o) * K + blk * 32 + i]);
        b.scales[static_cast<std::size_t>(blk) * tap.out + o] = mx.quantize(bits, codes);
        for (int i = 0; i < 32; ++i) b.codes[static_cast<std::size_t>(blk * 32 + i) * tap.out + o] = codes[static_cast<std::size_t>(i)];
      }
    golden::GemmSpec spec;
    spec.a_format = spec.b_format = fmt;
    spec.acc = golden::AccumulatorKind::Fp32;
    spec.block = 32;
    const golden::GemmResult c = golden::gemm(spec, a, b);
    ASSERT_EQ(c.c.size(), tap.y.size()) << fmt;
    std::size_t differ = 0;
    for (std::size_t i = 0; i < c.c.size(); ++i) differ += c.c[i] != std::bit_cast<std::uint32_t>(tap.y[i]);
    EXPECT_EQ(differ, 0u) << fmt << ": " << differ << " of " << c.c.size() << " outputs differ from golden's gemm()";
    // The operands were really quantized: the result is not the FP32 one.
    Fp32Linear fp32;
    std::vector<float> y32(tap.y.size());
    fp32.apply(LinearSite{1, LinearKind::Gate}, tap.w, tap.out, tap.in, tap.x.data(), tap.n, y32.data());
    EXPECT_NE(y32, tap.y) << fmt;
  }
}

}  // namespace
}  // namespace qmac::lm
