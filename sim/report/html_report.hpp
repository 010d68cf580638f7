// report.html of `qmac run`: one self-contained page (inline CSS and SVG, no
// script, nothing fetched) with the headline figures, energy per layer and
// per component, cycles and utilization per layer, the area breakdown, the
// layer table, the checks, every number's source and every input's hash.
#pragma once

#include <ostream>

#include "sim/report/run_report.hpp"

namespace qmac::report {

void write_html(const RunReport& r, std::ostream& out);

}  // namespace qmac::report
