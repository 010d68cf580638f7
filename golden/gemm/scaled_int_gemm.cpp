#include "golden/gemm/scaled_int_gemm.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
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

// Every element k * unit as a double, when each is exact in 26 significant bits
// (so every product of two is exact in double); false otherwise.
bool exact_doubles(const ScaledIntMatrix& m, std::vector<double>& out) {
  if (m.block != 1) return false;
  out.resize(m.k.size());
  for (std::size_t i = 0; i < m.k.size(); ++i) {
    const Value u = m.unit[i];  // block 1: one unit per element
    if (m.k[i] == 0) {
      out[i] = 0.0;
      continue;
    }
    if (!u.is_finite() || u.sticky) return false;
    const Value v = mul(Value::from_int(m.k[i]), u);
    if (!v.is_finite() || v.sticky) return false;
    const std::uint64_t sig = v.sig >> std::countr_zero(v.sig);
    const int exp = v.exp + std::countr_zero(v.sig);
    if (std::bit_width(sig) > 26 || exp < -1000 || exp > 900) return false;
    out[i] = std::ldexp(static_cast<double>(sig), exp) * (v.neg ? -1.0 : 1.0);
  }
  return true;
}

// A compact grid back in k and unit (k the double's significand, unit its power of two).
ScaledIntMatrix expanded(const ScaledIntMatrix& m) {
  ScaledIntMatrix o;
  o.rows = m.rows;
  o.cols = m.cols;
  o.block = 1;
  for (double d : m.values) {
    int e = 0;
    const double f = std::frexp(std::abs(d), &e);
    auto sig = static_cast<std::uint64_t>(std::ldexp(f, 53));
    int exp = e - 53;
    if (sig == 0) exp = 0;
    else exp += std::countr_zero(sig), sig >>= std::countr_zero(sig);  // <= 26 bits (compact grids are)
    o.k.push_back(d < 0 ? -static_cast<std::int64_t>(sig) : static_cast<std::int64_t>(sig));
    o.unit.push_back(Value::finite(false, 1, exp));
  }
  return o;
}

// The lowest set bit and the highest bit position (value < 2^msb) over the nonzero values; false if all are zero.
bool bit_range(const std::vector<double>& v, int& lsb, int& msb) {
  bool any = false;
  for (double d : v) {
    if (d == 0) continue;
    int e = 0;
    const auto m = static_cast<std::uint64_t>(std::ldexp(std::frexp(std::abs(d), &e), 53));
    const int lo = e - 53 + std::countr_zero(m);
    lsb = any ? std::min(lsb, lo) : lo;
    msb = any ? std::max(msb, e) : e;
    any = true;
  }
  return any;
}

// An exact double product as an integer in units of 2^lsb (its bits below lsb are zero).
__int128 fixed(double p, int lsb) {
  // A normal double is (2^52 + fraction) * 2^(biased exponent - 1075); a subnormal one, fraction * 2^-1074.
  const auto bits = std::bit_cast<std::uint64_t>(p);
  const int biased = static_cast<int>((bits >> 52) & 0x7FF);
  const std::uint64_t frac = bits & ((std::uint64_t{1} << 52) - 1);
  const auto m = static_cast<std::int64_t>(biased ? frac | (std::uint64_t{1} << 52) : frac);
  const int shift = (biased ? biased : 1) - 1075 - lsb;
  const __int128 v = shift >= 0 ? static_cast<__int128>(m) << shift : static_cast<__int128>(m >> -shift);
  return p < 0 ? -v : v;
}

// Every unit a finite power of two in double's comfortable range: its exponent; false otherwise.
bool pow2_units(const ScaledIntMatrix& m, std::vector<int>& exps) {
  if (!m.values.empty()) return false;
  exps.resize(m.unit.size());
  for (std::size_t i = 0; i < m.unit.size(); ++i) {
    const Value& u = m.unit[i];
    if (!u.is_finite() || u.sticky || u.neg || std::popcount(u.sig) != 1) return false;
    exps[i] = u.exp + std::countr_zero(u.sig);
    if (exps[i] < -400 || exps[i] > 400) return false;
  }
  return true;
}

// RNE_fp32(acc + p) for p exact in double. value_arith's fp32_add_exact gives the
// same bits (the tests hold them equal) but made explore's e4m3 GEMM 25 s instead of 5 s:
// acc + p rounded to odd in double
// (RNE sum, its error by TwoSum, then the odd neighbour), then to FP32.
float fp32_add(float acc, double p) {
  const double x = acc;
  double s = x + p;
  const double bb = s - x;
  const double e = (x - (s - bb)) + (p - bb);
  const auto bits = std::bit_cast<std::uint64_t>(s);
  // Inexact, finite and even: the neighbour toward the exact sum is odd (an infinite sum stays).
  if (e != 0 && std::isfinite(s) && (bits & 1) == 0) s = std::bit_cast<double>((s > 0) == (e > 0) ? bits + 1 : bits - 1);
  return static_cast<float>(s);
}

}  // namespace

