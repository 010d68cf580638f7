// FP8 E5M2, OCP OFP8 v1.0: s.eeeee.mm, bias 15, IEEE-style Inf (S.11111.00) and NaN
// (S.11111.{01,10,11}; golden writes S.11111.10), max 57344, min subnormal 2^-16.
#pragma once

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

using E5M2 = Minifloat<MinifloatSpec{5, 2, 15, Specials::Ieee}>;

}  // namespace qmac::golden
