#include "golden/gemm/fp32_sum_kernels.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "golden/arith/value_arith.hpp"
#include "golden/mac/fp32_accumulator.hpp"

namespace qmac::golden {
namespace {

// GCC/Clang vector extensions of 16 bytes, the width every x86-64 has (SSE2):
// plain C++ arithmetic the compiler keeps in registers.
typedef float F4 __attribute__((vector_size(16)));
typedef float F2 __attribute__((vector_size(8)));
typedef double D2 __attribute__((vector_size(16)));
typedef std::int32_t I4 __attribute__((vector_size(16)));

constexpr int kLanes = 8;                 // rows per panel
constexpr int kF = kLanes / 4, kD = kLanes / 2;  // vectors per panel
// Independent chains enough to hide the adder's latency, few enough to stay in
// 16 SSE registers: 32 float lanes (8 registers), 16 double lanes (8).
constexpr int kFloatPanels = 4, kDoublePanels = 2;

D2 load_d2(const double* p) {
  D2 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
F4 load_f4(const float* p) {
  F4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// RNE_fp32(acc + p) for p exact in double: acc + p rounded to odd in double
// (RNE sum, its error by TwoSum, then the odd neighbour), then to FP32
// (Boldo & Melquiond, IEEE TC 2008). value_arith's fp32_add_exact gives the
// same bits (the tests hold them equal) at a fifth of the speed.
double add_odd(double acc, double p) {
  double s = acc + p;
  const double bb = s - acc;
  const double e = (acc - (s - bb)) + (p - bb);
  const auto bits = std::bit_cast<std::uint64_t>(s);
  // Inexact, finite and even: the neighbour toward the exact sum is odd (an infinite sum stays).
  if (e != 0 && std::isfinite(s) && (bits & 1) == 0) s = std::bit_cast<double>((s > 0) == (e > 0) ? bits + 1 : bits - 1);
  return static_cast<double>(static_cast<float>(s));
}

// acc = RNE_fp32(acc + p), two lanes, for acc FP32 values held in double and p exact.
D2 add_rne_fp32(D2 acc, D2 p) {
  const D2 s = acc + p;
  // RNE_53 then RNE_24 is RNE_24 unless s lands on an FP32 midpoint (the 29 bits below
  // FP32's precision 100..0: RNE_53 is monotone and keeps every midpoint) or in FP32's
  // subnormals; those lanes (rare) take the round-to-odd sum.
  I4 w;
  std::memcpy(&w, &s, sizeof w);
  const I4 mid = (w & 0x1FFFFFFF) == 0x10000000;  // low words: lanes 0 and 2
  const double a0 = std::abs(s[0]), a1 = std::abs(s[1]);
  if (mid[0] || mid[2] || (a0 < 0x1p-126 && a0 != 0) || (a1 < 0x1p-126 && a1 != 0))
    return D2{add_odd(acc[0], p[0]), add_odd(acc[1], p[1])};
  return __builtin_convertvector(__builtin_convertvector(s, F2), D2);
}

template <class T>
std::vector<T> pack(const double* a, int m, int k) {
  const int panels = (m + kLanes - 1) / kLanes;
  std::vector<T> out(static_cast<std::size_t>(panels) * static_cast<std::size_t>(k) * kLanes, T{0});
  for (int r = 0; r < m; ++r)
    for (int t = 0; t < k; ++t)
      out[(static_cast<std::size_t>(r / kLanes) * static_cast<std::size_t>(k) + static_cast<std::size_t>(t)) * kLanes +
          static_cast<std::size_t>(r % kLanes)] = static_cast<T>(a[static_cast<std::size_t>(r) * static_cast<std::size_t>(k) + static_cast<std::size_t>(t)]);
  return out;
}

// Writes lane u of panel p's sums (vectors v[0..]) for row 8p+u if it lies in [begin, end): as FP32 bits, or as doubles.
template <class V>
void store(const V* v, int p, int begin, int end, int n, int j, std::uint32_t* c) {
  constexpr int per = static_cast<int>(sizeof(V) / sizeof(v[0][0]));
  for (int u = 0; u < kLanes; ++u) {
    const int row = p * kLanes + u;
    if (row >= begin && row < end)
      c[static_cast<std::size_t>(row) * static_cast<std::size_t>(n) + static_cast<std::size_t>(j)] =
          std::bit_cast<std::uint32_t>(static_cast<float>(v[u / per][u % per]));
  }
}
void store(const D2* v, int p, int begin, int end, int n, int j, double* c) {
  for (int u = 0; u < kLanes; ++u) {
    const int row = p * kLanes + u;
    if (row >= begin && row < end) c[static_cast<std::size_t>(row) * static_cast<std::size_t>(n) + static_cast<std::size_t>(j)] = v[u / 2][u % 2];
  }
}

const double* panel_at(const double* panels, int k, int p, int t) {
  return panels + (static_cast<std::size_t>(p) * static_cast<std::size_t>(k) + static_cast<std::size_t>(t)) * kLanes;
}
const float* panel_at(const float* panels, int k, int p, int t) {
  return panels + (static_cast<std::size_t>(p) * static_cast<std::size_t>(k) + static_cast<std::size_t>(t)) * kLanes;
}

template <int G>
void float_panels(const float* panels, int k, const double* b, int n, int p0, int begin, int end, std::uint32_t* c, float* brow) {
  for (int j = 0; j < n; ++j) {
    const double* bj = b + static_cast<std::size_t>(j) * static_cast<std::size_t>(k);
    for (int t = 0; t < k; ++t) brow[t] = static_cast<float>(bj[t]);  // exact: every value fits float
    F4 acc[G * kF] = {};
    for (int t = 0; t < k; ++t) {
      const F4 w = F4{} + brow[t];
      for (int g = 0; g < G; ++g)
        for (int v = 0; v < kF; ++v)
          // x * w is exact, so this is RNE_fp32(acc + product), also if the compiler fuses it.
          // Adding a zero product leaves acc (which starts at +0 and never becomes -0).
          acc[g * kF + v] += load_f4(panel_at(panels, k, p0 + g, t) + 4 * v) * w;
    }
    for (int g = 0; g < G; ++g) store(acc + g * kF, p0 + g, begin, end, n, j, c);
  }
}

template <int G>
void odd_panels(const double* panels, int k, const double* b, int n, int p0, int begin, int end, std::uint32_t* c) {
  for (int j = 0; j < n; ++j) {
    const double* bj = b + static_cast<std::size_t>(j) * static_cast<std::size_t>(k);
    D2 acc[G * kD] = {};  // FP32 values, held in double
    for (int t = 0; t < k; ++t) {
      const D2 w = D2{} + bj[t];
      for (int g = 0; g < G; ++g)
        for (int v = 0; v < kD; ++v) acc[g * kD + v] = add_rne_fp32(acc[g * kD + v], load_d2(panel_at(panels, k, p0 + g, t) + 2 * v) * w);
    }
    for (int g = 0; g < G; ++g) store(acc + g * kD, p0 + g, begin, end, n, j, c);
  }
}

template <int G>
void double_panels(const double* panels, int k, const std::uint32_t* b, int n, int p0, int begin, int end, double* c, double* brow) {
  for (int j = 0; j < n; ++j) {
    const std::uint32_t* bj = b + static_cast<std::size_t>(j) * static_cast<std::size_t>(k);
    for (int t = 0; t < k; ++t) brow[t] = static_cast<double>(std::bit_cast<float>(bj[t]));
    D2 acc[G * kD] = {};
    for (int t = 0; t < k; ++t) {
      const D2 w = D2{} + brow[t];
      for (int g = 0; g < G; ++g)
        for (int v = 0; v < kD; ++v) acc[g * kD + v] += load_d2(panel_at(panels, k, p0 + g, t) + 2 * v) * w;
    }
    for (int g = 0; g < G; ++g) store(acc + g * kD, p0 + g, begin, end, n, j, c);
  }
}

// The block dots of G panels against one B row (as doubles): s[(g * blocks + blk) * kD + v], exact.
template <int G>
void dots(const double* panels, int k, int block, const double* brow, int p0, D2* s) {
  const int nb = k / block;
  for (int blk = 0; blk < nb; ++blk) {
    D2 acc[G * kD] = {};
    for (int t = blk * block; t < (blk + 1) * block; ++t) {
      const D2 w = D2{} + brow[t];
      for (int g = 0; g < G; ++g)
        for (int v = 0; v < kD; ++v) acc[g * kD + v] += load_d2(panel_at(panels, k, p0 + g, t) + 2 * v) * w;  // integers below 2^53: exact
    }
    for (int g = 0; g < G; ++g)
      for (int v = 0; v < kD; ++v) s[(g * nb + blk) * kD + v] = acc[g * kD + v];
  }
}

void int_row(const std::int64_t* b, int k, double* out) {
  for (int t = 0; t < k; ++t) out[t] = static_cast<double>(b[t]);
}

template <int G>
void pow2_panels(const double* panels, const double* a_scale, int k, int block, const std::int64_t* b_k, const int* b_exp, int n, int p0,
                 int begin, int end, std::uint32_t* c, double* brow, D2* s) {
  const int nb = k / block;
  for (int j = 0; j < n; ++j) {
    int_row(b_k + static_cast<std::size_t>(j) * static_cast<std::size_t>(k), k, brow);
    dots<G>(panels, k, block, brow, p0, s);
    const int* eb = b_exp + static_cast<std::size_t>(j) * static_cast<std::size_t>(nb);
    D2 acc[G * kD] = {};
    for (int blk = 0; blk < nb; ++blk) {
      const double sb = std::ldexp(1.0, eb[blk]);
      for (int g = 0; g < G; ++g)
        for (int v = 0; v < kD; ++v) {
          // 2^ea * 2^eb * sum: exact (exponents within +-400, sums below 2^53).
          const D2 sa = load_d2(panel_at(a_scale, nb, p0 + g, blk) + 2 * v);
          acc[g * kD + v] = add_rne_fp32(acc[g * kD + v], s[(g * nb + blk) * kD + v] * (sa * sb));
        }
    }
    for (int g = 0; g < G; ++g) store(acc + g * kD, p0 + g, begin, end, n, j, c);
  }
}

// The panels covering rows [begin, end), `at_once` at a time.
template <class Run>
void by_panels(int begin, int end, int at_once, const Run& run) {
  if (end <= begin) return;
  const int last = (end - 1) / kLanes;
  for (int p = begin / kLanes; p <= last; p += at_once) run(p, std::min(at_once, last - p + 1));
}

}  // namespace

std::vector<float> pack_panels_float(const double* a, int m, int k) { return pack<float>(a, m, k); }
std::vector<double> pack_panels_double(const double* a, int m, int k) { return pack<double>(a, m, k); }

void fp32_sums_float(const float* panels, int k, const double* b, int n, int begin, int end, std::uint32_t* c) {
  std::vector<float> brow(static_cast<std::size_t>(k));
  by_panels(begin, end, kFloatPanels, [&](int p, int g) {
    switch (g) {
      case 4: float_panels<4>(panels, k, b, n, p, begin, end, c, brow.data()); break;
      case 3: float_panels<3>(panels, k, b, n, p, begin, end, c, brow.data()); break;
      case 2: float_panels<2>(panels, k, b, n, p, begin, end, c, brow.data()); break;
      default: float_panels<1>(panels, k, b, n, p, begin, end, c, brow.data()); break;
    }
  });
}

void fp32_sums_odd(const double* panels, int k, const double* b, int n, int begin, int end, std::uint32_t* c) {
  by_panels(begin, end, kDoublePanels, [&](int p, int g) {
    if (g == 2) odd_panels<2>(panels, k, b, n, p, begin, end, c);
    else odd_panels<1>(panels, k, b, n, p, begin, end, c);
  });
}

std::vector<double> pack_panels_exponents(const std::vector<int>& exps, int m, int blocks) {
  std::vector<double> scales(exps.size());
  for (std::size_t i = 0; i < exps.size(); ++i) scales[i] = std::ldexp(1.0, exps[i]);
  return pack<double>(scales.data(), m, blocks);
}

void fp32_block_sums_pow2(const double* panels, const double* a_scale, int k, int block, const std::int64_t* b_k, const int* b_exp,
                          int n, int begin, int end, std::uint32_t* c) {
  std::vector<double> brow(static_cast<std::size_t>(k));
  std::vector<D2> s(static_cast<std::size_t>(kDoublePanels * kD) * static_cast<std::size_t>(k / block));
  by_panels(begin, end, kDoublePanels, [&](int p, int g) {
    if (g == 2) pow2_panels<2>(panels, a_scale, k, block, b_k, b_exp, n, p, begin, end, c, brow.data(), s.data());
    else pow2_panels<1>(panels, a_scale, k, block, b_k, b_exp, n, p, begin, end, c, brow.data(), s.data());
  });
}

void fp32_block_sums_units(const double* panels, const ScaledIntMatrix& a, const ScaledIntMatrix& b, int begin, int end, std::uint32_t* c) {
  const int k = a.cols, block = a.block, nb = k / block, n = b.rows;
  std::vector<double> brow(static_cast<std::size_t>(k));
  std::vector<D2> s(static_cast<std::size_t>(kDoublePanels * kD) * static_cast<std::size_t>(nb));
  by_panels(begin, end, kDoublePanels, [&](int p, int g_here) {
    for (int j = 0; j < n; ++j) {
      int_row(&b.k[static_cast<std::size_t>(j) * static_cast<std::size_t>(k)], k, brow.data());
      if (g_here == 2) dots<2>(panels, k, block, brow.data(), p, s.data());
      else dots<1>(panels, k, block, brow.data(), p, s.data());
      for (int g = 0; g < g_here; ++g)
        for (int u = 0; u < kLanes; ++u) {
          const int i = (p + g) * kLanes + u;
          if (i < begin || i >= end) continue;
          Fp32Accumulator acc;
          for (int blk = 0; blk < nb; ++blk) {
            const auto sum = static_cast<std::int64_t>(s[static_cast<std::size_t>((g * nb + blk) * kD + u / 2)][u % 2]);
            acc.add(mul(from_int128(sum, 0), mul(a.unit_of(i, blk * block), b.unit_of(j, blk * block))));
          }
          c[static_cast<std::size_t>(i) * static_cast<std::size_t>(n) + static_cast<std::size_t>(j)] = acc.bits();
        }
    }
  });
}

void double_sums(const double* panels, int k, const std::uint32_t* b_fp32, int n, int begin, int end, double* c) {
  std::vector<double> brow(static_cast<std::size_t>(k));
  by_panels(begin, end, kDoublePanels, [&](int p, int g) {
    if (g == 2) double_panels<2>(panels, k, b_fp32, n, p, begin, end, c, brow.data());
    else double_panels<1>(panels, k, b_fp32, n, p, begin, end, c, brow.data());
  });
}

}  // namespace qmac::golden
