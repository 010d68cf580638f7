// FP6 E3M2, OCP MX v1.0 element: s.eee.mm, bias 3, no Inf/NaN, max 28, min subnormal 1/16.
// NaN input gives the sign-set zero code and the invalid flag (formats.md §6.2).
#pragma once

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

using E3M2 = Minifloat<MinifloatSpec{3, 2, 3, Specials::NoSpecials}>;

}  // namespace qmac::golden
