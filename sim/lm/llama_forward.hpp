// The forward pass of a LlamaModel over whole sequences (every position at
// once, causal attention), with each linear layer computed by a
// LinearBackend: FP32 for the reference, or a number format's quantized GEMM
// (sim/lm/quantized_linear.hpp). Norms, RoPE, softmax and SiLU run in FP32.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/lm/llama_model.hpp"

namespace qmac::lm {

// Which linear layer a GEMM is (for per-layer sensitivity and reports).
enum class LinearKind : std::uint8_t { Q, K, V, O, Gate, Up, Down, LmHead };
const char* linear_kind_name(LinearKind k);  // "q", "k", ..., "lm_head"

struct LinearSite {
  int layer = -1;  // -1: the LM head
  LinearKind kind = LinearKind::Q;
  // A stable index of the weight matrix (layer * 7 + kind; the LM head after them).
  int id() const { return layer < 0 ? 1 << 20 : layer * 7 + static_cast<int>(kind); }
};

// The attention GEMMs of one head of one layer: QK^T (scores before the
// 1/sqrt(head) scale) and PV (softmax probabilities times values).
enum class AttentionGemm : std::uint8_t { QK, PV };

// y[n][out] = x[n][in] * W^T, W [out][in] row-major; and the attention
// GEMMs c[n][m] = a[n][k] * b[m][k]^T, both operands activations.
class LinearBackend {
 public:
  virtual ~LinearBackend() = default;
  virtual void apply(const LinearSite& site, const std::vector<float>& w, int out, int in, const float* x, int n, float* y) = 0;
  // FP32 by default: each output a float sum over k in ascending order.
  virtual void attention(int layer, AttentionGemm which, const float* a, int n, const float* b, int m, int k, float* c);
};

// Plain FP32: each output a float sum over `in` in ascending order (llama2.c's matmul).
class Fp32Linear final : public LinearBackend {
 public:
  void apply(const LinearSite& site, const std::vector<float>& w, int out, int in, const float* x, int n, float* y) override;
};

// The logits [length][vocab] of every position of `tokens`; throws
// std::invalid_argument for a token outside the vocabulary or a sequence
// longer than the model's context.
std::vector<float> forward_logits(const LlamaModel& m, const std::vector<int>& tokens, LinearBackend& linear);

}  // namespace qmac::lm
