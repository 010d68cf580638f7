// FP6 E2M3, OCP MX v1.0 element: s.ee.mmm, bias 1, no Inf/NaN, max 7.5, min subnormal 1/8.
// NaN input gives the sign-set zero code and the invalid flag (formats.md §6.2).
#pragma once

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

using E2M3 = Minifloat<MinifloatSpec{2, 3, 1, Specials::NoSpecials}>;

}  // namespace qmac::golden
