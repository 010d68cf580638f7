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

// Accuracy and cost side by side, one row per W:A pair, with the Pareto fronts
// of accuracy (GEMM SQNR, or tensor SQNR without GEMMs; higher is better)
// against energy per inference and against array area (lower is better).
// A row is on a front when no costed row is at least as good on both axes and
// better on one.
struct JointRow {
  FormatSummary accuracy;
  double weight_bits = 0, activation_bits = 0;  // means over the tensors of that role (NaN: none)
  double accuracy_db = 0;
  FormatCost cost;
  bool front_energy = false, front_area = false;
};
std::vector<JointRow> joint_rows(const ExploreReport& rep);

// report.html: the joint table and the two Pareto plots (needs costs), the
// accuracy summary, and where the tensors came from.
void write_html(const ExploreReport& rep, const std::string& path);
// joint.csv: the joint table, one row per pair (needs costs).
void write_joint_csv(const ExploreReport& rep, const std::string& path);
void print_tables(const ExploreReport& rep, std::ostream& out);
void write_json(const ExploreReport& rep, const std::string& path);
void write_csv(const ExploreReport& rep, const std::string& path);
void write_svg(const ExploreReport& rep, const std::string& path);

}  // namespace qmac::explore
