#include "sim/lm/quantized_linear.hpp"

#include <bit>
#include <numeric>
#include <optional>

#include "sim/explore/grid_ops.hpp"

namespace qmac::lm {

QuantizedLinear::QuantizedLinear(const explore::SchemePair& pair, const explore::SchemeOptions& options, Scope scope, bool attention,
                                 bool cache_weights)
    : weight_(pair.weight, options), activation_(pair.activation, options), scope_(std::move(scope)), attention_(attention),
      cache_weights_(cache_weights), sum_(options.sum) {
  k_multiple_ = std::lcm(weight_.k_multiple(), activation_.k_multiple());
}

namespace {

tensors::Tensor tensor_of(const float* v, int rows, int cols, std::int64_t k) {
  tensors::Tensor t;
  t.shape = {rows, cols};
  t.fp32.resize(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
  for (std::size_t i = 0; i < t.fp32.size(); ++i) t.fp32[i] = std::bit_cast<std::uint32_t>(v[i]);
  explore::pad_k(t, k);
  return t;
}

}  // namespace

void QuantizedLinear::apply(const LinearSite& site, const std::vector<float>& w, int out, int in, const float* x, int n, float* y) {
  if (!scope_(site)) {
    fp32_.apply(site, w, out, in, x, n, y);
    return;
  }
  const std::int64_t k = (in + k_multiple_ - 1) / k_multiple_ * k_multiple_;
  explore::QuantScheme::Options keep;
  keep.keep_dequantized = false;
  keep.cols_used = in;
  std::optional<explore::Quantized> once;
  const explore::Quantized* qw;
  if (cache_weights_) {
    auto it = weights_.find(site.id());
    if (it == weights_.end())
      it = weights_.emplace(site.id(), weight_.quantize(tensor_of(w.data(), out, in, k), explore::Role::Weight, keep)).first;
    qw = &it->second;
  } else {
    qw = &once.emplace(weight_.quantize(tensor_of(w.data(), out, in, k), explore::Role::Weight, keep));
  }
  const explore::Quantized qx = activation_.quantize(tensor_of(x, n, in, k), explore::Role::Activation, keep);
  clipped_ += qx.clipped;
  gemm(qx, *qw, weight_.name() == activation_.name(), n, out, y);
}

void QuantizedLinear::attention(int layer, AttentionGemm which, const float* a, int n, const float* b, int m, int k, float* c) {
  if (!attention_ || !scope_(LinearSite{layer, LinearKind::Q})) {
    LinearBackend::attention(layer, which, a, n, b, m, k, c);
    return;
  }
  const std::int64_t kp = (k + activation_.k_multiple() - 1) / activation_.k_multiple() * activation_.k_multiple();
  explore::QuantScheme::Options keep;
  keep.keep_dequantized = false;
  keep.cols_used = k;
  const explore::Quantized qa = activation_.quantize(tensor_of(a, n, k, kp), explore::Role::Activation, keep);
  const explore::Quantized qb = activation_.quantize(tensor_of(b, m, k, kp), explore::Role::Activation, keep);
  clipped_ += qa.clipped + qb.clipped;
  gemm(qa, qb, true, n, m, c);
}

void QuantizedLinear::gemm(const explore::Quantized& qa, const explore::Quantized& qb, bool round_once, int n, int m, float* c) const {
  // Posits in both operands sum in the quire and round once.
  const golden::Format* once = round_once ? activation_.round_once_to() : nullptr;
  std::vector<std::uint32_t> out(static_cast<std::size_t>(n) * static_cast<std::size_t>(m));
  explore::with_gemm(qa.grid, qb.grid, once, sum_, [&](const golden::ScaledIntGemmNt& g) { g.rows(0, n, out.data()); });
  for (std::size_t i = 0; i < out.size(); ++i) c[i] = std::bit_cast<float>(out[i]);
}

}  // namespace qmac::lm
