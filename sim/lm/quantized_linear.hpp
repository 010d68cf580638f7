// QuantizedLinear: a linear layer as a number format computes it, with the
// arithmetic qmac explore and the hardware use: the weights quantized once
// by the pair's weight scheme, each call's activations quantized online by
// its activation scheme (golden's quantizers, sim/explore/quant_scheme.hpp),
// K padded with zeros to the schemes' granularity, and the product computed
// by golden's ScaledIntGemmNt (exact block sums, one RNE per block into an
// FP32 accumulator; posits: the quire, rounded once). Sites the scope leaves
// out run in FP32.
#pragma once

#include <functional>
#include <map>
#include <memory>

#include "sim/explore/explore_runner.hpp"
#include "sim/explore/quant_scheme.hpp"
#include "sim/lm/llama_forward.hpp"

namespace qmac::lm {

class QuantizedLinear final : public LinearBackend {
 public:
  using Scope = std::function<bool(const LinearSite&)>;
  // Throws std::invalid_argument for an unknown scheme name.
  // attention: QK^T and PV too, both operands in the pair's activation scheme
  // (layers the scope takes; the scope is asked with the layer's Q site).
  // cache_weights = false (a streamed model): a layer's weights are quantized
  // at each use and dropped, so only the current layer is held.
  QuantizedLinear(const explore::SchemePair& pair, const explore::SchemeOptions& options, Scope scope, bool attention = false,
                  bool cache_weights = true);
  void apply(const LinearSite& site, const std::vector<float>& w, int out, int in, const float* x, int n, float* y) override;
  void attention(int layer, AttentionGemm which, const float* a, int n, const float* b, int m, int k, float* c) override;
  // Activation elements past the largest value their block can hold, summed over the calls.
  std::uint64_t clipped_activations() const { return clipped_; }

 private:
  // c[n][m] = qa * qb^T of two quantized operands (K padded alike).
  void gemm(const explore::Quantized& qa, const explore::Quantized& qb, bool round_once, int n, int m, float* c) const;
  explore::QuantScheme weight_, activation_;
  Scope scope_;
  bool attention_ = false;
  bool cache_weights_ = true;
  golden::SumPrecision sum_;
  std::int64_t k_multiple_ = 1;
  std::map<int, explore::Quantized> weights_;  // by site id: quantized once
  Fp32Linear fp32_;
  std::uint64_t clipped_ = 0;
};

}  // namespace qmac::lm
