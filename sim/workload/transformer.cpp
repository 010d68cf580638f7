#include "sim/workload/transformer.hpp"

#include <sstream>

#include <stdexcept>

namespace qmac::sim {

std::vector<models::GemmLayer> transformer_gemms(const TransformerDims& m, const InferenceStep& s) {
  const bool prefill = s.phase == Phase::Prefill;
  const std::int64_t rows = s.batch * (prefill ? s.tokens : 1);  // tokens through the projections
  const std::int64_t q = m.heads * m.head_dim, kv = m.kv_heads * m.head_dim;
  const auto L = static_cast<std::uint64_t>(m.layers);
  const auto per_head = L * static_cast<std::uint64_t>(m.heads * s.batch);
  // Attention per query head and sequence: queries x head_dim x keys, then queries x keys x head_dim.
  const std::int64_t queries = prefill ? s.tokens : 1, keys = s.tokens;
  std::vector<models::GemmLayer> g = {
      {"q_proj", rows, m.hidden, q, L, 0},
      {"k_proj", rows, m.hidden, kv, L, 0},
      {"v_proj", rows, m.hidden, kv, L, 0},
      {"qk_t", queries, m.head_dim, keys, per_head, 0},
      {"attn_v", queries, keys, m.head_dim, per_head, 0},
      {"o_proj", rows, q, m.hidden, L, 0},
  };
  if (m.gated_mlp) g.push_back({"gate_proj", rows, m.hidden, m.ffn, L, 0});
  g.push_back({"up_proj", rows, m.hidden, m.ffn, L, 0});
  g.push_back({"down_proj", rows, m.ffn, m.hidden, L, 0});
  if (m.lm_head) g.push_back({"lm_head", rows, m.hidden, m.vocab, 1, 0});
  return g;
}

std::uint64_t total_macs(const std::vector<models::GemmLayer>& layers) {
  std::uint64_t t = 0;
  for (const auto& l : layers) {
    std::uint64_t x = static_cast<std::uint64_t>(l.m);
    if (__builtin_mul_overflow(x, static_cast<std::uint64_t>(l.k), &x) || __builtin_mul_overflow(x, static_cast<std::uint64_t>(l.n), &x) ||
        __builtin_mul_overflow(x, l.repeat, &x) || __builtin_add_overflow(t, x, &t))
      throw std::overflow_error("the workload's MAC count passes 2^64");
  }
  return t;
}

std::string workload_yaml(const TransformerDims& m, const InferenceStep& s) {
  const auto gemms = transformer_gemms(m, s);
  std::ostringstream y;
  y << "# qmac " QMAC_VERSION " workload: " << m.name << ", "
    << (s.phase == Phase::Prefill ? "prefill of " + std::to_string(s.tokens) + " tokens"
                                  : "decode of one token against " + std::to_string(s.tokens) + " keys")
    << ", batch " << s.batch << "\n# d " << m.hidden << ", " << m.heads << " heads (" << m.kv_heads << " KV) of " << m.head_dim
    << ", FFN " << m.ffn << (m.gated_mlp ? " (gated)" : "") << ", " << m.layers << " layers, "
    << (m.lm_head ? "vocabulary " + std::to_string(m.vocab) : std::string("no LM head"))
    << "\n# " << total_macs(gemms) << " MACs in all\n"
    << "tokens: " << (s.phase == Phase::Prefill ? s.tokens * s.batch : s.batch) << "  # tokens one pass handles (for tokens/s)\ngemms:\n";
  for (const auto& g : gemms)
    y << "  - {name: " << g.name << ", m: " << g.m << ", k: " << g.k << ", n: " << g.n << ", repeat: " << g.repeat << "}\n";
  return y.str();
}

}  // namespace qmac::sim
