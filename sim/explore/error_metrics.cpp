#include "sim/explore/error_metrics.hpp"

#include <bit>
#include <cmath>
#include <limits>

#include "golden/gemm/fp32_sum_kernels.hpp"

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

ReferenceGemm::ReferenceGemm(const tensors::Tensor& x, const tensors::Tensor& w) : w_(&w), k_(static_cast<int>(x.cols())) {
  std::vector<double> xv(x.fp32.size());
  for (std::size_t i = 0; i < xv.size(); ++i) xv[i] = f(x.fp32[i]);
  panels_ = golden::pack_panels_double(xv.data(), static_cast<int>(x.rows()), k_);
}

void ReferenceGemm::rows(int begin, int end, double* y) const {
  golden::double_sums(panels_.data(), k_, w_->fp32.data(), static_cast<int>(w_->rows()), begin, end, y);
}

std::vector<double> reference_gemm(const tensors::Tensor& x, const tensors::Tensor& w) {
  std::vector<double> y(static_cast<std::size_t>(x.rows()) * static_cast<std::size_t>(w.rows()));
  ReferenceGemm(x, w).rows(0, static_cast<int>(x.rows()), y.data());
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
