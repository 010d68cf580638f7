#include "golden/gemm/scaled_int_gemm.hpp"

#include <stdexcept>
#include <string>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/mac/fp32_accumulator.hpp"
#include "golden/mac/kulisch_accumulator.hpp"

namespace qmac::golden {
namespace {

// Exact sum of the block values of one output, then one rounding (quire-style).
Value exact_sum(const std::vector<Value>& parts) {
  bool nan = false, pinf = false, ninf = false;
  int lo = 0, hi = 0;
  bool any = false;
  for (const Value& v : parts) {
    if (v.is_nan()) nan = true;
    else if (v.is_inf()) (v.neg ? ninf : pinf) = true;
    else if (v.is_finite()) {
      const int l = v.exp, h = v.log2_floor() + 1;
      lo = any ? std::min(lo, l) : l;
      hi = any ? std::max(hi, h) : h;
      any = true;
    }
  }
  if (nan || (pinf && ninf)) return Value::nan();
  if (pinf || ninf) return Value::inf(ninf);
  if (!any) return Value::zero();
  KulischAccumulator acc(hi - lo + 40, lo);
  for (const Value& v : parts)
    if (v.is_finite()) acc.add(v);
  return acc.value();
}

}  // namespace

void scaled_int_gemm_nt(const ScaledIntMatrix& a, const ScaledIntMatrix& b, std::vector<std::uint32_t>& c,
                        int row_begin, int row_end, const Format* round_once_to) {
  if (a.cols != b.cols || a.block != b.block || a.block <= 0 || a.cols % a.block != 0)
    throw std::invalid_argument("scaled_int_gemm: A is " + std::to_string(a.rows) + "x" + std::to_string(a.cols) +
                                " (block " + std::to_string(a.block) + "), B is " + std::to_string(b.rows) + "x" +
                                std::to_string(b.cols) + " (block " + std::to_string(b.block) + ")");
  c.resize(static_cast<std::size_t>(a.rows) * static_cast<std::size_t>(b.rows));
  const int K = a.cols, L = a.block;
  std::vector<Value> parts;
  for (int i = row_begin; i < row_end; ++i) {
    const std::int64_t* ak = &a.k[static_cast<std::size_t>(i) * static_cast<std::size_t>(K)];
    for (int j = 0; j < b.rows; ++j) {
      const std::int64_t* bk = &b.k[static_cast<std::size_t>(j) * static_cast<std::size_t>(K)];
      Fp32Accumulator acc;
      parts.clear();
      for (int k0 = 0; k0 < K; k0 += L) {
        __int128 s = 0;
        for (int t = k0; t < k0 + L; ++t) s += static_cast<__int128>(ak[t]) * bk[t];
        // unit_a * unit_b first (<= 24-bit each: exact), then one multiply by the
        // integer sum, so a result wider than 64 bits is truncated (with sticky) once.
        const Value v = mul(from_int128(s, 0), mul(a.unit_of(i, k0), b.unit_of(j, k0)));
        if (round_once_to) parts.push_back(v);
        else acc.add(v);
      }
      std::uint32_t out = acc.bits();
      if (round_once_to) out = to_fp32_bits(round_once_to->decode(round_once_to->encode(exact_sum(parts), Rounding::NearestEven, Overflow::Saturate, nullptr)));
      c[static_cast<std::size_t>(i) * static_cast<std::size_t>(b.rows) + static_cast<std::size_t>(j)] = out;
    }
  }
}

}  // namespace qmac::golden