bool compact(ScaledIntMatrix& m) {
  std::vector<double> v;
  if (!m.values.empty()) return true;
  if (!exact_doubles(m, v)) return false;
  m.values = std::move(v);
  m.k = {};
  m.unit = {};
  return true;
}

ScaledIntGemmNt::ScaledIntGemmNt(const ScaledIntMatrix& a, const ScaledIntMatrix& b, const Format* round_once_to, SumPrecision sum)
    : a_(&a), b_(&b), once_(round_once_to), sum_(round_once_to ? SumPrecision::Fp32 : sum) {
  if (a.cols != b.cols || a.block != b.block || a.block <= 0 || a.cols % a.block != 0)
    throw std::invalid_argument("scaled_int_gemm: A is " + std::to_string(a.rows) + "x" + std::to_string(a.cols) + " (block " +
                                std::to_string(a.block) + "), B is " + std::to_string(b.rows) + "x" + std::to_string(b.cols) +
                                " (block " + std::to_string(b.block) + ")");
  if (a.block == 1) {
    const bool fa = !a.values.empty() || exact_doubles(a, da_);
    const bool fb = fa && (!b.values.empty() || exact_doubles(b, db_));
    if (fa && fb && !round_once_to && sum_ == SumPrecision::Fp32) fast_ = true;
    if (fa && fb && round_once_to) {
      const auto& va = a.values.empty() ? da_ : a.values;
      const auto& vb = b.values.empty() ? db_ : b.values;
      int la = 0, ma = 0, lb = 0, mb = 0;
      const bool nonzero = bit_range(va, la, ma) && bit_range(vb, lb, mb);
      lsb_ = nonzero ? la + lb : 0;
      quire_fast_ = !nonzero || (ma + mb) - lsb_ + std::bit_width(static_cast<unsigned>(a.cols)) + 2 <= 126;
    }
  }
  if (a.block > 1 && !round_once_to && sum_ == SumPrecision::Fp32 && pow2_units(a, ea_exp_) && pow2_units(b, eb_exp_)) {
    // |block sum| <= L * max|k_a| * max|k_b| must stay below 2^53.
    const auto max_k = [](const ScaledIntMatrix& m) {
      std::uint64_t x = 0;
      for (auto k : m.k) x = std::max(x, static_cast<std::uint64_t>(k < 0 ? -k : k));
      return x;
    };
    const int bits = std::bit_width(max_k(a)) + std::bit_width(max_k(b)) + std::bit_width(static_cast<unsigned>(a.block));
    block_fast_ = bits <= 53;
  }
  if (fast_ || quire_fast_ || block_fast_) return;
  ea_exp_ = {};
  eb_exp_ = {};
  da_ = {};
  db_ = {};
  if (!a.values.empty()) a_ = &(ea_ = expanded(a));
  if (!b.values.empty()) b_ = &(eb_ = expanded(b));
}

