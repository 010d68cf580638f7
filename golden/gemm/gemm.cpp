#include "golden/gemm/gemm.hpp"

#include <bit>
#include <memory>
#include <span>
#include <stdexcept>

#include "golden/arith/value_arith.hpp"
#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/mac/element_int_table.hpp"
#include "golden/mac/fp32_accumulator.hpp"
#include "golden/mac/int_accumulator.hpp"
#include "golden/mac/kulisch_accumulator.hpp"
#include "golden/mac/mx_dot.hpp"
#include "golden/mac/posit_quire.hpp"

namespace qmac::golden {
namespace {

struct Operands {
  const Format* fa;
  const Format* fb;
  bool block;
  int steps;  // per output: K (scalar) or K/block
  int step_len;
};

Operands resolve(const GemmSpec& s, const GemmOperand& a, const GemmOperand& b) {
  const Format& fa = find_format(s.a_format);
  const Format& fb = find_format(s.b_format);
  if (fa.is_block() != fb.is_block())
    throw std::invalid_argument("GEMM: cannot mix a block format with a scalar one ('" + fa.name + "', '" + fb.name + "')");
  if (a.cols != b.rows)
    throw std::invalid_argument("GEMM: A is " + std::to_string(a.rows) + "x" + std::to_string(a.cols) + " but B is " +
                                std::to_string(b.rows) + "x" + std::to_string(b.cols));
  const bool blk = fa.is_block();
  if (fa.has_scalar_element() != fb.has_scalar_element())
    throw std::invalid_argument("GEMM: dialectfp4 multiplies only dialectfp4 ('" + fa.name + "', '" + fb.name + "')");
  if (blk && (s.block <= 0 || a.cols % s.block != 0))
    throw std::invalid_argument("GEMM: K = " + std::to_string(a.cols) + " is not a multiple of the block size " +
                                std::to_string(s.block));
  return {&fa, &fb, blk, blk ? a.cols / s.block : a.cols, blk ? s.block : 1};
}

// The exact contribution of one step to output (i, j).
class StepSource {
 public:
  StepSource(const Operands& o, const GemmOperand& a, const GemmOperand& b) : o_(o), a_(a), b_(b) {
    dialect_ = o.block && !o.fa->has_scalar_element();
    if (dialect_) {
      col_.resize(static_cast<std::size_t>(o.step_len));
      const auto blocks = static_cast<std::size_t>(a.rows) * static_cast<std::size_t>(a.cols / o.step_len);
      if (a.dialects.size() != blocks || a.scales.size() != blocks ||
          b.dialects.size() != static_cast<std::size_t>(b.rows / o.step_len) * static_cast<std::size_t>(b.cols) ||
          b.scales.size() != b.dialects.size())
        throw std::invalid_argument("GEMM: dialectfp4 operands need one scale and one dialect id per block");
    } else if (o.block) {
      ta_ = &ElementIntTable::of(find_format(o.fa->element));
      tb_ = &ElementIntTable::of(find_format(o.fb->element));
      col_.resize(static_cast<std::size_t>(o.step_len));
    } else if (has_int_table(*o.fa) && has_int_table(*o.fb) && a.wide.empty() && b.wide.empty()) {
      ta_ = &ElementIntTable::of(*o.fa);
      tb_ = &ElementIntTable::of(*o.fb);
    }
  }
  static bool has_int_table(const Format& f) {
    return f.bits <= 8 && (f.kind == FormatKind::Float || f.kind == FormatKind::Integer);
  }
  Term step(int i, int j, int s) {
    if (!o_.block) {
      if (ta_ && !ta_->special[a_.code(i, s)] && !tb_->special[b_.code(s, j)])
        return from_int128(static_cast<__int128>(ta_->k[a_.code(i, s)]) * tb_->k[b_.code(s, j)], ta_->lsb_exp + tb_->lsb_exp);
      return mul(o_.fa->decode(a_.code(i, s)), o_.fb->decode(b_.code(s, j)));
    }
    const int k0 = s * o_.step_len;
    const std::size_t kb = static_cast<std::size_t>(a_.cols / o_.step_len);
    for (int t = 0; t < o_.step_len; ++t) col_[static_cast<std::size_t>(t)] = static_cast<std::uint8_t>(b_.code(k0 + t, j));
    const std::span<const std::uint8_t> arow(&a_.codes[static_cast<std::size_t>(i) * static_cast<std::size_t>(a_.cols) + static_cast<std::size_t>(k0)],
                                             static_cast<std::size_t>(o_.step_len));
    if (dialect_) {
      const std::size_t ia = static_cast<std::size_t>(i) * kb + static_cast<std::size_t>(s);
      const std::size_t ib = static_cast<std::size_t>(s) * static_cast<std::size_t>(b_.cols) + static_cast<std::size_t>(j);
      return dialect_block_dot({a_.scales[ia], a_.dialects[ia]}, arow, {b_.scales[ib], b_.dialects[ib]}, col_);
    }
    return mx_block_dot(*ta_, a_.scales[static_cast<std::size_t>(i) * kb + static_cast<std::size_t>(s)], arow, *tb_,
                        b_.scales[static_cast<std::size_t>(s) * static_cast<std::size_t>(b_.cols) + static_cast<std::size_t>(j)], col_);
  }
 private:
  const Operands& o_;
  const GemmOperand& a_;
  const GemmOperand& b_;
  const ElementIntTable* ta_ = nullptr;
  const ElementIntTable* tb_ = nullptr;
  bool dialect_ = false;
  std::vector<std::uint8_t> col_;
};

// LSB and magnitude bound (log2) of one step, for sizing the Kulisch register.
std::pair<int, int> step_range(const Operands& o) {
  auto lsb = [](const Format& f) { return f.min_positive.log2_floor(); };
  auto top = [](const Format& f) { return f.max_finite.log2_floor() + 1; };
  if (!o.block) return {lsb(*o.fa) + lsb(*o.fb), top(*o.fa) + top(*o.fb)};
  if (!o.fa->has_scalar_element()) {
    // Half-unit products (|hu| <= 15) at 2^(Es_a + Es_b - 2), Es in [-127, 127].
    const int len_bits = std::bit_width(static_cast<unsigned>(o.step_len));
    return {-256, 8 + 254 + len_bits};
  }
  const Format& ea = find_format(o.fa->element);
  const Format& eb = find_format(o.fb->element);
  const int len_bits = std::bit_width(static_cast<unsigned>(o.step_len));
  return {lsb(ea) + lsb(eb) - 254, top(ea) + top(eb) + 254 + len_bits};
}

}  // namespace

void validate(const GemmSpec& spec, const GemmOperand& a, const GemmOperand& b) {
  const Operands o = resolve(spec, a, b);
  switch (spec.acc) {
    case AccumulatorKind::Int:
      // Plain integers only (LSB 1): the MXINT8 element is k/64 and accumulates as a block.
      if (o.fa->kind != FormatKind::Integer || o.fb->kind != FormatKind::Integer || o.block ||
          o.fa->min_positive.log2_floor() != 0 || o.fb->min_positive.log2_floor() != 0)
        throw std::invalid_argument("GEMM: the integer accumulator needs integer operands (int8/int4)");
      if (spec.int_width < 2 || spec.int_width > 64) throw std::invalid_argument("GEMM: int_width must be 2..64");
      break;
    case AccumulatorKind::Quire:
      if (o.fa->kind != FormatKind::Posit || o.fb->kind != FormatKind::Posit || !(o.fa->posit == o.fb->posit))
        throw std::invalid_argument("GEMM: the quire needs two operands of the same posit format");
      break;
    case AccumulatorKind::Fp32:
    case AccumulatorKind::Kulisch:
      if (o.fa->kind == FormatKind::Posit || o.fb->kind == FormatKind::Posit)
        throw std::invalid_argument("GEMM: posit operands accumulate in the quire");
      break;
  }
  if (spec.order.chunk < 0) throw std::invalid_argument("GEMM: order.chunk must be >= 0");
}

void validate(const GemmSpec& spec) {
  GemmOperand a, b;
  const int k = find_format(spec.a_format).is_block() ? spec.block : 1;
  a.rows = 1; a.cols = k; b.rows = k; b.cols = 1;
  validate(spec, a, b);
}

GemmResult gemm(const GemmSpec& spec, const GemmOperand& a, const GemmOperand& b) {
  validate(spec, a, b);
  const Operands o = resolve(spec, a, b);
  StepSource src(o, a, b);
  GemmResult r;
  r.rows = a.rows;
  r.cols = b.cols;
  const std::size_t n_out = static_cast<std::size_t>(a.rows) * static_cast<std::size_t>(b.cols);
  r.c.resize(n_out);
  const int chunk = spec.order.chunk > 0 ? spec.order.chunk : o.steps;

  switch (spec.acc) {
    case AccumulatorKind::Fp32: {
      r.output = "fp32";
      for (int i = 0; i < a.rows; ++i)
        for (int j = 0; j < b.cols; ++j) {
          Fp32Accumulator out;
          for (int s0 = 0; s0 < o.steps; s0 += chunk) {
            if (chunk == o.steps) {
              for (int s = 0; s < o.steps; ++s) out.add(src.step(i, j, s));
              break;
            }
            Fp32Accumulator part;
            for (int s = s0; s < std::min(o.steps, s0 + chunk); ++s) part.add(src.step(i, j, s));
            out.add(part.value());
          }
          r.c[static_cast<std::size_t>(i) * static_cast<std::size_t>(b.cols) + static_cast<std::size_t>(j)] = out.bits();
        }
      break;
    }
    case AccumulatorKind::Kulisch: {
      r.output = "fp32";
      const auto [lsb, top] = step_range(o);
      const int width = top - lsb + std::bit_width(static_cast<unsigned>(o.steps)) + 2;
      for (int i = 0; i < a.rows; ++i)
        for (int j = 0; j < b.cols; ++j) {
          KulischAccumulator acc(width, lsb);
          bool nan = false, pinf = false, ninf = false;
          for (int s = 0; s < o.steps; ++s) {
            const Term t = src.step(i, j, s);
            const Value v = t.integer ? Value::zero() : t.v;
            if (v.is_nan()) nan = true;
            else if (v.is_inf()) (v.neg ? ninf : pinf) = true;
            else acc.add(t);
          }
          const Value res = nan || (pinf && ninf) ? Value::nan() : (pinf || ninf) ? Value::inf(ninf) : acc.value();
          r.c[static_cast<std::size_t>(i) * static_cast<std::size_t>(b.cols) + static_cast<std::size_t>(j)] = to_fp32_bits(res);
        }
      break;
    }
    case AccumulatorKind::Int: {
      r.output = "int" + std::to_string(spec.int_width);
      r.c_int.resize(n_out);
      const ElementIntTable& int_a = ElementIntTable::of(*o.fa);
      const ElementIntTable& int_b = ElementIntTable::of(*o.fb);
      for (int i = 0; i < a.rows; ++i)
        for (int j = 0; j < b.cols; ++j) {
          IntAccumulator acc(spec.int_width);
          for (int s = 0; s < o.steps; ++s) acc.add(int_a.k[a.code(i, s)] * int_b.k[b.code(s, j)]);
          const auto idx = static_cast<std::size_t>(i) * static_cast<std::size_t>(b.cols) + static_cast<std::size_t>(j);
          r.c_int[idx] = acc.value();
          r.c[idx] = static_cast<std::uint64_t>(acc.value()) &
                     (spec.int_width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << spec.int_width) - 1);
        }
      break;
    }
    case AccumulatorKind::Quire: {
      r.output = o.fa->name;
      PositQuire q(o.fa->posit);
      for (int i = 0; i < a.rows; ++i)
        for (int j = 0; j < b.cols; ++j) {
          q.clear();
          for (int s = 0; s < o.steps; ++s) q.add_product(a.code(i, s), b.code(s, j));
          r.c[static_cast<std::size_t>(i) * static_cast<std::size_t>(b.cols) + static_cast<std::size_t>(j)] = q.to_posit();
        }
      break;
    }
  }
  return r;
}

}  // namespace qmac::golden
