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

TensorError tensor_error(const tensors::Tensor&, const Quantized& q, std::int64_t) {
  // The sums were taken while quantizing, over the elements that count.
  TensorError e;
  const double n = static_cast<double>(q.sums.count);
  e.max_abs_error = q.sums.max_abs_error;
  e.mse = n > 0 ? q.sums.noise / n : 0;
  e.sqnr_db = db(q.sums.signal, q.sums.noise);
  e.clipped_fraction = n > 0 ? static_cast<double>(q.clipped) / n : 0;
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
