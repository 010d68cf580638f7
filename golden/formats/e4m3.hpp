// FP8 E4M3, OCP OFP8 v1.0 ("E4M3FN"): s.eeee.mmm, bias 7, no Inf, NaN only S.1111.111,
// max 448 = S.1111.110, min subnormal 2^-9. Overflow policy is a parameter (formats.md §6.1).
#pragma once

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

using E4M3 = Minifloat<MinifloatSpec{4, 3, 7, Specials::NanOnlyAllOnes}>;

}  // namespace qmac::golden
