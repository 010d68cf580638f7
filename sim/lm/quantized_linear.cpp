#include "sim/lm/quantized_linear.hpp"

#include <bit>
#include <numeric>
#include <optional>

#include "sim/explore/grid_ops.hpp"

namespace qmac::lm {

QuantizedLinear::QuantizedLinear(const explore::SchemePair& pair, const explore::SchemeOptions& options, Scope scope)
    : weight_(pair.weight, options), activation_(pair.activation, options), scope_(std::move(scope)), sum_(options.sum) {
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
  auto it = weights_.find(site.id());
  if (it == weights_.end())
    it = weights_.emplace(site.id(), weight_.quantize(tensor_of(w.data(), out, in, k), explore::Role::Weight, keep)).first;
  const explore::Quantized qx = activation_.quantize(tensor_of(x, n, in, k), explore::Role::Activation, keep);
  clipped_ += qx.clipped;
  const explore::Quantized& qw = it->second;
  const int block = std::gcd(qx.grid.block, qw.grid.block);
  std::optional<golden::ScaledIntMatrix> rx, rw;
  if (qx.grid.block != block) rx = explore::reblocked(qx.grid, block);
  if (qw.grid.block != block) rw = explore::reblocked(qw.grid, block);
  const golden::Format* once = weight_.name() == activation_.name() ? weight_.round_once_to() : nullptr;
  const golden::ScaledIntGemmNt gemm(rx ? *rx : qx.grid, rw ? *rw : qw.grid, once, sum_);
  std::vector<std::uint32_t> c(static_cast<std::size_t>(n) * static_cast<std::size_t>(out));
  gemm.rows(0, n, c.data());
  for (std::size_t i = 0; i < c.size(); ++i) y[i] = std::bit_cast<float>(c[i]);
}

}  // namespace qmac::lm
