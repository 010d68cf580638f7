#include "golden/gemm/scaled_int_gemm.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <stdexcept>
#include <string>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/gemm/fp32_sum_kernels.hpp"
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

// Over the nonzero values: the lowest set bit, the highest bit position (value < 2^msb) and the widest significand.
struct BitRange {
  int lsb = 0, msb = 0, sig = 0;
  bool any = false;
};
BitRange bit_range(const std::vector<double>& v) {
  BitRange r;
  for (double d : v) {
    if (d == 0) continue;
    int e = 0;
    const auto m = static_cast<std::uint64_t>(std::ldexp(std::frexp(std::abs(d), &e), 53));
    const int lo = e - 53 + std::countr_zero(m), width = e - lo;
    r.lsb = r.any ? std::min(r.lsb, lo) : lo;
    r.msb = r.any ? std::max(r.msb, e) : e;
    r.sig = std::max(r.sig, width);
    r.any = true;
  }
  return r;
}

// Every value and every product of an A value with a B value exact in float (so native FP32 sums are the definition).
bool float_exact(const BitRange& a, const BitRange& b) {
  if (!a.any || !b.any) return true;
  const auto fits = [](const BitRange& r) { return r.sig <= 24 && r.lsb >= -149 && r.msb <= 128; };
  return fits(a) && fits(b) && a.sig + b.sig <= 24 && a.lsb + b.lsb >= -149 && a.msb + b.msb <= 128;
}

// The values of one row as integers in units of 2^lsb (each exact: the caller checked they fit 62 bits).
void to_units(const double* v, std::size_t n, int lsb, std::int64_t* out) {
  const double scale = std::ldexp(1.0, -lsb);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::int64_t>(v[i] * scale);
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
      const BitRange ra = bit_range(va), rb = bit_range(vb);
      const bool nonzero = ra.any && rb.any;
      // Each operand an int64 in units of its lowest bit; their products sum in 128 bits.
      lsb_a_ = ra.lsb;
      lsb_b_ = rb.lsb;
      lsb_ = nonzero ? ra.lsb + rb.lsb : 0;
      const auto int64s = [](const BitRange& r) { return !r.any || (r.msb - r.lsb <= 62 && r.lsb >= -1000); };
      quire_fast_ = int64s(ra) && int64s(rb) &&
                    (!nonzero || (ra.msb + rb.msb) - lsb_ + std::bit_width(static_cast<unsigned>(a.cols)) + 2 <= 126);
    }
    if (fast_) {
      const auto& va = a.values.empty() ? da_ : a.values;
      if (float_exact(bit_range(va), bit_range(b.values.empty() ? db_ : b.values)))
        panels_f_ = pack_panels_float(va.data(), a.rows, a.cols);
      else
        panels_d_ = pack_panels_double(va.data(), a.rows, a.cols);
      da_ = {};  // A lives in the panels now
    }
  }
  if (a.block > 1 && !round_once_to && sum_ == SumPrecision::Fp32 && a.values.empty() && b.values.empty()) {
    // |block sum| <= L * max|k_a| * max|k_b| must stay below 2^53.
    const auto max_k = [](const ScaledIntMatrix& m) {
      std::uint64_t x = 0;
      for (auto k : m.k) x = std::max(x, static_cast<std::uint64_t>(k < 0 ? -k : k));
      return x;
    };
    const int bits = std::bit_width(max_k(a)) + std::bit_width(max_k(b)) + std::bit_width(static_cast<unsigned>(a.block));
    block_fast_ = bits <= 53;
    if (block_fast_) {
      const std::vector<double> ka(a.k.begin(), a.k.end());
      panels_d_ = pack_panels_double(ka.data(), a.rows, a.cols);
      if (pow2_units(a, ea_exp_) && pow2_units(b, eb_exp_)) a_scale_ = pack_panels_exponents(ea_exp_, a.rows, a.cols / a.block);
      else eb_exp_ = {};
      ea_exp_ = {};
    }
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
    if (!a_scale_.empty()) fp32_block_sums_pow2(panels_d_.data(), a_scale_.data(), a_->cols, a_->block, b_->k.data(), eb_exp_.data(), b_->rows, begin, end, c);
    else fp32_block_sums_units(panels_d_.data(), *a_, *b_, begin, end, c);
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
  const double* db = b_->values.empty() ? db_.data() : b_->values.data();
  const int K = a_->cols, n = b_->rows;
  if (fast_) {
    if (!panels_f_.empty()) fp32_sums_float(panels_f_.data(), K, db, n, begin, end, c);
    else fp32_sums_odd(panels_d_.data(), K, db, n, begin, end, c);
    return;
  }
  // The quire: A's rows and each B row as integers, their products summed exactly in 128 bits.
  const double* da = a_->values.empty() ? da_.data() : a_->values.data();
  const auto k = static_cast<std::size_t>(K);
  std::vector<std::int64_t> ia(static_cast<std::size_t>(std::max(0, end - begin)) * k), ib(k);
  for (int i = begin; i < end; ++i) to_units(da + static_cast<std::size_t>(i) * k, k, lsb_a_, &ia[static_cast<std::size_t>(i - begin) * k]);
  for (int j = 0; j < n; ++j) {
    to_units(db + static_cast<std::size_t>(j) * k, k, lsb_b_, ib.data());
    for (int i = begin; i < end; ++i) {
      const std::int64_t* x = &ia[static_cast<std::size_t>(i - begin) * k];
      // Two partial sums (even and odd k) overlap; the exact total is the same.
      __int128 s0 = 0, s1 = 0;
      std::size_t t = 0;
      for (; t + 1 < k; t += 2) {
        s0 += static_cast<__int128>(x[t]) * ib[t];
        s1 += static_cast<__int128>(x[t + 1]) * ib[t + 1];
      }
      if (t < k) s0 += static_cast<__int128>(x[t]) * ib[t];
      const Value sum = from_int128(s0 + s1, lsb_);
      c[static_cast<std::size_t>(i) * static_cast<std::size_t>(n) + static_cast<std::size_t>(j)] =
          to_fp32_bits(once_->decode(once_->encode(sum, Rounding::NearestEven, Overflow::Saturate, nullptr)));
    }
  }
}

ScaledIntGemmNt::Path ScaledIntGemmNt::path() const {
  if (block_fast_) return Path::Blocks;
  if (quire_fast_) return Path::Quire;
  if (fast_) return panels_f_.empty() ? Path::Fp32Odd : Path::Fp32Float;
  return Path::Values;
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
