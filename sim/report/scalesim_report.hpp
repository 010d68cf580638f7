// SCALE-Sim v2's own reports, written beside report.json when the workload was
// a SCALE-Sim topology, so its users' scripts keep working: COMPUTE_REPORT.csv,
// BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv with SCALE-Sim's headers
// and row layout ("LayerID, v1, v2, ...,"). How each column is derived from
// qmac's counters is in the README ("SCALE-Sim reports").
#pragma once

#include <string>

#include "sim/report/run_report.hpp"

namespace qmac::report {

struct ScaleSimReports {
  std::string compute, bandwidth, detailed;  // the three files' contents
};

ScaleSimReports scalesim_reports(const RunReport& r);

}  // namespace qmac::report
