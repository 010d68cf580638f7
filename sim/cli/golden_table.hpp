// The readable table of every format's range and precision (`qmac golden table`).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace qmac::cli {

void print_format_table(const std::vector<std::string>& formats, std::ostream& out);

}  // namespace qmac::cli
