// INT8: 8-bit two's complement integer, -128..127 (the baseline MAC operand).
#pragma once

#include "golden/formats/twos_complement_int.hpp"

namespace qmac::golden {

using Int8 = TwosComplementInt<8>;

}  // namespace qmac::golden
