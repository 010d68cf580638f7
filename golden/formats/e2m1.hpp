// FP4 E2M1, OCP MX v1.0 element: s.ee.m, bias 1, no Inf/NaN, values 0 .5 1 1.5 2 3 4 6.
// NaN input gives the sign-set zero code (0x8) and the invalid flag (formats.md §6.2).
#pragma once

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

using E2M1 = Minifloat<MinifloatSpec{2, 1, 1, Specials::NoSpecials}>;

}  // namespace qmac::golden
