#include <cmath>
#include <cstring>
#include <stdexcept>

#include "sim/lm/input_bytes.hpp"
#include "sim/lm/llama_model.hpp"

namespace qmac::lm {

std::uint64_t LlamaModel::parameters() const {
  // From the shapes the config gives, so a streamed model counts the same.
  const auto& k = config;
  const std::uint64_t d = static_cast<std::uint64_t>(k.dim), kv = static_cast<std::uint64_t>(k.kv_dim()),
                      hid = static_cast<std::uint64_t>(k.hidden_dim);
  const std::uint64_t per_layer = 2 * d + 2 * d * d + 2 * kv * d + 3 * hid * d;
  return token_embedding.size() + final_norm.size() + classifier.size() + per_layer * static_cast<std::uint64_t>(k.n_layers);
}

namespace {

constexpr std::uint64_t kMaxCheckpointBytes = std::uint64_t{8} << 30;

class Cursor {
 public:
  Cursor(const std::vector<unsigned char>& b, const std::string& origin) : b_(b), origin_(origin) {}
  [[noreturn]] void fail(const std::string& what) const {
    throw std::invalid_argument(origin_ + ": byte " + std::to_string(at_) + ": expected " + what);
  }
  std::int32_t i32(const char* name) {
    if (b_.size() - at_ < 4) fail(std::string("the header's ") + name + " (7 int32: a llama2.c checkpoint), found the end of the file");
    std::int32_t v;
    std::memcpy(&v, b_.data() + at_, 4);  // little-endian hosts only (x86-64, AArch64)
    at_ += 4;
    return v;
  }
  // `n` FP32 values of the tensor `name`, every one finite.
  std::vector<float> floats(std::uint64_t n, const std::string& name) {
    if ((b_.size() - at_) / 4 < n)
      fail(std::to_string(n) + " FP32 values of " + name + ", found " + std::to_string((b_.size() - at_) / 4) + " (a truncated file?)");
    std::vector<float> v(static_cast<std::size_t>(n));
    std::memcpy(v.data(), b_.data() + at_, static_cast<std::size_t>(n) * 4);
    for (std::size_t i = 0; i < v.size(); ++i)
      if (!std::isfinite(v[i])) {
        at_ += i * 4;
        fail("finite weights, found " + std::string(std::isnan(v[i]) ? "NaN" : "an infinity") + " in " + name + "[" + std::to_string(i) + "]");
      }
    at_ += n * 4;
    return v;
  }
  void skip(std::uint64_t bytes, const std::string& what) {
    if (b_.size() - at_ < bytes) fail(what + " (" + std::to_string(bytes) + " bytes), found " + std::to_string(b_.size() - at_));
    at_ += bytes;
  }
  std::uint64_t left() const { return b_.size() - at_; }

