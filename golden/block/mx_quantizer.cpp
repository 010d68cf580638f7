#include "golden/block/mx_quantizer.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/e2m1.hpp"
#include "golden/formats/e2m3.hpp"
#include "golden/formats/e3m2.hpp"
#include "golden/formats/e4m3.hpp"
#include "golden/formats/e5m2.hpp"
#include "golden/formats/e8m0.hpp"
#include "golden/formats/mxint8_element.hpp"

namespace qmac::golden {
namespace {

template <class Elem>
void encode_block(std::span<const std::uint32_t> in, int x, Rounding mode, std::span<std::uint8_t> out) {
  for (std::size_t i = 0; i < in.size(); ++i) {
    Value v = from_fp32_bits(in[i]);
    if (v.is_finite()) v.exp -= x;  // V / 2^x, exact
    out[i] = static_cast<std::uint8_t>(Elem::encode(v, mode, Overflow::Saturate));
  }
}

}  // namespace

bool valid_block_size(int k) { return k >= 8 && k <= 256 && std::has_single_bit(static_cast<unsigned>(k)); }

MxBlockQuantizer::MxBlockQuantizer(const Format& format, MxConfig cfg) : format_(&format), cfg_(cfg) {
  if (!format.is_block()) throw std::invalid_argument("'" + format.name + "' is not an MX block format");
  if (!valid_block_size(cfg.block))
    throw std::invalid_argument("block size " + std::to_string(cfg.block) + " is not a power of two in 8..256");
  element_ = &find_format(format.element);
  const std::string& e = format.element;
  encode_block_ = e == "e4m3"   ? &encode_block<E4M3>
                  : e == "e5m2" ? &encode_block<E5M2>
                  : e == "e2m3" ? &encode_block<E2M3>
                  : e == "e3m2" ? &encode_block<E3M2>
                  : e == "e2m1" ? &encode_block<E2M1>
                                : &encode_block<MxInt8Element>;
}

std::uint8_t MxBlockQuantizer::scale_of(std::span<const std::uint32_t> in) const {
  std::uint32_t amax_bits = 0;  // |x| ordering = ordering of the magnitude bits
  for (std::uint32_t b : in) amax_bits = std::max(amax_bits, b & 0x7FFFFFFFu);
  if (amax_bits >= 0x7F800000u) return E8M0::kNanCode;  // Inf or NaN in the block
  if (amax_bits == 0) return 0x00;
  const Value amax = from_fp32_bits(amax_bits);
  int x;
  if (cfg_.scale_rule == ScaleRule::OcpFloor) {
    x = amax.log2_floor() - format_->emax_elem;
  } else {
    // Smallest x with amax <= elem_max * 2^x; it is one of two candidates.
    const Value emax = element_->max_finite;
    x = amax.log2_floor() - emax.log2_floor();
    if (compare(amax, scale_pow2(emax, x)) > 0) ++x;
  }
  x = std::clamp(x, -127, 127);
  return static_cast<std::uint8_t>(x + 127);
}

std::uint8_t MxBlockQuantizer::quantize(std::span<const std::uint32_t> in, std::span<std::uint8_t> codes) const {
  if (in.size() != static_cast<std::size_t>(cfg_.block) || codes.size() != in.size())
    throw std::invalid_argument("MX block: expected " + std::to_string(cfg_.block) + " values");
  const std::uint8_t scale = scale_of(in);
  if (scale == E8M0::kNanCode || scale == 0x00) {
    // NaN/Inf block: codes are don't-care, written as 0. All-zero block: +0.
    bool all_zero = scale == 0x00;
    if (all_zero) {
      for (std::uint32_t b : in) all_zero &= (b & 0x7FFFFFFFu) == 0;
    }
    if (scale == E8M0::kNanCode || all_zero) {
      std::fill(codes.begin(), codes.end(), 0);
      return scale;
    }
  }
  encode_block_(in, E8M0::exponent(scale), cfg_.rounding, codes);
  return scale;
}

Value MxBlockQuantizer::element_value(std::uint8_t scale, std::uint8_t code) const {
  if (scale == E8M0::kNanCode) return Value::nan();
  return scale_pow2(element_->decode(code), E8M0::exponent(scale));
}

std::uint32_t MxBlockQuantizer::dequantize_fp32(std::uint8_t scale, std::uint8_t code) const {
  return to_fp32_bits(element_value(scale, code));
}

}  // namespace qmac::golden
