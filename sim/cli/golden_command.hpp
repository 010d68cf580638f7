// `qmac golden ...`: the golden format library on the command line.
#pragma once

#include <iosfwd>

namespace qmac::cli {

// argv[0] is "golden". Reads stdin, writes stdout/stderr; returns the exit code
// (0 ok, 2 bad input or usage).
int golden_command(int argc, const char* const* argv, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace qmac::cli
