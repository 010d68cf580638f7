// BF16 (bfloat16): the top 16 bits of FP32, s.8e.7m, bias 127, min subnormal 2^-133.
// Encode is RNE on the exact value (equal to (bits + 0x7FFF + bit16) >> 16 for finite FP32).
#pragma once

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

using Bf16 = Minifloat<MinifloatSpec{8, 7, 127, Specials::Ieee, true}>;

}  // namespace qmac::golden
