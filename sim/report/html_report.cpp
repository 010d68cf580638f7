#include "sim/report/html_report.hpp"

#include <cstdio>
#include <string>
#include <vector>

#include "sim/report/svg_chart.hpp"

namespace qmac::report {
namespace {

using svg::escape;

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

void row(std::ostream& out, const std::string& k, const std::string& v) {
  out << "<tr><th>" << escape(k) << "</th><td>" << escape(v) << "</td></tr>\n";
}

void list(std::ostream& out, const std::string& title, const std::vector<std::string>& items) {
  out << "<h3>" << escape(title) << "</h3>\n<ul class=\"sources\">\n";
  for (const auto& s : items) out << "<li>" << escape(s) << "</li>\n";
  out << "</ul>\n";
}

}  // namespace

void write_html(const RunReport& r, std::ostream& out) {
  const auto& a = r.arch;
  const models::Counters t = r.total();
  const Performance perf = performance_of(r);
  const std::string arch_line = std::to_string(a.rows) + "x" + std::to_string(a.cols) + " " + std::string(models::dataflow_name(a.dataflow)) +
                                ", mac " + a.mac.name() +
                                ", activations " + a.activation_path() +
                                ", " + fmt("%g", a.clock_mhz) + " MHz, mode " + r.mode;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>qmac run: " << escape(r.workload_file)
      << "</title>\n<meta name=\"generator\" content=\"qmac " QMAC_VERSION " (" QMAC_GIT_DESCRIBE ")\">\n"
      << "<style>body{font-family:sans-serif;margin:24px;max-width:1200px;color:#222}"
         "table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}"
         "th{background:#f4f4f4}td.l,th.l{text-align:left}.kv th{text-align:left}.sources{font-size:12px;color:#444}"
         ".fail{color:#b00;font-weight:bold}.ok{color:#270}svg.chart{display:block;margin:12px 0}</style>\n</head><body>\n";
  out << "<h1>qmac run report</h1>\n<p>Produced by qmac " QMAC_VERSION " (" QMAC_GIT_DESCRIBE ") from <code>" << escape(r.arch_file)
      << "</code> &times; <code>" << escape(r.workload_file) << "</code>.</p>\n";

  out << "<h2>Summary</h2>\n<table class=\"kv\">\n";
  row(out, "architecture", a.name + ": " + arch_line);
  row(out, "cycles", std::to_string(t.total_cycles) + " (" + fmt("%.4g", perf.seconds * 1e3) + " ms)");
  row(out, "MACs", std::to_string(t.macs));
  row(out, "throughput", fmt("%.4g inferences/s", perf.inferences_per_s) + ", " + fmt("%.4g TOPS", perf.tops) +
                             (r.tokens > 0 ? ", " + fmt("%.4g tokens/s", perf.tokens_per_s) : ""));
  if (r.energy) {
    const double pj = models::energy_of(t, *r.energy).total_pj();
    row(out, "energy (" + r.energy->node + ")", readable_energy(pj) + ", " + fmt("%.4g pJ/MAC", perf.pj_per_mac) + ", " +
                                                    fmt("%.4g TOPS/W", perf.tops_per_w) + ", " + fmt("%.4g W", perf.watts));
    if (const models::Activity act = r.total_activity(); act.measured)
      row(out, "energy with measured switching activity", readable_energy(models::activity_energy_of(t, act, *r.energy).total_pj()));
  } else {
    row(out, "energy", "not reported: " + r.energy_missing);
  }
  if (r.area) row(out, "area", fmt("%.4g mm2", r.area->total_um2() * 1e-6) + " (logic " + fmt("%.4g mm2", r.area->logic_um2() * 1e-6) + ")");
  else row(out, "area", "not reported: " + r.area_missing);
  out << "</table>\n";

  if (!r.checks.empty()) {
    out << "<h2>Checks</h2>\n<ul>\n";
    for (const auto& c : r.checks)
      out << "<li class=\"" << (c.passed() ? "ok" : "fail") << "\">" << escape(c.what) << ": " << c.matched << " of " << c.compared << " "
          << escape(c.unit) << " agree" << (c.passed() ? "" : " &mdash; FAILED, first: " + escape(c.first_mismatch)) << "</li>\n";
    out << "</ul>\n";
  }

  std::vector<std::string> names;
  for (const auto& l : r.layers) names.push_back(l.layer.name);
  out << "<h2>Charts</h2>\n";
  if (r.energy) {
    svg::StackedBars e{"Energy per layer, by component (all repeats)", "J", names, {}, {}, {}};
    for (const char* c : models::kEnergyComponents) e.series.push_back(c);
    for (const auto& l : r.layers) {
      const auto b = models::energy_of(l.counters, *r.energy);
      e.values.emplace_back(b.pj.begin(), b.pj.end());
    }
    out << svg::stacked_bars(e);
    svg::StackedBars c{"Energy by component (whole run)", "J", {}, {"energy"}, {}, {}};
    const auto b = models::energy_of(t, *r.energy);
    for (std::size_t i = 0; i < models::kEnergyComponents.size(); ++i) {
      c.rows.push_back(models::kEnergyComponents[i]);
      c.values.push_back({b.pj[i]});
      c.notes.push_back(b.total_pj() > 0 ? fmt("%.1f%%", 100 * b.pj[i] / b.total_pj()) : "");
    }
    out << svg::stacked_bars(c);
  }
  svg::StackedBars cyc{"Cycles per layer (all repeats) and PE utilization", "cycles", names, {"compute", "stall"}, {}, {}};
  for (const auto& l : r.layers) {
    const auto& c = l.counters;
    cyc.values.push_back({static_cast<double>(c.compute_cycles), static_cast<double>(c.stall_cycles)});
    const double pe_cycles = static_cast<double>(a.rows) * a.cols * static_cast<double>(c.total_cycles);
    cyc.notes.push_back(fmt("%.1f%% utilization", pe_cycles > 0 ? 100.0 * static_cast<double>(c.macs) / pe_cycles : 0));
  }
  out << svg::stacked_bars(cyc);
  if (r.area) {
    svg::StackedBars ar{"Area by component", "mm2", {}, {"area"}, {}, {}};
    for (std::size_t i = 0; i < models::kAreaComponents.size(); ++i) {
      ar.rows.push_back(models::kAreaComponents[i]);
      ar.values.push_back({r.area->um2[i] * 1e-6});
      ar.notes.push_back(fmt("%.1f%%", 100 * r.area->um2[i] / r.area->total_um2()));
    }
    out << svg::stacked_bars(ar);
  }

  out << "<h2>Layers</h2>\n<table>\n<tr><th class=\"l\">layer</th><th>M</th><th>K</th><th>N</th><th>repeat</th><th>K padding</th>"
         "<th>cycles</th><th>stall</th><th>MACs</th><th>DRAM bytes</th><th>energy</th></tr>\n";
  for (const auto& l : r.layers) {
    const auto& c = l.counters;
    out << "<tr><td class=\"l\">" << escape(l.layer.name) << "</td><td>" << l.layer.m << "</td><td>" << l.layer.k << "</td><td>"
        << l.layer.n << "</td><td>" << l.layer.repeat << "</td><td>" << l.k_padding << "</td><td>" << c.total_cycles << "</td><td>"
        << c.stall_cycles << "</td><td>" << c.macs << "</td><td>" << c.dram_read_bytes + c.dram_write_bytes << "</td><td>"
        << (r.energy ? escape(readable_energy(models::energy_of(c, *r.energy).total_pj())) : "n/a") << "</td></tr>\n";
  }
  out << "</table>\n";

  out << "<h2>Where the numbers come from</h2>\n";
  if (r.energy) list(out, "Energy (" + r.energy->file + ")", r.energy->sources);
  if (r.area) list(out, "Area", r.area->sources);
  std::vector<std::string> inputs;
  for (const auto& [f, h] : r.inputs) inputs.push_back(f + "  sha1 " + h);
  list(out, "Inputs", inputs);
  out << "</body></html>\n";
}

}  // namespace qmac::report
