#include "sim/explore/grid_ops.hpp"

#include <algorithm>
#include <numeric>
#include <optional>

namespace qmac::explore {

void pad_k(tensors::Tensor& t, std::int64_t k) {
  const std::int64_t rows = t.rows(), cols = t.cols();
  if (k == cols) return;
  std::vector<std::uint32_t> v(static_cast<std::size_t>(rows * k), 0u);
  for (std::int64_t r = 0; r < rows; ++r)
    std::copy_n(t.fp32.begin() + r * cols, cols, v.begin() + r * k);
  t.fp32 = std::move(v);
  t.shape.back() = k;
}

golden::ScaledIntMatrix reblocked(const golden::ScaledIntMatrix& g, int block) {
  if (g.block == block) return g;
  golden::ScaledIntMatrix o;
  o.rows = g.rows;
  o.cols = g.cols;
  o.block = block;
  o.k = g.k;
  const int per = g.block / block;
  o.unit.reserve(g.unit.size() * static_cast<std::size_t>(per));
  for (const auto& u : g.unit)
    for (int i = 0; i < per; ++i) o.unit.push_back(u);
  return o;
}

void with_gemm(const golden::ScaledIntMatrix& a, const golden::ScaledIntMatrix& b, const golden::Format* round_once_to,
               golden::SumPrecision sum, const std::function<void(const golden::ScaledIntGemmNt&)>& use) {
  const int block = std::gcd(a.block, b.block);
  std::optional<golden::ScaledIntMatrix> ra, rb;
  if (a.block != block) ra = reblocked(a, block);
  if (b.block != block) rb = reblocked(b, block);
  const golden::ScaledIntGemmNt gemm(ra ? *ra : a, rb ? *rb : b, round_once_to, sum);
  use(gemm);
}

}  // namespace qmac::explore
