#include "golden/mac/mac_kind.hpp"

#include <bit>
#include <stdexcept>

#include "golden/block/mx_quantizer.hpp"
#include "golden/mac/element_int_table.hpp"
#include "golden/mac/posit_quire.hpp"

namespace qmac::golden {
namespace {

int magnitude_bits(const ElementIntTable& t) {
  std::uint64_t m = 0;
  for (std::size_t c = 0; c < t.k.size(); ++c)
    if (!t.special[c]) m = std::max<std::uint64_t>(m, static_cast<std::uint64_t>(t.k[c] < 0 ? -t.k[c] : t.k[c]));
  return std::bit_width(m);
}

MacFamily family_of(const GemmSpec& s, const Format& fa) {
  if (fa.is_block()) return fa.has_scalar_element() ? MacFamily::MxBlock : MacFamily::DialectFp4;
  switch (s.acc) {
    case AccumulatorKind::Int: return MacFamily::Integer;
    case AccumulatorKind::Quire: return MacFamily::Quire;
    case AccumulatorKind::Kulisch: return MacFamily::Kulisch;
    case AccumulatorKind::Fp32: break;
  }
  return MacFamily::FloatFp32;
}

}  // namespace

const char* family_name(MacFamily f) {
  switch (f) {
    case MacFamily::Integer: return "integer";
    case MacFamily::FloatFp32: return "fp32";
    case MacFamily::Kulisch: return "kulisch";
    case MacFamily::MxBlock: return "mx-block";
    case MacFamily::DialectFp4: return "dialectfp4";
    case MacFamily::Quire: return "quire";
  }
  return "?";
}

std::string MacKind::name() const {
  std::string n = a->name == b->name ? a->name : a->name + " x " + b->name;
  if (family == MacFamily::Kulisch) n += " (kulisch)";
  return n;
}

MacKind resolve_mac_kind(const GemmSpec& spec) {
  validate(spec);  // golden's own rules for the combination
  MacKind k;
  k.spec = spec;
  k.a = &find_format(spec.a_format);
  k.b = &find_format(spec.b_format);
  k.family = family_of(spec, *k.a);
  if (k.a->is_block()) {
    if (!valid_block_size(spec.block))
      throw std::invalid_argument("block must be a power of two from 8 to 256 (formats.md 6.4), not " + std::to_string(spec.block));
    k.block = spec.block;
    k.metadata_bits = k.a->block_metadata_bits;
  }
  if (k.family != MacFamily::DialectFp4) {
    k.a_elem = k.a->is_block() ? &find_format(k.a->element) : k.a;
    k.b_elem = k.b->is_block() ? &find_format(k.b->element) : k.b;
    k.a_bits = k.a_elem->bits;
    k.b_bits = k.b_elem->bits;
  } else {
    k.a_bits = k.b_bits = 4;
  }
  // The array's PEs look products up by operand code: 8-bit codes (posits: 16).
  const int max_bits = k.family == MacFamily::Quire ? 16 : 8;
  if (k.a_bits > max_bits || k.b_bits > max_bits)
    throw std::invalid_argument("the array's " + std::string(family_name(k.family)) + " MACs take formats of at most " +
                                std::to_string(max_bits) + " bits, not " + k.name());
  // A lookup format's codes index values that are not multiples of one power
  // of two (NF4: 16 quantiles of a normal), so no product table of the array
  // holds them: such weights are dequantized before the MAC.
  for (const Format* f : {k.a_elem, k.b_elem})
    if (f && f->kind == FormatKind::Lookup)
      throw std::invalid_argument(f->name + " is a lookup format (its " + std::to_string(1 << f->bits) +
                                  " codes index values that are not multiples of one power of two): no MAC of the array multiplies "
                                  "its codes. Its weights are dequantized before a wider MAC, the pair " + f->name +
                                  ":bf16 (explore and eval take it; a mixed MAC unit that costs it is not built yet)");
  switch (k.family) {
    case MacFamily::Integer:
    case MacFamily::FloatFp32:
    case MacFamily::Kulisch:
    case MacFamily::MxBlock: {
      const auto& ta = ElementIntTable::of(*k.a_elem);
      const auto& tb = ElementIntTable::of(*k.b_elem);
      k.product_lsb_exp = ta.lsb_exp + tb.lsb_exp;
      k.product_int_bits = magnitude_bits(ta) + magnitude_bits(tb);
      break;
    }
    case MacFamily::DialectFp4:
      k.product_lsb_exp = -2;   // half-unit x half-unit
      k.product_int_bits = 8;   // |hu| <= 15: 225 < 2^8
      break;
    default: break;
  }
  if (k.is_block()) k.block_sum_bits = k.product_int_bits + std::bit_width(static_cast<unsigned>(k.block - 1)) + 1;
  switch (k.family) {
    case MacFamily::Integer: k.acc_bits = k.output_bits = spec.int_width; break;
    case MacFamily::Quire:
      k.acc_bits = PositQuire::quire_bits(k.a->posit);
      k.output_bits = k.a->bits;
      break;
    default: k.acc_bits = k.output_bits = 32; break;
  }
  return k;
}

}  // namespace qmac::golden
