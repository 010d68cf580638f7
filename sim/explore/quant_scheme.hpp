// QuantScheme: how `qmac explore` quantizes a tensor in one format — the
// golden quantizer, its granularity along the rows (K) and its storage cost.
//   MX formats (mxfp8_e4m3 ... mxint8)  blocks of --block (32) along K
//   dialectfp4                          blocks of --block; weights two-stage or mse
//   dialectfp4_mse, _two_stage          the same, the weights' selection fixed by the name
//   intN / intN_gG                      symmetric per-channel / per-group-G, FP32 scale
//   nf4                                 bitsandbytes absmax blocks of 64
//   e4m3, e5m2, e2m3, e3m2, e2m1        one power-of-two scale per tensor (the
//                                       OCP floor rule on the tensor max; golden
//                                       TensorScaleQuantizer)
//   posit<n>, fp16, bf16, tf32          the values as they are, no scale
// The result carries the dequantized values (for the error) and the
// scaled-integer grid golden's GEMM multiplies (for the GEMM error).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/registry.hpp"
#include "golden/gemm/scaled_int_gemm.hpp"
#include "sim/tensors/tensor.hpp"

namespace qmac::explore {

enum class Role : std::uint8_t { Weight, Activation };

struct SchemeOptions {
  int block = 32;  // MX and DialectFP4 blocks
  golden::DialectSelect weight_select = golden::DialectSelect::TwoStage;
  // MX: the scale rule (OCP floor, or ceil: never saturates) and the elements' rounding.
  golden::ScaleRule mx_scale_rule = golden::ScaleRule::OcpFloor;
  golden::Rounding mx_rounding = golden::Rounding::NearestEven;
  golden::DialectTie dialect_tie = golden::DialectTie::Even;   // DialectFP4's stage-2 tie
  golden::SumPrecision sum = golden::SumPrecision::Fp32;      // the GEMM's accumulator (not the quire's)
};

// The error sums of a quantization, over the elements that count (not K padding).
struct ErrorSums {
  double signal = 0, noise = 0, max_abs_error = 0;
  std::size_t count = 0;
};

struct Quantized {
  std::vector<std::uint32_t> dequantized;  // FP32 bits, same layout as the input (empty when not kept)
  ErrorSums sums;                           // always: over the first `cols_used` of each row
  std::size_t clipped = 0;                 // |x| above the largest value its block can hold
  golden::ScaledIntMatrix grid;            // what golden's GEMM multiplies
};

class QuantScheme {
 public:
  // Throws std::invalid_argument for an unknown name (listing the known ones).
  QuantScheme(const std::string& name, const SchemeOptions& opt);
  const std::string& name() const { return name_; }
  // Storage bits per element for rows of length k, scales and metadata included.
  double bits_per_element(std::int64_t k) const;
  // The granularity along K (the last dimension): K must be a multiple of it
  // (the runner pads with zeros, as the hardware does); 1 when any K will do.
  int k_multiple() const;
  // `parallel_for(n, job)` runs job(0..n-1), in any order and on any threads: the rows go in
  // slices of a fixed size, so the result is the same however they run.
  using ParallelFor = std::function<void(std::size_t, const std::function<void(std::size_t)>&)>;
  struct Options {
    bool keep_dequantized = true;  // false: 4 bytes an element less
    bool keep_grid = true;         // false: the error sums only (no GEMM will use the grid)
    std::int64_t cols_used = -1;   // the elements of each row the sums count (the rest is K padding); -1: all
    ParallelFor parallel_for;      // empty: one slice after another
  };
  Quantized quantize(const tensors::Tensor& t, Role role) const { return quantize(t, role, Options{}); }
  Quantized quantize(const tensors::Tensor& t, Role role, const Options& o) const;
  // The format the GEMM rounds once to (posits, via the quire), or nullptr (FP32 per block).
  const golden::Format* round_once_to() const { return kind_ == Kind::Direct && format_->kind == golden::FormatKind::Posit ? format_ : nullptr; }

 private:
  enum class Kind { Mx, Dialect, IntGroup, Nf4, PerTensor, Direct };
  // Flat elements [lo, hi) (whole rows) into g's preallocated k/unit/values through put().
  template <class Put, class ForEachBlock>
  void quantize_slice(const tensors::Tensor& t, Role role, std::size_t lo, std::size_t hi, const Put& put,
                      const ForEachBlock& for_each_block, int tensor_x, std::size_t& clipped, golden::ScaledIntMatrix& g) const;
  std::string name_;
  Kind kind_;
  const golden::Format* format_ = nullptr;
  int group_ = 0;  // IntGroup: 0 = per channel
  int int_bits_ = 8;
  SchemeOptions opt_;
};

std::vector<std::string> default_schemes();

}  // namespace qmac::explore
