#include "sim/lm/llama_forward.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace qmac::lm {

const char* linear_kind_name(LinearKind k) {
  switch (k) {
    case LinearKind::Q: return "q";
    case LinearKind::K: return "k";
    case LinearKind::V: return "v";
    case LinearKind::O: return "o";
    case LinearKind::Gate: return "gate";
    case LinearKind::Up: return "up";
    case LinearKind::Down: return "down";
    case LinearKind::LmHead: return "lm_head";
  }
  return "?";
}

void Fp32Linear::apply(const LinearSite&, const std::vector<float>& w, int out, int in, const float* x, int n, float* y) {
  for (int r = 0; r < n; ++r)
    for (int o = 0; o < out; ++o) {
      const float* wr = w.data() + static_cast<std::size_t>(o) * in;
      const float* xr = x + static_cast<std::size_t>(r) * in;
      float s = 0;
      for (int i = 0; i < in; ++i) s += wr[i] * xr[i];
      y[static_cast<std::size_t>(r) * out + o] = s;
    }
}

void LinearBackend::attention(int, AttentionGemm, const float* a, int n, const float* b, int m, int k, float* c) {
  for (int r = 0; r < n; ++r)
    for (int o = 0; o < m; ++o) {
      float s = 0;
      for (int i = 0; i < k; ++i) s += a[static_cast<std::size_t>(r) * k + i] * b[static_cast<std::size_t>(o) * k + i];
      c[static_cast<std::size_t>(r) * m + o] = s;
    }
}

namespace {

void rmsnorm(const float* x, const std::vector<float>& g, int d, float eps, float* out) {
  float ss = 0;
  for (int i = 0; i < d; ++i) ss += x[i] * x[i];
  const float scale = 1.0f / std::sqrt(ss / static_cast<float>(d) + eps);
  for (int i = 0; i < d; ++i) out[i] = g[static_cast<std::size_t>(i)] * (scale * x[i]);
}

// Interleaved pairs (2i, 2i+1) of each head rotated by pos * theta^(-2i/head_size).
void rope(float* v, int width, int head, int pos, float theta) {
  for (int i = 0; i < width; i += 2) {
    const int j = i % head;
    const float freq = 1.0f / std::pow(theta, static_cast<float>(j) / static_cast<float>(head));
    const float a = static_cast<float>(pos) * freq, c = std::cos(a), s = std::sin(a);
    const float v0 = v[i], v1 = v[i + 1];
    v[i] = v0 * c - v1 * s;
    v[i + 1] = v0 * s + v1 * c;
  }
}

}  // namespace

