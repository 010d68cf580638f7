#include "sim/report/run_report.hpp"

#include <cmath>
#include <cstdio>
#include <iomanip>

#include "golden/formats/registry.hpp"
#include "sim/io/report_file.hpp"
#include "sim/report/svg_chart.hpp"

namespace qmac::report {
namespace {

using models::Counters;

std::uint64_t sram_reads(const Counters& c) { return c.input_sram.read_words + c.weight_sram.read_words + c.output_sram.read_words; }
std::uint64_t sram_writes(const Counters& c) { return c.input_sram.write_words + c.weight_sram.write_words + c.output_sram.write_words; }

double utilization(const models::ArchSpec& a, const Counters& c) {
  const double pe_cycles = static_cast<double>(a.rows) * a.cols * static_cast<double>(c.total_cycles);
  return pe_cycles > 0 ? static_cast<double>(c.macs) / pe_cycles : 0.0;
}

using io::json_string;

}  // namespace

std::string readable_energy(double pj) { return svg::si(pj, "J"); }

namespace {

void json_breakdown(const models::EnergyBreakdown& e, std::ostream& out) {
  out << "{\"total\": " << std::setprecision(12) << e.total_pj();
  for (std::size_t i = 0; i < models::kEnergyComponents.size(); ++i) out << ", \"" << models::kEnergyComponents[i] << "\": " << e.pj[i];
  out << "}";
}

// {"total": pJ, component: pJ, ...}, or null without a table.
void json_energy(const RunReport& r, const Counters& c, std::ostream& out) {
  if (!r.energy) {
    out << "null";
    return;
  }
  json_breakdown(models::energy_of(c, *r.energy), out);
}

// The toggles and the energy they give, or null when not measured (fast mode).
void json_activity(const RunReport& r, const Counters& c, const models::Activity& a, std::ostream& out) {
  if (!a.measured) {
    out << "null";
    return;
  }
  out << "{\"operand_toggles\": " << a.operand_toggles << ", \"stationary_toggles\": " << a.stationary_toggles
      << ", \"psum_toggles\": " << a.psum_toggles << ", \"input_sram_toggles\": " << a.input_sram_toggles
      << ", \"weight_sram_toggles\": " << a.weight_sram_toggles << ", \"energy_pj\": ";
  if (r.energy) json_breakdown(models::activity_energy_of(c, a, *r.energy), out);
  else out << "null";
  out << "}";
}

// Every counter of counter_fields() (a memory's as one object), then the derived figures.
void json_counters(const models::ArchSpec& a, const Counters& c, std::uint64_t scalesim_cycles, std::ostream& out, const std::string& ind) {
  std::string open_group;
  for (const models::CounterField& f : models::counter_fields()) {
    if (open_group != f.group) {
      if (!open_group.empty()) out << "},\n";
      open_group = f.group;
      if (!open_group.empty()) out << ind << "\"" << f.group << "\": {";
    } else if (!open_group.empty()) {
      out << ", ";
    }
    if (open_group.empty()) out << ind;
    out << "\"" << f.name << "\": " << f.of(c);
    if (open_group.empty()) out << ",\n";
  }
  if (!open_group.empty()) out << "},\n";
  out << ind << "\"scalesim_cycles\": " << scalesim_cycles << ",\n"
      << ind << "\"seconds\": " << std::setprecision(9) << static_cast<double>(c.total_cycles) / (a.clock_mhz * 1e6) << ",\n"
      << ind << "\"utilization\": " << std::setprecision(6) << utilization(a, c) << ",\n"
      << ind << "\"register_updates\": " << c.register_updates() << ",\n"
      << ind << "\"sram_reads\": " << sram_reads(c) << ",\n"
      << ind << "\"sram_writes\": " << sram_writes(c) << "\n";
}

}  // namespace

bool RunReport::checks_passed() const {
  for (const auto& c : checks)
    if (!c.passed()) return false;
  return true;
}

models::Activity RunReport::total_activity() const {
  models::Activity t;
  for (const auto& l : layers) t += l.activity;
  return t;
}

Counters RunReport::total() const {
  Counters t;
  for (const auto& l : layers) t += l.counters;
  return t;
}

Performance performance_of(const RunReport& r) {
  Performance p;
  const Counters t = r.total();
  std::uint64_t padding = 0;
  for (const auto& l : r.layers) padding += l.padding_macs();
  const double useful_ops = 2.0 * static_cast<double>(t.macs - padding);
  p.seconds = static_cast<double>(t.total_cycles) / (r.arch.clock_mhz * 1e6);
  if (p.seconds > 0) {
    p.inferences_per_s = 1 / p.seconds;
    p.tokens_per_s = static_cast<double>(r.tokens) / p.seconds;
    p.tops = useful_ops / p.seconds / 1e12;
  }
  if (r.energy) {
    const double pj = models::energy_of(t, *r.energy).total_pj();
    if (t.macs > 0) p.pj_per_mac = pj / static_cast<double>(t.macs);
    if (pj > 0) p.tops_per_w = useful_ops / (pj * 1e-12) / 1e12;
    if (p.seconds > 0) p.watts = pj * 1e-12 / p.seconds;
  }
  return p;
}

void print_summary(const RunReport& r, std::ostream& out) {
  const auto& a = r.arch;
  out << "qmac " QMAC_VERSION " (" QMAC_GIT_DESCRIBE ") run: " << r.arch_file << " x " << r.workload_file << "\n";
  out << "arch " << a.name << ": " << a.rows << "x" << a.cols << " " << models::dataflow_name(a.dataflow) << ", mac "
      << a.mac.name()
      << ", activations " << a.activation_path() << ", timing "
      << (a.timing == models::TimingMode::Rtl ? "rtl" : "ideal") << ", mode " << r.mode << "\n";
  char buf[512];
  std::snprintf(buf, sizeof buf, "%-20s %7s %7s %7s %6s %14s %12s %14s %6s %16s %13s %13s %13s %13s\n", "layer", "M", "K", "N",
                "repeat", "compute_cyc", "stall_cyc", "total_cyc", "util", "macs", "sram_rd_words", "sram_wr_words",
                "dram_rd_B", "dram_wr_B");
  out << buf;
  auto row = [&](const std::string& name, const std::string& m, const std::string& k, const std::string& n, const std::string& rep,
                 const Counters& c) {
    std::snprintf(buf, sizeof buf, "%-20s %7s %7s %7s %6s %14llu %12llu %14llu %5.1f%% %16llu %13llu %13llu %13llu %13llu\n",
                  name.substr(0, 20).c_str(), m.c_str(), k.c_str(), n.c_str(), rep.c_str(), (unsigned long long)c.compute_cycles,
                  (unsigned long long)c.stall_cycles, (unsigned long long)c.total_cycles, 100.0 * utilization(a, c),
                  (unsigned long long)c.macs, (unsigned long long)sram_reads(c), (unsigned long long)sram_writes(c),
                  (unsigned long long)c.dram_read_bytes, (unsigned long long)c.dram_write_bytes);
    out << buf;
  };
  for (const auto& l : r.layers)
    row(l.layer.name, std::to_string(l.layer.m), std::to_string(l.layer.k), std::to_string(l.layer.n), std::to_string(l.layer.repeat),
        l.counters);
  row("total", "", "", "", "", r.total());
  const Counters t = r.total();
  const Performance perf = performance_of(r);
  out << "total: " << t.total_cycles << " cycles = " << std::setprecision(6) << perf.seconds * 1e3 << " ms at " << a.clock_mhz
      << " MHz\n";
  {
    char b[256];
    std::snprintf(b, sizeof b, "throughput: %.4g inferences/s, %.4g TOPS (2 ops per MAC, padding excluded)", perf.inferences_per_s,
                  perf.tops);
    out << b;
    if (r.tokens > 0) {
      std::snprintf(b, sizeof b, ", %.4g tokens/s (%lld per pass)", perf.tokens_per_s, static_cast<long long>(r.tokens));
      out << b;
    }
    if (r.energy) {
      std::snprintf(b, sizeof b, "; efficiency: %.4g TOPS/W at %.4g W average", perf.tops_per_w, perf.watts);
      out << b;
    }
    out << "\n";
  }
  std::uint64_t pad = 0;
  int padded = 0;
  for (const auto& l : r.layers) {
    pad += l.padding_macs();
    padded += l.k_padding > 0;
  }
  if (padded > 0)
    out << "padding: " << padded << " layer(s) padded with zeros along K to fill the last block: " << pad << " of the "
        << t.macs << " MACs (" << std::setprecision(3) << 100.0 * static_cast<double>(pad) / static_cast<double>(t.macs) << "%)\n";
  if (r.energy) {
    const models::EnergyBreakdown e = models::energy_of(t, *r.energy);
    out << "energy (" << r.energy->node << ", " << r.energy->file << "): " << readable_energy(e.total_pj());
    if (t.macs > 0) {
      char b[64];
      std::snprintf(b, sizeof b, " = %.4g pJ/MAC", e.total_pj() / static_cast<double>(t.macs));
      out << b;
    }
    out << ";";
    for (std::size_t i = 0; i < models::kEnergyComponents.size(); ++i) {
      if (e.pj[i] == 0) continue;
      char b[64];
      std::snprintf(b, sizeof b, " %s %.1f%%", models::kEnergyComponents[i], 100.0 * e.pj[i] / e.total_pj());
      out << b;
    }
    out << "\n";
    const models::Activity act = r.total_activity();
    if (act.measured) {
      const models::EnergyBreakdown a = models::activity_energy_of(t, act, *r.energy);
      char b[160];
      std::snprintf(b, sizeof b, "energy with the measured switching activity: %s (%+.1f%% on the table's; mac %+.1f%%, registers %+.1f%%)\n",
                    readable_energy(a.total_pj()).c_str(), 100 * (a.total_pj() / e.total_pj() - 1),
                    e.pj[0] > 0 ? 100 * (a.pj[0] / e.pj[0] - 1) : 0.0, e.pj[1] > 0 ? 100 * (a.pj[1] / e.pj[1] - 1) : 0.0);
      out << b;
    }
  } else {
    out << "energy: not reported: " << r.energy_missing << "\n";
  }
  if (r.area) {
    const auto& ar = *r.area;
    out << "area: " << std::setprecision(4) << ar.total_um2() * 1e-6 << " mm2: logic " << ar.logic_um2() * 1e-6 << " mm2 (";
    for (std::size_t i = 0; i < models::kAreaComponents.size(); ++i) {
      char b[64];
      std::snprintf(b, sizeof b, "%s%s %.1f%%", i == 0 ? "" : i == models::kLogicAreaComponents ? "), SRAM macros (" : ", ",
                    models::kAreaComponents[i], 100 * ar.um2[i] / ar.total_um2());
      out << b;
    }
    out << ")\n";
  } else {
    out << "area: not reported: " << r.area_missing << "\n";
  }
  for (const auto& c : r.checks)
    out << "check: " << c.what << ": " << c.matched << " of " << c.compared << " " << c.unit << " agree"
        << (c.passed() ? "" : " -- FAILED, first: " + c.first_mismatch) << "\n";
}

void write_json(const RunReport& r, std::ostream& out) {
  const auto& a = r.arch;
  out << "{\n  \"qmac_version\": \"" QMAC_VERSION "\",\n  \"produced_by\": \"qmac run\",\n  \"qmac_build\": \"" QMAC_GIT_DESCRIBE "\",\n  \"inputs\": [";
  for (std::size_t i = 0; i < r.inputs.size(); ++i)
    out << (i ? ", " : "") << "{\"file\": " << json_string(r.inputs[i].first) << ", \"sha1\": \"" << r.inputs[i].second << "\"}";
  out << "],\n  \"arch_file\": " << json_string(r.arch_file) << ",\n  \"workload_file\": " << json_string(r.workload_file)
      << ",\n  \"mode\": " << json_string(r.mode) << ",\n  \"arch\": {\"name\": " << json_string(a.name) << ", \"rows\": " << a.rows
      << ", \"cols\": " << a.cols << ", \"dataflow\": \"" << models::dataflow_name(a.dataflow) << "\", \"a_format\": "
      << json_string(a.mac.a->name) << ", \"b_format\": " << json_string(a.mac.b->name) << ", \"activation_format\": "
      << json_string(a.online_quantizer() ? golden::activation_input_name(a.activation_input) : "") << ", \"activation_path\": " << json_string(a.activation_path()) << ", \"timing\": \"" << (a.timing == models::TimingMode::Rtl ? "rtl" : "ideal")
      << "\", \"clock_mhz\": " << a.clock_mhz << "},\n  \"layers\": [\n";
  for (std::size_t i = 0; i < r.layers.size(); ++i) {
    const auto& l = r.layers[i];
    out << "    {\n      \"name\": " << json_string(l.layer.name) << ",\n      \"m\": " << l.layer.m << ",\n      \"k\": " << l.layer.k
        << ",\n      \"n\": " << l.layer.n << ",\n      \"repeat\": " << l.layer.repeat << ",\n      \"k_padding\": " << l.k_padding
        << ",\n      \"padding_macs\": " << l.padding_macs() << ",\n      \"activation_path\": " << json_string(a.activation_path()) << ",\n";
    json_counters(a, l.counters, l.scalesim_cycles(), out, "      ");
    out << "      ,\"energy_pj\": ";
    json_energy(r, l.counters, out);
    out << ",\n      \"activity\": ";
    json_activity(r, l.counters, l.activity, out);
    out << "\n    }" << (i + 1 < r.layers.size() ? "," : "") << "\n";
  }
  out << "  ],\n  \"checks\": [";
  for (std::size_t i = 0; i < r.checks.size(); ++i) {
    const auto& c = r.checks[i];
    out << (i ? ",\n" : "\n") << "    {\"what\": " << json_string(c.what) << ", \"unit\": " << json_string(c.unit)
        << ", \"compared\": " << c.compared << ", \"matched\": " << c.matched << ", \"passed\": " << (c.passed() ? "true" : "false")
        << ", \"first_mismatch\": " << json_string(c.first_mismatch) << "}";
  }
  out << (r.checks.empty() ? "],\n" : "\n  ],\n") << "  \"energy\": ";
  if (r.energy) {
    out << "{\"node\": " << json_string(r.energy->node) << ", \"table\": " << json_string(r.energy->file) << ", \"sources\": [";
    for (std::size_t i = 0; i < r.energy->sources.size(); ++i) out << (i ? ", " : "") << json_string(r.energy->sources[i]);
    out << "]},\n";
  } else {
    out << "{\"missing\": " << json_string(r.energy_missing) << "},\n";
  }
  out << "  \"area_um2\": ";
  if (r.area) {
    out << "{\"total\": " << std::setprecision(12) << r.area->total_um2() << ", \"logic\": " << r.area->logic_um2();
    for (std::size_t i = 0; i < models::kAreaComponents.size(); ++i) out << ", \"" << models::kAreaComponents[i] << "\": " << r.area->um2[i];
    out << ", \"sources\": [";
    for (std::size_t i = 0; i < r.area->sources.size(); ++i) out << (i ? ", " : "") << json_string(r.area->sources[i]);
    out << "]},\n";
  } else {
    out << "{\"missing\": " << json_string(r.area_missing) << "},\n";
  }
  const Performance perf = performance_of(r);
  out << "  \"performance\": {\"seconds\": " << std::setprecision(9) << perf.seconds << ", \"inferences_per_s\": " << perf.inferences_per_s
      << ", \"tokens\": " << r.tokens << ", \"tokens_per_s\": " << perf.tokens_per_s << ", \"tops\": " << perf.tops;
  if (r.energy)
    out << ", \"pj_per_mac\": " << perf.pj_per_mac << ", \"tops_per_w\": " << perf.tops_per_w << ", \"watts\": " << perf.watts;
  else
    out << ", \"pj_per_mac\": null, \"tops_per_w\": null, \"watts\": null";
  out << "},\n  \"total\": {\n";
  std::uint64_t scalesim_total = 0;
  for (const auto& l : r.layers) scalesim_total += l.scalesim_cycles();
  json_counters(a, r.total(), scalesim_total, out, "    ");
  out << "    ,\"energy_pj\": ";
  json_energy(r, r.total(), out);
  out << ",\n    \"activity\": ";
  json_activity(r, r.total(), r.total_activity(), out);
  out << "\n  }\n}\n";
}

void write_csv(const RunReport& r, std::ostream& out) {
  out << "name,m,k,n,repeat";
  for (const models::CounterField& f : models::counter_fields()) out << ',' << f.flat_name();
  out << ",utilization,register_updates,sram_reads,sram_writes,energy_activity_pj,energy_pj";
  for (const char* comp : models::kEnergyComponents) out << ",energy_" << comp << "_pj";
  out << '\n';
  auto line = [&](const std::string& name, const models::GemmLayer* L, const Counters& c, const models::Activity& act) {
    out << io::csv_field(name) << ',' << (L ? std::to_string(L->m) : "") << ',' << (L ? std::to_string(L->k) : "") << ','
        << (L ? std::to_string(L->n) : "") << ',' << (L ? std::to_string(L->repeat) : "");
    for (const models::CounterField& f : models::counter_fields()) out << ',' << f.of(c);
    out << ',' << std::setprecision(6) << utilization(r.arch, c) << ',' << c.register_updates() << ',' << sram_reads(c) << ','
        << sram_writes(c);
    // Energy columns stay empty without a table (report.json says why), the activity's without a measurement.
    out << ',';
    if (r.energy && act.measured) out << std::setprecision(12) << models::activity_energy_of(c, act, *r.energy).total_pj();
    if (r.energy) {
      const models::EnergyBreakdown e = models::energy_of(c, *r.energy);
      out << ',' << std::setprecision(12) << e.total_pj();
      for (double x : e.pj) out << ',' << x;
    } else {
      for (std::size_t i = 0; i <= models::kEnergyComponents.size(); ++i) out << ',';
    }
    out << '\n';
  };
  for (const auto& l : r.layers) line(l.layer.name, &l.layer, l.counters, l.activity);
  line("total", nullptr, r.total(), r.total_activity());
}

}  // namespace qmac::report
