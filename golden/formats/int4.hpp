// INT4: 4-bit two's complement integer, -8..7.
#pragma once

#include "golden/formats/twos_complement_int.hpp"

namespace qmac::golden {

using Int4 = TwosComplementInt<4>;

}  // namespace qmac::golden