void ScaledIntGemmNt::rows(int begin, int end, std::uint32_t* c) const {
  if (block_fast_) {
    const int K = a_->cols, L = a_->block, nb = K / L;
    for (int i = begin; i < end; ++i) {
      const std::int64_t* ak = &a_->k[static_cast<std::size_t>(i) * static_cast<std::size_t>(K)];
      for (int j = 0; j < b_->rows; ++j) {
        const std::int64_t* bk = &b_->k[static_cast<std::size_t>(j) * static_cast<std::size_t>(K)];
        float acc = 0.0f;
        for (int blk = 0; blk < nb; ++blk) {
          std::int64_t s = 0;
          for (int t = blk * L; t < blk * L + L; ++t) s += ak[t] * bk[t];
          if (s == 0) continue;  // adds +0: the sum stays (it starts at +0 and never becomes -0)
          const int e = ea_exp_[static_cast<std::size_t>(i) * static_cast<std::size_t>(nb) + static_cast<std::size_t>(blk)] +
                        eb_exp_[static_cast<std::size_t>(j) * static_cast<std::size_t>(nb) + static_cast<std::size_t>(blk)];
          acc = fp32_add(acc, std::ldexp(static_cast<double>(s), e));
        }
        c[static_cast<std::size_t>(i) * static_cast<std::size_t>(b_->rows) + static_cast<std::size_t>(j)] = std::bit_cast<std::uint32_t>(acc);
      }
    }
    return;
  }
  if (!fast_ && !quire_fast_) {
    std::vector<std::uint32_t> part;
    scaled_int_gemm_nt_values(*a_, *b_, part, begin, end, once_, sum_);
    const auto n = static_cast<std::size_t>(b_->rows);
    std::copy(part.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(begin) * n),
              part.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(end) * n), c + static_cast<std::size_t>(begin) * n);
    return;
  }
  const double* da = a_->values.empty() ? da_.data() : a_->values.data();
  const double* db = b_->values.empty() ? db_.data() : b_->values.data();
  const auto K = static_cast<std::size_t>(a_->cols);
  if (quire_fast_) {
    for (int i = begin; i < end; ++i) {
      const double* x = da + static_cast<std::size_t>(i) * K;
      for (int j = 0; j < b_->rows; ++j) {
        const double* w = db + static_cast<std::size_t>(j) * K;
        // Two partial sums (even and odd k) overlap; the exact total is the same.
        __int128 s0 = 0, s1 = 0;
        std::size_t k = 0;
        for (; k + 1 < K; k += 2) {
          if (x[k] != 0 && w[k] != 0) s0 += fixed(x[k] * w[k], lsb_);
          if (x[k + 1] != 0 && w[k + 1] != 0) s1 += fixed(x[k + 1] * w[k + 1], lsb_);
        }
        if (k < K && x[k] != 0 && w[k] != 0) s0 += fixed(x[k] * w[k], lsb_);
        const Value sum = from_int128(s0 + s1, lsb_);
        c[static_cast<std::size_t>(i) * static_cast<std::size_t>(b_->rows) + static_cast<std::size_t>(j)] =
            to_fp32_bits(once_->decode(once_->encode(sum, Rounding::NearestEven, Overflow::Saturate, nullptr)));
      }
    }
    return;
  }
  // Four outputs at a time: their sums are independent chains the CPU overlaps.
  constexpr int kLanes = 4;
  const int n = b_->rows;
  for (int i = begin; i < end; ++i) {
    const double* x = da + static_cast<std::size_t>(i) * K;
    for (int j0 = 0; j0 < n; j0 += kLanes) {
      const int lanes = std::min(kLanes, n - j0);
      const double* w[kLanes];
      float acc[kLanes] = {0.0f, 0.0f, 0.0f, 0.0f};
      for (int u = 0; u < lanes; ++u) w[u] = db + static_cast<std::size_t>(j0 + u) * K;
      for (std::size_t k = 0; k < K; ++k) {
        if (x[k] == 0) continue;
        // Products of zero add nothing (a sum starts at +0 and never becomes -0).
        for (int u = 0; u < lanes; ++u)
          if (w[u][k] != 0) acc[u] = fp32_add(acc[u], x[k] * w[u][k]);
      }
      for (int u = 0; u < lanes; ++u)
        c[static_cast<std::size_t>(i) * static_cast<std::size_t>(n) + static_cast<std::size_t>(j0 + u)] = std::bit_cast<std::uint32_t>(acc[u]);
    }
  }
}

void scaled_int_gemm_nt(const ScaledIntMatrix& a, const ScaledIntMatrix& b, std::vector<std::uint32_t>& c,
                        int row_begin, int row_end, const Format* round_once_to, SumPrecision sum) {
  const ScaledIntGemmNt g(a, b, round_once_to, sum);
  c.resize(static_cast<std::size_t>(a.rows) * static_cast<std::size_t>(b.rows));
  g.rows(row_begin, row_end, c.data());
}

void scaled_int_gemm_nt_values(const ScaledIntMatrix& a, const ScaledIntMatrix& b, std::vector<std::uint32_t>& c, int row_begin,
                               int row_end, const Format* round_once_to, SumPrecision sum) {
  const Format& fp16 = find_format("fp16");
  const auto to_fp16 = [&](const Value& v) { return fp16.decode(fp16.encode(v, Rounding::NearestEven, Overflow::NoSaturate, nullptr)); };
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
      Value acc16 = Value::zero();
      parts.clear();
      for (int k0 = 0; k0 < K; k0 += L) {
        __int128 s = 0;
        for (int t = k0; t < k0 + L; ++t) s += static_cast<__int128>(ak[t]) * bk[t];
        // unit_a * unit_b first (<= 24-bit each: exact), then one multiply by the
        // integer sum, so a result wider than 64 bits is truncated (with sticky) once.
        const Value v = mul(from_int128(s, 0), mul(a.unit_of(i, k0), b.unit_of(j, k0)));
        if (round_once_to) parts.push_back(v);
        else if (sum == SumPrecision::Fp16) acc16 = to_fp16(add(acc16, to_fp16(v)));
        else acc.add(v);
      }
      std::uint32_t out = sum == SumPrecision::Fp16 && !round_once_to ? to_fp32_bits(acc16) : acc.bits();
      if (round_once_to) out = to_fp32_bits(round_once_to->decode(round_once_to->encode(exact_sum(parts), Rounding::NearestEven, Overflow::Saturate, nullptr)));
      c[static_cast<std::size_t>(i) * static_cast<std::size_t>(b.rows) + static_cast<std::size_t>(j)] = out;
    }
  }
}

}  // namespace qmac::golden
