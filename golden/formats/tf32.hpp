// TF32 (NVIDIA TensorFloat-32): s.8e.10m, bias 127, min subnormal 2^-136. The code is the
// 19-bit field s.e.m (printed as 5 hex digits); in memory it sits in an FP32 container
// as code << 13. RNE by default; NearestAway reproduces PTX cvt.rna.tf32.f32.
#pragma once

#include "golden/formats/minifloat.hpp"

namespace qmac::golden {

using Tf32 = Minifloat<MinifloatSpec{8, 10, 127, Specials::Ieee, true}>;

}  // namespace qmac::golden
