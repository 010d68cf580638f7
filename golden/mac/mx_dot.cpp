#include "golden/mac/mx_dot.hpp"

#include "golden/arith/value_arith.hpp"
#include "golden/formats/e8m0.hpp"

namespace qmac::golden {
namespace {

// IEEE product/sum of the specials in a block, when any element is special.
Value special_dot(const ElementIntTable& ta, std::span<const std::uint8_t> a, const ElementIntTable& tb,
                  std::span<const std::uint8_t> b) {
  bool pos_inf = false, neg_inf = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto sa = ta.special[a[i]], sb = tb.special[b[i]];
    if (sa == ElementIntTable::kNaN || sb == ElementIntTable::kNaN) return Value::nan();
    if (sa == ElementIntTable::kNone && sb == ElementIntTable::kNone) continue;
    const bool za = sa == ElementIntTable::kNone && ta.k[a[i]] == 0;
    const bool zb = sb == ElementIntTable::kNone && tb.k[b[i]] == 0;
    if (za || zb) return Value::nan();  // Inf * 0
    const bool na = sa == ElementIntTable::kNone ? ta.k[a[i]] < 0 : sa == ElementIntTable::kNegInf;
    const bool nb = sb == ElementIntTable::kNone ? tb.k[b[i]] < 0 : sb == ElementIntTable::kNegInf;
    (na != nb ? neg_inf : pos_inf) = true;
  }
  if (pos_inf && neg_inf) return Value::nan();
  if (pos_inf || neg_inf) return Value::inf(neg_inf);
  return Value::zero();  // unreachable when called with a special present
}

}  // namespace

Term mx_block_dot(const ElementIntTable& ta, std::uint8_t scale_a, std::span<const std::uint8_t> a,
                   const ElementIntTable& tb, std::uint8_t scale_b, std::span<const std::uint8_t> b) {
  if (scale_a == E8M0::kNanCode || scale_b == E8M0::kNanCode) return Value::nan();
  if (ta.has_specials || tb.has_specials) {
    for (std::size_t i = 0; i < a.size(); ++i)
      if (ta.special[a[i]] || tb.special[b[i]]) return special_dot(ta, a, tb, b);
  }
  __int128 s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += static_cast<__int128>(ta.k[a[i]]) * tb.k[b[i]];
  return Term::of_int(s, ta.lsb_exp + tb.lsb_exp + E8M0::exponent(scale_a) + E8M0::exponent(scale_b));
}

}  // namespace qmac::golden
