// Posit arithmetic (Posit Standard 2022 §5): each operation is the exact
// result rounded once (formats.md §3.2). NaR in gives NaR out; x/0 and the
// square root of a negative number are NaR; a nonzero result never rounds to
// 0 or NaR.
#pragma once

#include <cstdint>

#include "golden/arith/value_arith.hpp"
#include "golden/formats/posit.hpp"

namespace qmac::golden {

enum class PositOp : std::uint8_t { Add, Sub, Mul, Div, Sqrt };

inline std::uint64_t posit_apply(const PositSpec& p, PositOp op, std::uint64_t a, std::uint64_t b = 0) {
  const Value x = p.decode(a);
  const Value y = p.decode(b);
  if (x.is_nan() || (op != PositOp::Sqrt && y.is_nan())) return p.nar();
  switch (op) {
    case PositOp::Add: return p.encode(add(x, y));
    case PositOp::Sub: return p.encode(sub(x, y));
    case PositOp::Mul: return p.encode(mul(x, y));
    case PositOp::Div: return y.is_zero() ? p.nar() : p.encode(div(x, y));
    case PositOp::Sqrt: return p.encode(sqrt(x));  // sqrt(negative) = NaN -> NaR
  }
  return p.nar();
}

}  // namespace qmac::golden
