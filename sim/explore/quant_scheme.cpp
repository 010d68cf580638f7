#include <bit>
#include "sim/explore/quant_scheme.hpp"

#include <algorithm>
#include <regex>
#include <span>
#include <stdexcept>

#include "golden/arith/value_arith.hpp"
#include "golden/block/int_group_quantizer.hpp"
#include "golden/block/mx_quantizer.hpp"
#include "golden/block/nf4_quantizer.hpp"
#include "golden/block/tensor_scale_quantizer.hpp"
#include "golden/formats/dialectfp4.hpp"
#include "golden/formats/e8m0.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/mac/element_int_table.hpp"

namespace qmac::explore {
namespace {

using golden::Value;

// A value as k * unit with unit a power of two (block = 1 grids).
void put_value(const Value& v, std::int64_t& k, Value& unit) {
  if (v.is_nan()) {
    k = 1;
    unit = Value::nan();
  } else if (v.is_inf()) {
    k = v.neg ? -1 : 1;
    unit = Value::inf();
  } else if (v.is_zero()) {
    k = 0;
    unit = Value::finite(false, 1, 0);
  } else {
    k = v.neg ? -static_cast<std::int64_t>(v.sig) : static_cast<std::int64_t>(v.sig);
    unit = Value::finite(false, 1, v.exp);
  }
}

bool above(std::uint32_t x, const Value& limit) { return golden::compare(golden::from_fp32_bits(x & 0x7FFFFFFFu), limit) > 0; }

Value pow2(int e) { return Value::finite(false, 1, e); }

}  // namespace

std::vector<std::string> default_schemes() {
  return {"e4m3", "e5m2", "mxfp8_e4m3", "mxfp8_e5m2", "mxfp6_e2m3", "mxfp6_e3m2", "mxfp4", "mxint8",
          "int8", "int4", "int4_g128", "nf4", "posit8", "posit16", "dialectfp4"};
}

QuantScheme::QuantScheme(const std::string& name, const SchemeOptions& opt) : name_(name), opt_(opt) {
  std::smatch m;
  static const std::regex kInt(R"(int(4|8)(?:_g(\d+))?)");
  if (std::regex_match(name, m, kInt)) {
    kind_ = Kind::IntGroup;
    int_bits_ = std::stoi(m[1]);
    // A group is at most 2^20 values (a digit count first: stoi would throw out_of_range past INT_MAX).
    constexpr int kMaxGroup = 1 << 20;
    if (m[2].matched && (m[2].length() > 7 || std::stoi(m[2]) < 1 || std::stoi(m[2]) > kMaxGroup))
      throw std::invalid_argument("'" + name + "': the group size must be 1.." + std::to_string(kMaxGroup) + ", not " + m[2].str());
    group_ = m[2].matched ? std::stoi(m[2]) : 0;
    format_ = &golden::find_format("int" + m[1].str());
    return;
  }
  // dialectfp4_mse / dialectfp4_two_stage: DialectFP4 with its weights' dialect chosen that way, whatever --weight-select says.
  std::string base = name;
  if (name == "dialectfp4_mse" || name == "dialectfp4_two_stage") {
    base = "dialectfp4";
    opt_.weight_select = name == "dialectfp4_mse" ? golden::DialectSelect::Mse : golden::DialectSelect::TwoStage;
  }
  try {
    format_ = &golden::find_format(base);
  } catch (const golden::UnknownFormat&) {
    throw std::invalid_argument("unknown format '" + name + "' for explore; expected a registry format (see `qmac golden table`), intN, intN_gG, dialectfp4_mse or dialectfp4_two_stage");
  }
  if (base == "dialectfp4") kind_ = Kind::Dialect;
  else if (format_->is_block()) kind_ = Kind::Mx;
  else if (name == "nf4") kind_ = Kind::Nf4;
  else if (format_->kind == golden::FormatKind::Float && format_->bits <= 8) kind_ = Kind::PerTensor;
  else if (format_->kind == golden::FormatKind::Posit || format_->kind == golden::FormatKind::Float) kind_ = Kind::Direct;
  else throw std::invalid_argument("format '" + name + "' cannot quantize a tensor on its own (e8m0 is a scale)");
  if ((kind_ == Kind::Mx || kind_ == Kind::Dialect) && !golden::valid_block_size(opt.block))
    throw std::invalid_argument("--block " + std::to_string(opt.block) + ": expected a power of two in 8..256");
}

double QuantScheme::bits_per_element(std::int64_t k) const {
  switch (kind_) {
    case Kind::Mx:
    case Kind::Dialect: return format_->bits_per_element(opt_.block);
    case Kind::IntGroup: return int_bits_ + 32.0 / static_cast<double>(group_ ? group_ : k);
    case Kind::Nf4: return 4 + 32.0 / golden::Nf4BlockQuantizer::kDefaultBlock;
    case Kind::PerTensor:
    case Kind::Direct: return format_->bits;
  }
  return 0;
}

int QuantScheme::k_multiple() const {
  const int need = kind_ == Kind::Mx || kind_ == Kind::Dialect ? opt_.block
                   : kind_ == Kind::IntGroup                   ? group_
                   : kind_ == Kind::Nf4                        ? golden::Nf4BlockQuantizer::kDefaultBlock
                                                               : 0;
  return need > 0 ? need : 1;
}

Quantized QuantScheme::quantize(const tensors::Tensor& t, Role role, const Options& o) const {
  const bool keep_dequantized = o.keep_dequantized;
  const std::int64_t cols_used = o.cols_used;
  const ParallelFor& parallel_for = o.parallel_for;
  const int rows = static_cast<int>(t.rows()), cols = static_cast<int>(t.cols());
  if (cols % k_multiple() != 0)
    throw std::invalid_argument(t.name + ": " + name_ + " needs K (the last dimension) to be a multiple of " +
                                std::to_string(k_multiple()) + ", got K = " + std::to_string(cols) + " (pad it with zeros)");
  Quantized q;
  if (keep_dequantized) q.dequantized.resize(t.fp32.size());
  const auto used = static_cast<std::size_t>(cols_used < 0 ? cols : cols_used);
  auto& g = q.grid;
  g.rows = rows;
  g.cols = cols;
  // Scalar schemes keep their grid as the values themselves (golden::compact's form); the rest as k and units.
  // (Direct formats of up to 16 bits: posit8/16, FP16, BF16 values are FP32 numbers too.)
  const bool as_values = kind_ == Kind::Nf4 || kind_ == Kind::PerTensor || (kind_ == Kind::Direct && format_->bits <= 16);
  if (!as_values && o.keep_grid) g.k.resize(t.fp32.size());
  // Scalar MACs: one product per step; each value is an FP32 number, exact as a double (8 bytes, not k and a unit's 32).
  std::vector<double>* values = nullptr;
  if (as_values && o.keep_grid) {
    g.values.resize(t.fp32.size());
    values = &g.values;
  }
  g.block = kind_ == Kind::Mx || kind_ == Kind::Dialect ? opt_.block : kind_ == Kind::IntGroup ? (group_ ? group_ : cols) : 1;
  if (!as_values && o.keep_grid) g.unit.resize(t.fp32.size() / static_cast<std::size_t>(g.block));
  // The tensor's one scale (per-tensor schemes) comes from all of it.
  const int tensor_x = kind_ == Kind::PerTensor ? golden::TensorScaleQuantizer(*format_).scale_exponent(t.fp32) : 0;

  // Rows in slices of a fixed size (the same sums whatever the threads), each with its own error sums.
  constexpr int kSliceRows = 16;
  const auto slices = static_cast<std::size_t>((rows + kSliceRows - 1) / kSliceRows);
  std::vector<ErrorSums> slice_sums(slices);
  std::vector<std::size_t> slice_clipped(slices, 0);
  const auto slice = [&](std::size_t sl) {
    // Local sums, stored once at the end (slices side by side in one vector would share cache lines).
    ErrorSums sums;
    std::size_t clipped = 0;
    const std::size_t lo = sl * kSliceRows * static_cast<std::size_t>(cols),
                      hi = std::min(t.fp32.size(), (sl + 1) * kSliceRows * static_cast<std::size_t>(cols));
    // Element idx dequantizes to `bits`: kept, and/or summed into the error, and/or the grid's value.
    const auto put = [&](std::size_t idx, std::uint32_t bits) {
      if (keep_dequantized) q.dequantized[idx] = bits;
      if (values) (*values)[idx] = static_cast<double>(std::bit_cast<float>(bits));
      if (idx % static_cast<std::size_t>(cols) >= used) return;
      const double x = static_cast<double>(std::bit_cast<float>(t.fp32[idx])), d = x - static_cast<double>(std::bit_cast<float>(bits));
      sums.signal += x * x;
      sums.noise += d * d;
      sums.max_abs_error = std::max(sums.max_abs_error, std::abs(d));
      ++sums.count;
    };
    // fn(block values, flat index of its first element) for every block of `len`
    // values; len divides the row length, so blocks never cross rows.
    const auto for_each_block = [&](int len, const auto& fn) {
      for (std::size_t first = lo; first < hi; first += static_cast<std::size_t>(len))
        fn(std::span<const std::uint32_t>(&t.fp32[first], static_cast<std::size_t>(len)), first);
    };
    quantize_slice(t, role, lo, hi, put, for_each_block, tensor_x, clipped, g);
    slice_sums[sl] = sums;
    slice_clipped[sl] = clipped;
  };
  if (parallel_for) parallel_for(slices, slice);
  else
    for (std::size_t sl = 0; sl < slices; ++sl) slice(sl);
  for (std::size_t sl = 0; sl < slices; ++sl) {
    q.sums.signal += slice_sums[sl].signal;
    q.sums.noise += slice_sums[sl].noise;
    q.sums.max_abs_error = std::max(q.sums.max_abs_error, slice_sums[sl].max_abs_error);
    q.sums.count += slice_sums[sl].count;
    q.clipped += slice_clipped[sl];
  }
  return q;
}

template <class Put, class ForEachBlock>
void QuantScheme::quantize_slice(const tensors::Tensor& t, Role role, std::size_t lo, std::size_t hi, const Put& put,
                                 const ForEachBlock& for_each_block, int tensor_x, std::size_t& clipped, golden::ScaledIntMatrix& g) const {
  switch (kind_) {
    case Kind::Mx: {
      golden::MxConfig cfg;
      cfg.block = opt_.block;
      cfg.scale_rule = opt_.mx_scale_rule;
      cfg.rounding = opt_.mx_rounding;
      const golden::MxBlockQuantizer mq(*format_, cfg);
      const auto& table = golden::ElementIntTable::of(mq.element());
      const Value emax = mq.element().max_finite;
      std::vector<std::uint8_t> codes(static_cast<std::size_t>(g.block));
      for_each_block(g.block, [&](std::span<const std::uint32_t> in, std::size_t first) {
          const std::uint8_t s = mq.quantize(in, codes);
          const int x = golden::E8M0::exponent(s);
          if (!g.unit.empty()) g.unit[first / static_cast<std::size_t>(g.block)] = s == golden::E8M0::kNanCode ? Value::nan() : pow2(table.lsb_exp + x);
          for (int i = 0; i < g.block; ++i) {
            const std::size_t idx = first + static_cast<std::size_t>(i);
            put(idx, mq.dequantize_fp32(s, codes[static_cast<std::size_t>(i)]));
            if (!g.k.empty()) g.k[idx] = table.k[codes[static_cast<std::size_t>(i)]];
            clipped += above(in[static_cast<std::size_t>(i)], golden::scale_pow2(emax, x)) ? 1 : 0;
          }
        });
      break;
    }
    case Kind::Dialect: {
      const auto sel = role == Role::Weight ? opt_.weight_select : golden::DialectSelect::TwoStage;
      const golden::BlockDialectQuantizer dq(opt_.block, sel, opt_.dialect_tie);
      std::vector<std::uint8_t> codes(static_cast<std::size_t>(g.block));
      for_each_block(g.block, [&](std::span<const std::uint32_t> in, std::size_t first) {
          const golden::DialectBlockMeta m = dq.quantize(in, codes);
          const int es = golden::E8M0::exponent(m.scale);
          if (!g.unit.empty()) g.unit[first / static_cast<std::size_t>(g.block)] = m.scale == golden::E8M0::kNanCode ? Value::nan() : pow2(es - 1);
          const Value limit = golden::scale_pow2(golden::DialectFp4::decode(m.dialect, 7), es);
          for (int i = 0; i < g.block; ++i) {
            const std::size_t idx = first + static_cast<std::size_t>(i);
            put(idx, golden::BlockDialectQuantizer::dequantize_fp32(m, codes[static_cast<std::size_t>(i)]));
            if (!g.k.empty()) g.k[idx] = golden::DialectFp4::signed_hu(m.dialect, codes[static_cast<std::size_t>(i)]);
            clipped += above(in[static_cast<std::size_t>(i)], limit) ? 1 : 0;
          }
        });
      break;
    }
    case Kind::IntGroup: {
      const golden::IntGroupQuantizer iq(int_bits_, g.block);
      std::vector<std::uint8_t> codes(static_cast<std::size_t>(g.block));
      for_each_block(g.block, [&](std::span<const std::uint32_t> in, std::size_t first) {
          const std::uint32_t scale = iq.quantize(in, codes);
          const Value unit = golden::from_fp32_bits(scale);
          if (!g.unit.empty()) g.unit[first / static_cast<std::size_t>(g.block)] = unit;
          const Value limit = golden::mul(Value::from_int(iq.qmax()), unit);
          for (int i = 0; i < g.block; ++i) {
            const std::size_t idx = first + static_cast<std::size_t>(i);
            const std::uint8_t c = codes[static_cast<std::size_t>(i)];
            put(idx, iq.dequantize_fp32(scale, c));
            const std::int64_t sign = std::int64_t{1} << (int_bits_ - 1);
            if (!g.k.empty()) g.k[idx] = (c & sign) ? static_cast<std::int64_t>(c) - 2 * sign : static_cast<std::int64_t>(c);
            clipped += above(in[static_cast<std::size_t>(i)], limit) ? 1 : 0;
          }
        });
      break;
    }
    case Kind::Nf4: {
      const golden::Nf4BlockQuantizer nq;
      std::vector<std::uint8_t> codes(static_cast<std::size_t>(nq.block()));
      for_each_block(nq.block(), [&](std::span<const std::uint32_t> in, std::size_t first) {
          const std::uint32_t absmax = nq.quantize(in, codes);
          for (int i = 0; i < nq.block(); ++i)
            put(first + static_cast<std::size_t>(i), golden::Nf4BlockQuantizer::dequantize_fp32(absmax, codes[static_cast<std::size_t>(i)]));
        });
      break;
    }
    case Kind::PerTensor: {
      const golden::TensorScaleQuantizer tq(*format_);
      const int x = tensor_x;
      const Value limit = tq.limit(x);
      for (std::size_t i = lo; i < hi; ++i) {
        put(i, golden::to_fp32_bits(tq.value(tq.encode(t.fp32[i], x), x)));
        clipped += above(t.fp32[i], limit) ? 1 : 0;
      }
      break;
    }
    case Kind::Direct: {
      for (std::size_t i = lo; i < hi; ++i) {
        const std::uint64_t c = format_->encode(golden::from_fp32_bits(t.fp32[i]), golden::Rounding::NearestEven, golden::Overflow::Saturate, nullptr);
        const Value v = format_->decode(c);  // exact (a posit32 need not fit FP32)
        if (!g.k.empty()) put_value(v, g.k[i], g.unit[i]);
        put(i, golden::to_fp32_bits(v));
        clipped += above(t.fp32[i], format_->max_finite) ? 1 : 0;
      }
      break;
    }
  }
}

}  // namespace qmac::explore
