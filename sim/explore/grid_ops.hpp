// What a GEMM of two quantized operands needs before golden's ScaledIntGemmNt
// multiplies them: K padded with zeros to the schemes' granularity (as the
// hardware pads), and operands blocked differently met on their finer common
// block. Shared by qmac explore and qmac eval.
#pragma once

#include <cstdint>
#include <functional>

#include "golden/gemm/scaled_int_gemm.hpp"
#include "sim/tensors/tensor.hpp"

namespace qmac::explore {

// Appends zeros to every row so K (the last dimension) becomes `k`.
void pad_k(tensors::Tensor& t, std::int64_t k);

// The same grid with units of `block` elements (a divisor of its own): each unit repeated.
golden::ScaledIntMatrix reblocked(const golden::ScaledIntMatrix& g, int block);

// golden's C = A * B^T of two grids, met on their finer common block first,
// handed to `use` (which runs its rows however it likes).
void with_gemm(const golden::ScaledIntMatrix& a, const golden::ScaledIntMatrix& b, const golden::Format* round_once_to,
               golden::SumPrecision sum, const std::function<void(const golden::ScaledIntGemmNt&)>& use);

}  // namespace qmac::explore
