// Accuracy figures of a quantized tensor and of a quantized GEMM. These are
// statistics over many values, computed in double; the bit-level work (the
// quantizers, the GEMM's MAC semantics) is golden's.
#pragma once

#include <vector>

#include "sim/explore/quant_scheme.hpp"
#include "sim/tensors/tensor.hpp"

namespace qmac::explore {

struct TensorError {
  double mse = 0;
  double sqnr_db = 0;  // 10 log10(sum x^2 / sum (x - q)^2); +inf when exact
  double max_abs_error = 0;
  double clipped_fraction = 0;
};

struct GemmError {
  double rel_frobenius = 0;  // ||Y_q - Y_ref||_F / ||Y_ref||_F
  double sqnr_db = 0;        // -20 log10(rel_frobenius)
};

// From the sums quantize() took (over the first `cols_used` elements of each row; the rest is K padding).
TensorError tensor_error(const tensors::Tensor& t, const Quantized& q, std::int64_t cols);
// Y_ref = X W^T in double from the unquantized FP32 values (each output summed in ascending k),
// prepared once and computed by row ranges so threads can share it.
class ReferenceGemm {
 public:
  ReferenceGemm(const tensors::Tensor& x, const tensors::Tensor& w);
  // Rows [begin, end) of Y (x.rows() x w.rows(), row-major) into y.
  void rows(int begin, int end, double* y) const;

 private:
  const tensors::Tensor* w_;
  int k_ = 0;
  std::vector<double> panels_;  // x, packed for golden's vector kernel
};
std::vector<double> reference_gemm(const tensors::Tensor& x, const tensors::Tensor& w);
// Y_q from golden's scaled-integer GEMM over the quantized grids.
GemmError gemm_error(const std::vector<double>& reference, const Quantized& qx, const Quantized& qw,
                     const golden::Format* round_once_to);
// The error of a Y_q computed already (FP32 bit patterns, reference's layout).
GemmError gemm_error(const std::vector<double>& reference, const std::vector<std::uint32_t>& y);

}  // namespace qmac::explore
