#include "sim/explore/error_metrics.hpp"

#include <bit>
#include <cmath>
#include <limits>

namespace qmac::explore {
namespace {

double f(std::uint32_t b) { return static_cast<double>(std::bit_cast<float>(b)); }

double db(double signal, double noise) {
  if (noise == 0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(signal / noise);
}

}  // namespace

TensorError tensor_error(const tensors::Tensor& t, const Quantized& q, std::int64_t cols) {
  TensorError e;
  double signal = 0, noise = 0;
  const auto K = static_cast<std::size_t>(t.cols()), used = static_cast<std::size_t>(cols);
  for (std::size_t i = 0; i < t.fp32.size(); ++i) {
    if (i % K >= used) continue;
    const double x = f(t.fp32[i]), d = x - f(q.dequantized[i]);
    signal += x * x;
    noise += d * d;
    e.max_abs_error = std::max(e.max_abs_error, std::abs(d));
  }
  const double n = static_cast<double>(t.rows()) * static_cast<double>(cols);
  e.mse = noise / n;
  e.sqnr_db = db(signal, noise);
  e.clipped_fraction = static_cast<double>(q.clipped) / n;
  return e;
}

std::vector<double> reference_gemm(const tensors::Tensor& x, const tensors::Tensor& w) {
  const auto M = static_cast<std::size_t>(x.rows()), N = static_cast<std::size_t>(w.rows()), K = static_cast<std::size_t>(x.cols());
  std::vector<double> y(M * N, 0.0);
  for (std::size_t i = 0; i < M; ++i)
    for (std::size_t j = 0; j < N; ++j) {
      double s = 0;
      for (std::size_t k = 0; k < K; ++k) s += f(x.fp32[i * K + k]) * f(w.fp32[j * K + k]);
      y[i * N + j] = s;
    }
  return y;
}

GemmError gemm_error(const std::vector<double>& reference, const Quantized& qx, const Quantized& qw,
                     const golden::Format* round_once_to) {
  std::vector<std::uint32_t> y;
  golden::scaled_int_gemm_nt(qx.grid, qw.grid, y, 0, qx.grid.rows, round_once_to);
  return gemm_error(reference, y);
}

GemmError gemm_error(const std::vector<double>& reference, const std::vector<std::uint32_t>& y) {
  double signal = 0, noise = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double d = f(y[i]) - reference[i];
    signal += reference[i] * reference[i];
    noise += d * d;
  }
  GemmError e;
  e.rel_frobenius = signal > 0 ? std::sqrt(noise / signal) : 0;
  e.sqnr_db = db(signal, noise);
  return e;
}

}  // namespace qmac::explore
