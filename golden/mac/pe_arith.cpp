#include "golden/mac/pe_arith.hpp"

#include <bit>
#include <cmath>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/dialectfp4.hpp"
#include "golden/formats/e8m0.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/mac/fp32_accumulator.hpp"
#include "golden/mac/element_int_table.hpp"

namespace qmac::golden::pe {
namespace {

std::uint8_t special_bits(std::uint8_t s, bool neg) {
  if (s == ElementIntTable::kNaN) return ExactArith::kNaN;
  if (s == ElementIntTable::kPosInf || s == ElementIntTable::kNegInf) return neg ? ExactArith::kNegInf : ExactArith::kPosInf;
  return 0;
}

}  // namespace

IntArith::IntArith(const MacKind& kind) : width_(kind.spec.int_width) {
  const auto& ta = ElementIntTable::of(*kind.a_elem);
  const auto& tb = ElementIntTable::of(*kind.b_elem);
  ka_ = ta.k;
  kb_ = tb.k;
}

std::uint64_t IntArith::result(const Acc& acc) const {
  const std::uint64_t mask = width_ == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width_) - 1;
  return static_cast<std::uint64_t>(acc) & mask;
}

Fp32Arith::Fp32Arith(const MacKind& kind) : product_(65536), canonical_nan_(to_fp32_bits(Value::nan())) {
  const Format& fa = *kind.a_elem;
  const Format& fb = *kind.b_elem;
  if (fa.bits > 8 || fb.bits > 8) throw std::invalid_argument("PE arithmetic: FP32 MACs take formats of <= 8 bits");
  for (std::uint32_t a = 0; a < 256; ++a)
    for (std::uint32_t b = 0; b < 256; ++b) {
      const std::uint32_t bits = to_fp32_bits(mul(fa.decode(a & fa.code_mask()), fb.decode(b & fb.code_mask())));
      product_[(a << 8) | b] = std::bit_cast<float>(bits);
    }
}

std::uint64_t Fp32Arith::result(const Acc& acc) const {
  return std::isnan(acc) ? canonical_nan_ : std::bit_cast<std::uint32_t>(acc);
}

ExactArith::ExactArith(const MacKind& kind) : product_(65536), special_(65536, 0) {
  block_ = kind.is_block();
  lsb_exp_ = kind.product_lsb_exp;
  if (kind.is_dialect()) {
    // DialectFP4: signed half-units, value 2^(Es_a + Es_b - 2) * hu_a * hu_b.
    for (std::uint32_t a = 0; a < 256; ++a)
      for (std::uint32_t b = 0; b < 256; ++b)
        product_[(a << 8) | b] = DialectFp4::signed_hu(static_cast<int>(a >> 4), static_cast<std::uint8_t>(a & 15)) *
                                 DialectFp4::signed_hu(static_cast<int>(b >> 4), static_cast<std::uint8_t>(b & 15));
    return;
  }
  const auto& ta = ElementIntTable::of(*kind.a_elem);
  const auto& tb = ElementIntTable::of(*kind.b_elem);
  for (std::uint32_t a = 0; a < 256; ++a)
    for (std::uint32_t b = 0; b < 256; ++b) {
      const std::size_t i = (a << 8) | b;
      const auto sa = ta.special[a], sb = tb.special[b];
      if (!sa && !sb) {
        product_[i] = static_cast<__int128>(ta.k[a]) * tb.k[b];
        continue;
      }
      // IEEE products of specials: NaN in -> NaN; Inf x 0 -> NaN; else a signed Inf.
      const bool za = !sa && ta.k[a] == 0, zb = !sb && tb.k[b] == 0;
      const bool na = sa ? sa == ElementIntTable::kNegInf : ta.k[a] < 0;
      const bool nb = sb ? sb == ElementIntTable::kNegInf : tb.k[b] < 0;
      if (sa == ElementIntTable::kNaN || sb == ElementIntTable::kNaN || za || zb) special_[i] = kNaN;
      else special_[i] = special_bits(ElementIntTable::kPosInf, na != nb);
    }
}

namespace {
Value flagged_value(std::uint8_t flags, const Value& finite) {
  if (flags & ExactArith::kNaN) return Value::nan();
  const bool pos = flags & ExactArith::kPosInf, neg = flags & ExactArith::kNegInf;
  if (pos && neg) return Value::nan();
  if (pos || neg) return Value::inf(neg);
  return finite;
}
}  // namespace

void ExactArith::close_block(Acc& acc, std::uint8_t scale_a, std::uint8_t scale_b) const {
  // mx_block_dot / dialect_block_dot, then one FP32 RNE add (Fp32Accumulator)
  // of the exact block sum, however wide.
  Fp32Accumulator fp32(acc.fp32);
  if (scale_a == E8M0::kNanCode || scale_b == E8M0::kNanCode) fp32.add(Value::nan());
  else if (acc.blk.flags) fp32.add(flagged_value(acc.blk.flags, Value::zero()));
  else fp32.add(Term::of_int(acc.blk.sum, lsb_exp_ + E8M0::exponent(scale_a) + E8M0::exponent(scale_b)));
  acc.fp32 = fp32.bits();
  acc.blk = {};
}

std::uint64_t ExactArith::result(const Acc& acc) const {
  if (block_) return acc.fp32;
  return to_fp32_bits(flagged_value(acc.blk.flags, from_int128(acc.blk.sum, lsb_exp_)));
}

QuireArith::QuireArith(const MacKind& kind) : posit_(kind.a->posit) {}

}  // namespace qmac::golden::pe
