// The inner loops of ScaledIntGemmNt's per-product FP32 paths, eight output
// rows a vector. Each output is still one chain of FP32 additions in ascending
// k (the order §6.5 fixes); the vectors only run eight such chains side by
// side, so the bits are those of the scalar definition.
//
// A comes packed in panels of eight rows: panel p holds rows 8p..8p+7, k-major
// (K x 8 values, rows past A's end zero). B is row-major N x K doubles.
#pragma once

#include <cstdint>
#include <vector>

#include "golden/gemm/scaled_int_gemm.hpp"

namespace qmac::golden {

// A's values (M x K, row-major) packed as the kernels read them.
std::vector<float> pack_panels_float(const double* a, int m, int k);
std::vector<double> pack_panels_double(const double* a, int m, int k);

// Rows [begin, end) of C (M x N FP32 bit patterns, row-major) where every value
// and every product is exact in float: native FP32 additions (RNE) are the sum.
void fp32_sums_float(const float* panels, int k, const double* b, int n, int begin, int end, std::uint32_t* c);

// The same where products are exact only in double: acc + p rounded to odd in
// double, then to FP32, is RNE_fp32(acc + p) (Boldo & Melquiond, IEEE TC 2008).
void fp32_sums_odd(const double* panels, int k, const double* b, int n, int begin, int end, std::uint32_t* c);

// Blocks of `block` elements, A's and B's elements integers (k) whose block
// dots are exact in double (the caller checked |sum| < 2^53). A's integers
// packed as doubles (pack_panels_double of k), B's read as int64.
//
// Every unit a power of two: A's exponents packed like A (panel-major, block x
// 8 lanes: pack_panels_exponents), B's per row and block. Each block's
// sum * 2^(ea + eb) is added into FP32 with one RNE, blocks in ascending k.
std::vector<double> pack_panels_exponents(const std::vector<int>& exps, int m, int blocks);
void fp32_block_sums_pow2(const double* panels, const double* a_scale, int k, int block, const std::int64_t* b_k, const int* b_exp,
                          int n, int begin, int end, std::uint32_t* c);
// Any units (FP32 group scales): each block's exact dot scaled by
// unit_a * unit_b in Values and added into FP32 with one RNE, as
// scaled_int_gemm_nt_values does; a and b give the units and B's integers.
void fp32_block_sums_units(const double* panels, const ScaledIntMatrix& a, const ScaledIntMatrix& b, int begin, int end, std::uint32_t* c);

// Plain double sums of products of A's values with B given as FP32 bit
// patterns (N x K), rows [begin, end) of C into c (M x N): a reference, not a
// MAC (explore's unquantized GEMM).
void double_sums(const double* panels, int k, const std::uint32_t* b_fp32, int n, int begin, int end, double* c);

}  // namespace qmac::golden
