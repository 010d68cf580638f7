// `qmac explore`: format accuracy on real and synthetic tensors.
#pragma once

#include <iosfwd>

#include "sim/explore/format_cost.hpp"

namespace qmac::cli {

// `make_cost`: how `--arch A --workload W` cost each format (qmac's run
// library gives it; without one, --arch is refused).
int explore_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                    const explore::CostModelFactory& make_cost = nullptr);

}  // namespace qmac::cli