 private:
  const std::vector<unsigned char>& b_;
  const std::string& origin_;
  std::uint64_t at_ = 0;
};

}  // namespace

LlamaModel parse_llama2c(const std::vector<unsigned char>& bytes, const std::string& origin) {
  Cursor c(bytes, origin);
  LlamaModel m;
  m.source = origin;
  LlamaConfig& k = m.config;
  k.dim = c.i32("dim");
  k.hidden_dim = c.i32("hidden_dim");
  k.n_layers = c.i32("n_layers");
  k.n_heads = c.i32("n_heads");
  k.n_kv_heads = c.i32("n_kv_heads");
  const std::int32_t vocab = c.i32("vocab_size");
  k.seq_len = c.i32("seq_len");
  k.tied_classifier = vocab > 0;
  k.vocab_size = vocab == INT32_MIN ? 0 : std::abs(vocab);
  const auto range = [&](const char* name, int v, int lo, int hi) {
    if (v < lo || v > hi)
      throw std::invalid_argument(origin + ": header: " + name + " must be " + std::to_string(lo) + ".." + std::to_string(hi) +
                                  ", not " + std::to_string(v) + " (is this a llama2.c checkpoint?)");
  };
  range("dim", k.dim, 1, 65536);
  range("hidden_dim", k.hidden_dim, 1, 1 << 18);
  range("n_layers", k.n_layers, 1, 1024);
  range("n_heads", k.n_heads, 1, k.dim);
  range("n_kv_heads", k.n_kv_heads, 1, k.n_heads);
  range("vocab_size (its magnitude)", k.vocab_size, 1, 1 << 20);
  range("seq_len", k.seq_len, 1, 1 << 20);
  if (k.dim % k.n_heads != 0)
    throw std::invalid_argument(origin + ": header: dim " + std::to_string(k.dim) + " is not a multiple of n_heads " + std::to_string(k.n_heads));
  if (k.n_heads % k.n_kv_heads != 0)
    throw std::invalid_argument(origin + ": header: n_heads " + std::to_string(k.n_heads) + " is not a multiple of n_kv_heads " +
                                std::to_string(k.n_kv_heads));
  if (k.head_dim() % 2 != 0) throw std::invalid_argument(origin + ": header: the head size " + std::to_string(k.head_dim()) + " is odd (RoPE rotates pairs)");
  const std::uint64_t d = static_cast<std::uint64_t>(k.dim), h = static_cast<std::uint64_t>(k.hidden_dim),
                      kv = static_cast<std::uint64_t>(k.kv_dim()), L = static_cast<std::uint64_t>(k.n_layers),
                      V = static_cast<std::uint64_t>(k.vocab_size);
  // The sizes the header promises, checked against the file before anything is allocated.
  const std::uint64_t weights = V * d + L * (2 * d + d * d + 2 * d * kv + d * d + 3 * d * h) + d + (k.tied_classifier ? 0 : V * d);
  const std::uint64_t rope = 2 * static_cast<std::uint64_t>(k.seq_len) * (static_cast<std::uint64_t>(k.head_dim()) / 2);
  if (c.left() / 4 < weights)
    c.fail(std::to_string(weights) + " FP32 weights after the header for these dimensions, found " + std::to_string(c.left() / 4) +
           " (a truncated file?)");
  m.token_embedding = c.floats(V * d, "token_embedding");
  m.layers.resize(L);
  // llama2.c stores each kind of tensor for all layers together.
  auto per_layer = [&](std::vector<float> LlamaLayer::*member, std::uint64_t n, const char* name) {
    for (std::uint64_t l = 0; l < L; ++l) m.layers[l].*member = c.floats(n, std::string(name) + "[layer " + std::to_string(l) + "]");
  };
  per_layer(&LlamaLayer::attn_norm, d, "rms_att_weight");
  per_layer(&LlamaLayer::wq, d * d, "wq");
  per_layer(&LlamaLayer::wk, kv * d, "wk");
  per_layer(&LlamaLayer::wv, kv * d, "wv");
  per_layer(&LlamaLayer::wo, d * d, "wo");
  per_layer(&LlamaLayer::ffn_norm, d, "rms_ffn_weight");
  per_layer(&LlamaLayer::w1, h * d, "w1");
  per_layer(&LlamaLayer::w2, d * h, "w2");
  per_layer(&LlamaLayer::w3, h * d, "w3");
  m.final_norm = c.floats(d, "rms_final_weight");
  // The legacy RoPE tables (freq_cis_real, freq_cis_imag): unused, RoPE is computed.
  c.skip(rope * 4, "the two legacy RoPE tables");
  if (!k.tied_classifier) m.classifier = c.floats(V * d, "wcls");
  if (c.left() != 0) c.fail("the end of the file after the weights, found " + std::to_string(c.left()) + " more bytes");
  return m;
}

LlamaModel read_llama2c(const std::string& path) {
  return parse_llama2c(input_bytes(path, kMaxCheckpointBytes), path);
}

}  // namespace qmac::lm