std::vector<float> forward_logits(const LlamaModel& m, const std::vector<int>& tokens, LinearBackend& linear) {
  const LlamaConfig& k = m.config;
  const int T = static_cast<int>(tokens.size()), d = k.dim, hd = k.head_dim(), kvd = k.kv_dim(), hid = k.hidden_dim;
  if (T > k.seq_len)
    throw std::invalid_argument("a sequence of " + std::to_string(T) + " tokens is longer than the model's context (" +
                                std::to_string(k.seq_len) + ")");
  for (int t : tokens)
    if (t < 0 || t >= k.vocab_size)
      throw std::invalid_argument("token " + std::to_string(t) + " is outside the vocabulary (0.." + std::to_string(k.vocab_size - 1) + ")");
  const auto at = [](std::vector<float>& v, int row, int width) { return v.data() + static_cast<std::size_t>(row) * width; };
  std::vector<float> x(static_cast<std::size_t>(T) * d), xb(x.size()), q(x.size()), att(x.size()), o(x.size());
  std::vector<float> kk(static_cast<std::size_t>(T) * kvd), vv(kk.size());
  std::vector<float> h1(static_cast<std::size_t>(T) * hid), h3(h1.size());
  for (int t = 0; t < T; ++t)
    std::copy_n(m.token_embedding.begin() + static_cast<std::ptrdiff_t>(tokens[static_cast<std::size_t>(t)]) * d, d, at(x, t, d));
  const int group = k.n_heads / k.n_kv_heads;
  const float inv_sqrt = 1.0f / std::sqrt(static_cast<float>(hd));
  std::vector<float> qh(static_cast<std::size_t>(T) * hd), kh(qh.size()), vt(qh.size()), oh(qh.size());
  std::vector<float> sc(static_cast<std::size_t>(T) * T);
  LlamaLayer streamed;  // a streamed model's current layer
  for (int l = 0; l < k.n_layers; ++l) {
    const LlamaLayer& L = m.layer(l, streamed);
    for (int t = 0; t < T; ++t) rmsnorm(at(x, t, d), L.attn_norm, d, k.rms_eps, at(xb, t, d));
    linear.apply({l, LinearKind::Q}, L.wq, d, d, xb.data(), T, q.data());
    linear.apply({l, LinearKind::K}, L.wk, kvd, d, xb.data(), T, kk.data());
    linear.apply({l, LinearKind::V}, L.wv, kvd, d, xb.data(), T, vv.data());
    for (int t = 0; t < T; ++t) {
      rope(at(q, t, d), d, hd, t, k.rope_theta);
      rope(at(kk, t, kvd), kvd, hd, t, k.rope_theta);
    }
    // Causal attention per head: QK^T and PV through the backend (FP32 unless
    // it quantizes them), the scale, mask and softmax in FP32.
    for (int h = 0; h < k.n_heads; ++h) {
      const int kvh = h / group;
      for (int t = 0; t < T; ++t) {
        std::copy_n(at(q, t, d) + h * hd, hd, qh.data() + static_cast<std::size_t>(t) * hd);
        std::copy_n(at(kk, t, kvd) + kvh * hd, hd, kh.data() + static_cast<std::size_t>(t) * hd);
        for (int i = 0; i < hd; ++i) vt[static_cast<std::size_t>(i) * T + t] = at(vv, t, kvd)[kvh * hd + i];
      }
      linear.attention(l, AttentionGemm::QK, qh.data(), T, kh.data(), T, hd, sc.data());
      for (int t = 0; t < T; ++t) {
        float* row = sc.data() + static_cast<std::size_t>(t) * T;
        float mx = -INFINITY;
        for (int s = 0; s <= t; ++s) mx = std::max(mx, row[s] *= inv_sqrt);
        float sum = 0;
        for (int s = 0; s <= t; ++s) sum += row[s] = std::exp(row[s] - mx);
        for (int s = 0; s <= t; ++s) row[s] /= sum;
        for (int s = t + 1; s < T; ++s) row[s] = 0.0f;  // causal: later positions take no weight
      }
      linear.attention(l, AttentionGemm::PV, sc.data(), T, vt.data(), hd, T, oh.data());
      for (int t = 0; t < T; ++t) std::copy_n(oh.data() + static_cast<std::size_t>(t) * hd, hd, at(att, t, d) + h * hd);
    }
    linear.apply({l, LinearKind::O}, L.wo, d, d, att.data(), T, o.data());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += o[i];
    for (int t = 0; t < T; ++t) rmsnorm(at(x, t, d), L.ffn_norm, d, k.rms_eps, at(xb, t, d));
    linear.apply({l, LinearKind::Gate}, L.w1, hid, d, xb.data(), T, h1.data());
    linear.apply({l, LinearKind::Up}, L.w3, hid, d, xb.data(), T, h3.data());
    for (std::size_t i = 0; i < h1.size(); ++i) h1[i] = h1[i] / (1.0f + std::exp(-h1[i])) * h3[i];  // SiLU(gate) * up
    linear.apply({l, LinearKind::Down}, L.w2, d, hid, h1.data(), T, o.data());
    for (std::size_t i = 0; i < x.size(); ++i) x[i] += o[i];
  }
  for (int t = 0; t < T; ++t) rmsnorm(at(x, t, d), m.final_norm, d, k.rms_eps, at(xb, t, d));
  std::vector<float> logits(static_cast<std::size_t>(T) * k.vocab_size);
  linear.apply({-1, LinearKind::LmHead}, m.lm_head(), k.vocab_size, d, xb.data(), T, logits.data());
  return logits;
}

}  // namespace qmac::lm
