// Presenting an ExploreReport: the terminal table, report.json, report.csv and
// an SVG chart of SQNR against bits per element (one labelled point per format).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/explore/explore_runner.hpp"

namespace qmac::explore {

struct FormatSummary {
  std::string format;
  double bits_per_element = 0;
  double tensor_sqnr_db = 0;  // mean over tensors
  double gemm_sqnr_db = 0;    // mean over GEMM pairs (NaN if none)
  double clipped_fraction = 0;
};

std::vector<FormatSummary> summarize(const ExploreReport& rep);
void print_tables(const ExploreReport& rep, std::ostream& out);
void write_json(const ExploreReport& rep, const std::string& path);
void write_csv(const ExploreReport& rep, const std::string& path);
void write_svg(const ExploreReport& rep, const std::string& path);

}  // namespace qmac::explore
