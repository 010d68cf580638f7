// The report of `qmac run`: a summary table per layer and in total, and
// report.json / report.csv (keys documented in the README). Counters come
// from the model or the fast model; nothing here simulates.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "models/arch_spec.hpp"
#include "models/counters.hpp"

namespace qmac::report {

struct LayerReport {
  models::GemmLayer layer;
  models::Counters counters;  // all repeats
};

struct RunReport {
  std::string arch_file, workload_file, mode;
  models::ArchSpec arch;
  std::vector<LayerReport> layers;
  models::Counters total() const;
};

void print_summary(const RunReport& r, std::ostream& out);
void write_json(const RunReport& r, std::ostream& out);
void write_csv(const RunReport& r, std::ostream& out);

}  // namespace qmac::report
