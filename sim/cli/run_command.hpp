// `qmac run ARCH WORKLOAD [--mode cycle|fast] [--out DIR] [--seed S]
//  [--mac FORMAT] [--timing rtl|ideal]`: a workload on an architecture.
// Prints the summary, writes DIR/report.json and DIR/report.csv, and a rate
// line on stderr (PE-updates/s in cycle mode, simulated MACs/s in fast mode).
#pragma once

#include <ostream>

namespace qmac::cli {

int run_command(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace qmac::cli
