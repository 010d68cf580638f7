// FP16, IEEE 754 binary16: s.eeeee.mmmmmmmmmm, bias 15, max 65504, min subnormal 2^-24.
#pragma once

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

using Fp16 = Minifloat<MinifloatSpec{5, 10, 15, Specials::Ieee, true}>;

}  // namespace qmac::golden
