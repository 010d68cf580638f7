// `qmac explore`: format accuracy on real and synthetic tensors.
#pragma once

#include <iosfwd>

namespace qmac::cli {

int explore_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace qmac::cli
