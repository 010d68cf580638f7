#include "sim/report/scalesim_report.hpp"

#include <cstdio>
#include <sstream>

namespace qmac::report {
namespace {

std::string num(double v) {
  char b[40];
  std::snprintf(b, sizeof b, "%.10g", v);
  return b;
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

// The GEMM dimensions the dataflow maps onto the array's rows and columns (docs/timing.md).
std::pair<std::int64_t, std::int64_t> mapped(const models::ArchSpec& a, const models::GemmLayer& L, std::int64_t k) {
  switch (a.dataflow) {
    case models::Dataflow::OS: return {L.m, L.n};
    case models::Dataflow::IS: return {k, L.m};
    case models::Dataflow::WS: break;
  }
  return {k, L.n};
}

}  // namespace

ScaleSimReports scalesim_reports(const RunReport& r) {
  const auto& a = r.arch;
  const double pes = static_cast<double>(a.rows) * a.cols;
  std::ostringstream cr, bw, dr;
  cr << "LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n";
  bw << "LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,\n";
  dr << "LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, SRAM Filter Start Cycle, SRAM Filter Stop Cycle, "
        "SRAM Filter Reads, SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, DRAM IFMAP Start Cycle, DRAM IFMAP "
        "Stop Cycle, DRAM IFMAP Reads, DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, DRAM OFMAP Start Cycle, "
        "DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,\n";
  for (std::size_t i = 0; i < r.layers.size(); ++i) {
    const auto& l = r.layers[i];
    const auto& c = l.counters;
    const std::uint64_t compute = l.scalesim_cycles();
    const std::uint64_t total = compute + c.stall_cycles;
    const double cyc = total > 0 ? static_cast<double>(total) : 1;
    const auto [dr_rows, dr_cols] = mapped(a, l.layer, l.layer.k + l.k_padding);
    const double mapping = 100.0 * static_cast<double>(dr_rows) * static_cast<double>(dr_cols) /
                           (pes * static_cast<double>(ceil_div(dr_rows, a.rows)) * static_cast<double>(ceil_div(dr_cols, a.cols)));
    const double macs = static_cast<double>(c.macs);
    cr << i << ", " << total << ", " << c.stall_cycles << ", " << num(100 * macs / (pes * cyc)) << ", " << num(mapping) << ", "
       << num(compute > 0 ? 100 * macs / (pes * static_cast<double>(compute)) : 0) << ",\n";
    // A word is a byte (SCALE-Sim's default word size): INT8 elements, bytes of anything else.
    const std::uint64_t if_sram = c.input_sram.read_bits / 8, f_sram = c.weight_sram.read_bits / 8, of_sram = c.output_sram.write_bits / 8;
    bw << i << ", " << num(if_sram / cyc) << ", " << num(f_sram / cyc) << ", " << num(of_sram / cyc) << ", "
       << num(c.dram_a_read_bytes / cyc) << ", " << num(c.dram_b_read_bytes / cyc) << ", " << num(c.dram_write_bytes / cyc) << ",\n";
    // Start and stop: the layer's span (qmac does not record the first and last access).
    auto span = [&](std::uint64_t n) { return "0, " + std::to_string(total) + ", " + std::to_string(n); };
    dr << i << ", " << span(if_sram) << ", " << span(f_sram) << ", " << span(of_sram) << ", " << span(c.dram_a_read_bytes) << ", "
       << span(c.dram_b_read_bytes) << ", " << span(c.dram_write_bytes) << ",\n";
  }
  return {cr.str(), bw.str(), dr.str()};
}

}  // namespace qmac::report
