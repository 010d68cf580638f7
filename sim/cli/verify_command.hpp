// `qmac verify [--suite quick|full] [--seed N] [--filter GLOB] [--junit FILE] [--list]`:
// the regression a verification engineer runs in CI (sim/verify/verify_suite.hpp).
// One line per case (PASS/FAIL, name, seed, outputs, cycles, lockstep or
// model only), a summary per MAC kind, JUnit XML on request; exit 4 when any
// case fails, 2 on bad usage.
#pragma once

#include <ostream>

namespace qmac::cli {

int verify_command(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace qmac::cli
