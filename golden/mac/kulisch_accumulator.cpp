#include "golden/mac/kulisch_accumulator.hpp"

#include <bit>
#include <stdexcept>

#include "golden/arith/value_arith.hpp"

namespace qmac::golden {

KulischAccumulator::KulischAccumulator(int width, int lsb_exp)
    : width_(width), lsb_exp_(lsb_exp), limbs_(static_cast<std::size_t>((width + 63) / 64), 0) {
  if (width < 2) throw std::invalid_argument("KulischAccumulator: width < 2");
}

void KulischAccumulator::clear() { std::fill(limbs_.begin(), limbs_.end(), 0); }

bool KulischAccumulator::is_zero() const {
  for (auto l : limbs_)
    if (l) return false;
  return true;
}

bool KulischAccumulator::fits(const Value& v) const {
  if (v.is_zero()) return true;
  if (!v.is_finite() || v.sticky) return false;
  const int tz = std::countr_zero(v.sig);
  const long offset = static_cast<long>(v.exp) - lsb_exp_;
  if (offset + tz < 0) return false;  // bits below the LSB
  return offset + static_cast<long>(std::bit_width(v.sig)) <= width_ - 1;
}

void KulischAccumulator::add_magnitude(std::uint64_t sig, int offset, bool subtract) {
  // Place sig << offset into (up to) two limbs and add/subtract with carry.
  const std::size_t limb = static_cast<std::size_t>(offset / 64);
  const int bit = offset % 64;
  std::uint64_t lo = sig << bit;
  std::uint64_t hi = bit ? (sig >> (64 - bit)) : 0;
  std::uint64_t carry = 0;
  for (std::size_t i = limb; i < limbs_.size(); ++i) {
    const std::uint64_t operand = i == limb ? lo : (i == limb + 1 ? hi : 0);
    if (operand == 0 && carry == 0 && i > limb + 1) break;
    if (!subtract) {
      const std::uint64_t s = limbs_[i] + operand;
      const std::uint64_t c1 = s < operand;
      limbs_[i] = s + carry;
      carry = c1 | (limbs_[i] < carry);
    } else {
      const std::uint64_t d = limbs_[i] - operand;
      const std::uint64_t b1 = limbs_[i] < operand;
      limbs_[i] = d - carry;
      carry = b1 | (d < carry);
    }
  }
}

bool KulischAccumulator::add(const Term& t) {
  if (!t.integer) return add(t.v);
  // |k| < 2^127 as two exact halves of one sign.
  const bool neg = t.k < 0;
  const unsigned __int128 m = neg ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(t.k)
                                  : static_cast<unsigned __int128>(t.k);
  const Value lo = Value::finite(neg, static_cast<std::uint64_t>(m), t.exp);
  const Value hi = Value::finite(neg, static_cast<std::uint64_t>(m >> 64), t.exp + 64);
  return add(lo) && add(hi);
}

bool KulischAccumulator::add(const KulischAccumulator& other) {
  if (other.width_ != width_ || other.lsb_exp_ != lsb_exp_)
    throw std::invalid_argument("KulischAccumulator: adding accumulators of different shapes");
  const bool sa = is_negative(), sb = other.is_negative();
  std::uint64_t carry = 0;
  for (std::size_t i = 0; i < limbs_.size(); ++i) {
    const std::uint64_t s = limbs_[i] + other.limbs_[i];
    const std::uint64_t c1 = s < other.limbs_[i];
    limbs_[i] = s + carry;
    carry = c1 | (limbs_[i] < carry);
  }
  const bool sr = is_negative();
  if (sa == sb && sr != sa) return false;
  // Both inputs sign-extend above bit width-1; the sum must too.
  const int top = (width_ - 1) % 64;
  const std::uint64_t high = limbs_.back() >> top;
  const std::uint64_t ones = top == 0 ? ~std::uint64_t{0} : (~std::uint64_t{0} >> top);
  return high == (sr ? ones : 0);
}

bool KulischAccumulator::add(const Value& v) {
  if (v.is_zero()) return true;
  if (!fits(v)) throw std::invalid_argument("KulischAccumulator: value off the accumulator's grid");
  const bool was_neg = is_negative();
  add_magnitude(v.sig, v.exp - lsb_exp_, v.neg);
  // Sign-extend the unused top bits of the last limb so they mirror bit width-1.
  const int used = width_ % 64;
  if (used) {
    std::uint64_t& top = limbs_.back();
    const bool sign_bit = (top >> (used - 1)) & 1u;
    const bool real_sign = (top >> 63) & 1u;
    // Overflow of the width-bit sum shows up as the width-bit sign differing
    // from the sign of the wider limb arithmetic.
    const bool overflow = sign_bit != real_sign;
    const std::uint64_t mask = ~std::uint64_t{0} << used;
    top = sign_bit ? (top | mask) : (top & ~mask);
    if (overflow) return false;
    return true;
  }
  // Width is a whole number of limbs: same-sign operands giving the other sign overflowed.
  return !(was_neg == v.neg && is_negative() != was_neg);
}

Value KulischAccumulator::value() const {
  if (is_zero()) return Value::zero();
  const bool neg = is_negative();
  std::vector<std::uint64_t> mag = limbs_;
  if (neg) {  // two's complement negate
    std::uint64_t carry = 1;
    for (auto& l : mag) {
      l = ~l + carry;
      carry = (carry && l == 0) ? 1 : 0;
    }
  }
  int top_limb = static_cast<int>(mag.size()) - 1;
  while (top_limb > 0 && mag[static_cast<std::size_t>(top_limb)] == 0) --top_limb;
  const std::uint64_t t = mag[static_cast<std::size_t>(top_limb)];
  const int msb = top_limb * 64 + static_cast<int>(std::bit_width(t)) - 1;
  if (msb < 64) return Value::finite(neg, mag[0], lsb_exp_);
  // Take 63 bits ending at msb, sticky for the rest.
  const int low = msb - 62;
  auto bit_range = [&](int from) {  // 64 bits starting at bit `from`
    const std::size_t l = static_cast<std::size_t>(from / 64);
    const int b = from % 64;
    std::uint64_t r = mag[l] >> b;
    if (b && l + 1 < mag.size()) r |= mag[l + 1] << (64 - b);
    return r;
  };
  const std::uint64_t sig = bit_range(low) & ((std::uint64_t{1} << 63) - 1);
  bool sticky = false;
  for (int i = 0; i < low / 64 && !sticky; ++i) sticky = mag[static_cast<std::size_t>(i)] != 0;
  if (!sticky && low % 64) sticky = (mag[static_cast<std::size_t>(low / 64)] & ((std::uint64_t{1} << (low % 64)) - 1)) != 0;
  return Value::finite(neg, sig, lsb_exp_ + low, sticky);
}

void KulischAccumulator::set_bits(const std::vector<std::uint64_t>& raw) {
  for (std::size_t i = 0; i < limbs_.size(); ++i) limbs_[i] = i < raw.size() ? raw[i] : 0;
  const int used = width_ % 64;
  if (used) {
    const std::uint64_t keep = (std::uint64_t{1} << used) - 1;
    const bool neg = (limbs_.back() >> (used - 1)) & 1u;
    limbs_.back() = neg ? (limbs_.back() | ~keep) : (limbs_.back() & keep);
  }
}

void KulischAccumulator::set_min_pattern() {
  clear();
  const int used = width_ % 64;
  if (used) limbs_.back() = ~std::uint64_t{0} << (used - 1);
  else limbs_.back() = std::uint64_t{1} << 63;
}

bool KulischAccumulator::is_min_pattern() const {
  KulischAccumulator m(width_, lsb_exp_);
  m.set_min_pattern();
  return m.limbs_ == limbs_;
}

}  // namespace qmac::golden
