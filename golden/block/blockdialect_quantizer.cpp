#include "golden/block/blockdialect_quantizer.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <string>

#include "golden/arith/value_arith.hpp"
#include "golden/block/mx_quantizer.hpp"
#include "golden/formats/dialectfp4.hpp"
#include "golden/formats/e2m1.hpp"
#include "golden/formats/e8m0.hpp"
#include "golden/formats/minifloat.hpp"

namespace qmac::golden {
namespace {

constexpr std::uint32_t kMagMask = 0x7FFFFFFFu;

}  // namespace

BlockDialectQuantizer::BlockDialectQuantizer(int block, DialectSelect select, DialectTie tie)
    : block_(block), select_(select), tie_(tie) {
  if (!valid_block_size(block))
    throw std::invalid_argument("BlockDialect block size " + std::to_string(block) + " is not a power of two in 8..256");
}

int BlockDialectQuantizer::block_exponent(std::span<const std::uint32_t> in) {
  std::uint32_t amax = 0;
  for (std::uint32_t b : in) amax = std::max(amax, b & kMagMask);
  return std::clamp(from_fp32_bits(amax).log2_floor() - 2, -127, 127);
}

unsigned BlockDialectQuantizer::quarter_units(std::uint32_t fp32, int es) {
  const Value v = from_fp32_bits(fp32 & kMagMask);
  if (v.is_zero()) return 0;
  const int shift = v.exp + 2 - es;
  if (shift >= 0) return static_cast<unsigned>(v.sig << shift);  // < 32 by the choice of Es
  return -shift >= 64 ? 0u : static_cast<unsigned>(v.sig >> -shift);
}

std::uint8_t BlockDialectQuantizer::two_stage_dialect(std::span<const unsigned> t, DialectTie tie) {
  const unsigned tmax = *std::max_element(t.begin(), t.end());
  // Stage 1: round the block max half up to the 0.5 grid; the pair whose max it is.
  const unsigned h = std::min(15u, (tmax + 1) >> 1);
  const unsigned p = std::min(7u, 15u - h);  // a clamped Es can leave tmax < 16
  // Stage 2: which member's beneficial range holds more elements.
  const auto& [ra, rb] = DialectFp4::kBeneficial[p];
  unsigned ca = 0, cb = 0;
  for (unsigned x : t) {
    ca += (x >= ra.lo && x < ra.hi) ? 1u : 0u;
    cb += (x >= rb.lo && x < rb.hi) ? 1u : 0u;
  }
  const bool even = tie == DialectTie::Even ? ca >= cb : ca > cb;
  return static_cast<std::uint8_t>(even ? 2 * p : 2 * p + 1);
}

std::uint8_t BlockDialectQuantizer::mse_dialect(std::span<const std::uint32_t> in, int es) {
  // a_i = |x_i| / 2^Es. Elements below 1/4 quantize to 0 in every dialect and
  // add the same a_i^2 to every error, so only a_i >= 1/4 matter; those have
  // at most 2 + 23 fraction bits, so A_i = a_i * 2^25 is an exact integer and
  // the error (A_i - hu * 2^24)^2 is exact in 128 bits.
  constexpr int kF = 25;
  unsigned __int128 best_err = 0;
  std::uint8_t best = 0;
  for (int d = 0; d < DialectFp4::kDialects; ++d) {
    unsigned __int128 err = 0;
    for (std::uint32_t b : in) {
      const Value v = from_fp32_bits(b & kMagMask);
      if (v.is_zero()) continue;
      const int shift = v.exp - es + kF;
      if (v.log2_floor() - es < -2) continue;  // a < 1/4
      const std::uint64_t a = v.sig << shift;  // shift >= 0 for a >= 1/4
      const unsigned t = quarter_units(b, es);
      const std::uint64_t q = static_cast<std::uint64_t>(DialectFp4::magnitude_hu(d, DialectFp4::nearest_index(d, t))) << (kF - 1);
      const std::uint64_t diff = a > q ? a - q : q - a;
      err += static_cast<unsigned __int128>(diff) * diff;
    }
    if (d == 0 || err < best_err) {
      best_err = err;
      best = static_cast<std::uint8_t>(d);
    }
  }
  return best;
}

DialectBlockMeta BlockDialectQuantizer::quantize(std::span<const std::uint32_t> in, std::span<std::uint8_t> codes) const {
  if (in.size() != static_cast<std::size_t>(block_) || codes.size() != in.size())
    throw std::invalid_argument("BlockDialect block: expected " + std::to_string(block_) + " values");
  std::uint32_t amax = 0;
  for (std::uint32_t b : in) amax = std::max(amax, b & kMagMask);
  if (amax >= 0x7F800000u || amax == 0) {  // NaN/Inf, or all zero
    std::fill(codes.begin(), codes.end(), 0);
    return {amax == 0 ? std::uint8_t{0x00} : static_cast<std::uint8_t>(E8M0::kNanCode),
            static_cast<std::uint8_t>(DialectFp4::kDefaultDialect)};
  }
  const int es = block_exponent(in);
  const DialectBlockMeta meta{static_cast<std::uint8_t>(es + 127),
                              select_ == DialectSelect::Mx ? std::uint8_t{7} : std::uint8_t{0}};
  if (select_ == DialectSelect::Mx) {
    for (std::size_t i = 0; i < in.size(); ++i) {
      Value v = from_fp32_bits(in[i]);
      if (v.is_finite()) v.exp -= es;
      codes[i] = static_cast<std::uint8_t>(E2M1::encode(v, Rounding::NearestEven, Overflow::Saturate));
    }
    return meta;
  }
  unsigned t[256];
  for (std::size_t i = 0; i < in.size(); ++i) t[i] = quarter_units(in[i], es);
  const std::uint8_t d = select_ == DialectSelect::TwoStage ? two_stage_dialect(std::span<const unsigned>(t, in.size()), tie_)
                                                            : mse_dialect(in, es);
  for (std::size_t i = 0; i < in.size(); ++i)
    codes[i] = static_cast<std::uint8_t>(((in[i] >> 31) << 3) | DialectFp4::nearest_index(d, t[i]));
  return {meta.scale, d};
}

Value BlockDialectQuantizer::element_value(DialectBlockMeta m, std::uint8_t code) {
  if (m.scale == E8M0::kNanCode) return Value::nan();
  return scale_pow2(DialectFp4::decode(m.dialect, code), E8M0::exponent(m.scale));
}

std::uint32_t BlockDialectQuantizer::dequantize_fp32(DialectBlockMeta m, std::uint8_t code) {
  return to_fp32_bits(element_value(m, code));
}

Value dialect_block_dot(DialectBlockMeta a, std::span<const std::uint8_t> codes_a, DialectBlockMeta b,
                        std::span<const std::uint8_t> codes_b) {
  if (a.scale == E8M0::kNanCode || b.scale == E8M0::kNanCode) return Value::nan();
  std::int64_t s = 0;
  for (std::size_t i = 0; i < codes_a.size(); ++i)
    s += DialectFp4::signed_hu(a.dialect, codes_a[i]) * DialectFp4::signed_hu(b.dialect, codes_b[i]);
  return from_int128(s, E8M0::exponent(a.scale) + E8M0::exponent(b.scale) - 2);
}

}  // namespace qmac::golden
