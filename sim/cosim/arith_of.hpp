// ArithOf<F>: the PE arithmetic (golden/mac/pe_arith.hpp) the model runs beside
// an RTL array of MAC family F, and the partial-sum encoding its driver speaks.
#pragma once

#include "golden/mac/mac_kind.hpp"
#include "golden/mac/pe_arith.hpp"

namespace qmac::cosim {

template <golden::MacFamily F>
struct ArithOf;
template <> struct ArithOf<golden::MacFamily::Integer> { using type = golden::pe::IntArith; };
template <> struct ArithOf<golden::MacFamily::FloatFp32> { using type = golden::pe::Fp32Arith; };
template <> struct ArithOf<golden::MacFamily::Kulisch> { using type = golden::pe::ExactArith; };
template <> struct ArithOf<golden::MacFamily::MxBlock> { using type = golden::pe::ExactArith; };
template <> struct ArithOf<golden::MacFamily::DialectFp4> { using type = golden::pe::ExactArith; };
template <> struct ArithOf<golden::MacFamily::Quire> { using type = golden::pe::QuireArith; };

}  // namespace qmac::cosim
