// The GEMMs of one inference of a decoder-only transformer, from its
// dimensions (configs/models/*.yaml) and a phase:
//   prefill of S tokens: every projection on B*S rows, attention over the full
//     S x S score matrix per head and sequence (masking is not skipped), the
//     LM head on all B*S tokens;
//   decode of one token per sequence against a KV cache of L keys (the new
//     token's own included): projections on B rows, attention 1 x L per head.
// Per layer (repeated `layers` times): q_proj (d x heads*head_dim), k_proj and
// v_proj (d x kv_heads*head_dim, grouped-query attention), qk_t and attn_v per
// query head and sequence, o_proj, gate_proj and up_proj (gated MLP) or up
// only, down_proj; then the LM head once.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/arch_spec.hpp"

namespace qmac::sim {

struct TransformerDims {
  std::string name;
  std::int64_t hidden = 0, heads = 0, kv_heads = 0, head_dim = 0, ffn = 0, layers = 0, vocab = 0;
  bool gated_mlp = true;
  bool lm_head = true;  // false: the decoder layers' GEMMs only
};

enum class Phase { Prefill, Decode };

struct InferenceStep {
  Phase phase = Phase::Prefill;
  std::int64_t tokens = 0;  // prefill: S; decode: L, the keys attended
  std::int64_t batch = 1;
};

std::vector<models::GemmLayer> transformer_gemms(const TransformerDims& m, const InferenceStep& s);

// Sum of m*k*n*repeat (throws std::overflow_error past 2^64).
std::uint64_t total_macs(const std::vector<models::GemmLayer>& layers);

// The inference as a workload YAML `qmac run` takes (its GEMMs and the tokens one pass handles).
std::string workload_yaml(const TransformerDims& m, const InferenceStep& s);

}  // namespace qmac::sim
