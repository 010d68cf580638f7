#include "sim/explore/explore_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>

#include "sim/io/report_file.hpp"
#include "sim/report/svg_chart.hpp"
#include <stdexcept>

namespace qmac::explore {
namespace {

std::string num(double v, const char* fmt = "%.4g") {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::isnan(v)) return "n/a";
  char b[64];
  std::snprintf(b, sizeof b, fmt, v);
  return b;
}
std::string json_num(double v) { return std::isfinite(v) ? num(v, "%.10g") : "null"; }
std::string json_str(const std::string& s) { return io::json_string(s); }
std::string xml(const std::string& s) { return io::xml_text(s); }
std::string readable_pj(double pj) { return report::svg::si(pj, "J"); }
double mean_finite(const std::vector<double>& v) {
  double s = 0;
  int n = 0;
  for (double x : v)
    if (std::isfinite(x)) {
      s += x;
      ++n;
    }
  return n ? s / n : std::nan("");
}

}  // namespace

std::vector<FormatSummary> summarize(const ExploreReport& rep) {
  std::vector<FormatSummary> out;
  for (const auto& p : rep.pairs) {
    FormatSummary s;
    s.format = p.label;
    std::vector<double> bits, tq, gq, clip;
    // Weights in the pair's weight scheme, activations in its activation scheme.
    for (const auto& r : rep.tensor_results)
      if (r.format == (r.role == "weight" ? p.weight : p.activation)) {
        bits.push_back(r.bits_per_element);
        tq.push_back(r.error.sqnr_db);
        clip.push_back(r.error.clipped_fraction);
      }
    for (const auto& r : rep.gemm_results)
      if (r.format == p.label) gq.push_back(r.error.sqnr_db);
    s.bits_per_element = mean_finite(bits);
    s.tensor_sqnr_db = mean_finite(tq);
    s.gemm_sqnr_db = mean_finite(gq);
    s.clipped_fraction = mean_finite(clip);
    out.push_back(s);
  }
  return out;
}

std::vector<JointRow> joint_rows(const ExploreReport& rep) {
  std::vector<JointRow> rows;
  const auto sums = summarize(rep);
  for (std::size_t i = 0; i < rep.pairs.size(); ++i) {
    JointRow r;
    r.accuracy = sums[i];
    std::vector<double> wb, ab;
    for (const auto& t : rep.tensor_results) {
      if (t.role == "weight" && t.format == rep.pairs[i].weight) wb.push_back(t.bits_per_element);
      if (t.role == "activation" && t.format == rep.pairs[i].activation) ab.push_back(t.bits_per_element);
    }
    r.weight_bits = mean_finite(wb);
    r.activation_bits = mean_finite(ab);
    r.accuracy_db = rep.gemm_results.empty() ? r.accuracy.tensor_sqnr_db : r.accuracy.gemm_sqnr_db;
    if (i < rep.costs.size()) r.cost = rep.costs[i];
    else r.cost.missing = "no --arch/--workload";
    rows.push_back(r);
  }
  auto front = [&](auto cost_of, bool JointRow::*flag) {
    for (auto& r : rows) {
      if (!r.cost.costed() || std::isnan(r.accuracy_db)) continue;
      bool dominated = false;
      for (const auto& o : rows) {
        if (&o == &r || !o.cost.costed() || std::isnan(o.accuracy_db)) continue;
        const double c = cost_of(o), cr = cost_of(r);
        if (c <= cr && o.accuracy_db >= r.accuracy_db && (c < cr || o.accuracy_db > r.accuracy_db)) dominated = true;
      }
      r.*flag = !dominated;
    }
  };
  front([](const JointRow& r) { return r.cost.energy_pj; }, &JointRow::front_energy);
  front([](const JointRow& r) { return r.cost.area_um2; }, &JointRow::front_area);
  return rows;
}

void print_tables(const ExploreReport& rep, std::ostream& out) {
  char line[1024];
  // Columns as wide as their longest entry (tensor, format and GEMM names vary).
  int tw = 6, fw = 6, pw = 27;
  const auto pair_name = [](const GemmResult& r) {
    return r.activation + " x " + r.weight + " (" + std::to_string(r.m) + "x" + std::to_string(r.k) + "x" + std::to_string(r.n) + ")";
  };
  for (const auto& r : rep.tensor_results) {
    tw = std::max(tw, static_cast<int>(r.tensor.size()));
    fw = std::max(fw, static_cast<int>(r.format.size()));
  }
  for (const auto& r : rep.gemm_results) {
    pw = std::max(pw, static_cast<int>(pair_name(r).size()));
    fw = std::max(fw, static_cast<int>(r.format.size()));
  }
  for (const auto& p : rep.pairs) fw = std::max(fw, static_cast<int>(p.label.size()));
  out << "qmac " QMAC_VERSION " explore (seed " << rep.options.seed << ")\n\nTensor quantization error\n";
  std::snprintf(line, sizeof line, "%-*s %-10s %-*s %7s %9s %11s %11s %9s\n", tw, "tensor", "role", fw, "format", "b/elem", "SQNR dB", "MSE",
                "max |err|", "clipped%");
  out << line << std::string(static_cast<std::size_t>(tw + fw + 64), '-') << "\n";
  for (const auto& r : rep.tensor_results) {
    std::snprintf(line, sizeof line, "%-*s %-10s %-*s %7s %9s %11s %11s %9s\n", tw, r.tensor.c_str(), r.role.c_str(), fw, r.format.c_str(),
                  num(r.bits_per_element, "%.3f").c_str(), num(r.error.sqnr_db, "%.2f").c_str(), num(r.error.mse, "%.3e").c_str(),
                  num(r.error.max_abs_error, "%.3e").c_str(), num(100 * r.error.clipped_fraction, "%.3f").c_str());
    out << line;
  }
  if (!rep.gemm_results.empty()) {
    out << "\nGEMM error, Y = X * W^T with golden's MAC semantics vs an FP64 reference\n";
    std::snprintf(line, sizeof line, "%-*s %-*s %7s %12s %9s\n", pw, "activation x weight (MxKxN)", fw, "format", "b/elem", "rel. Frob.",
                  "SQNR dB");
    out << line << std::string(static_cast<std::size_t>(pw + fw + 32), '-') << "\n";
    for (const auto& r : rep.gemm_results) {
      std::snprintf(line, sizeof line, "%-*s %-*s %7s %12s %9s\n", pw, pair_name(r).c_str(), fw, r.format.c_str(),
                    num(r.bits_per_element, "%.3f").c_str(), num(r.error.rel_frobenius, "%.4e").c_str(), num(r.error.sqnr_db, "%.2f").c_str());
      out << line;
    }
  }
  out << "\nSummary per format (means over tensors and GEMMs)\n";
  std::snprintf(line, sizeof line, "%-*s %7s %15s %13s %9s\n", fw, "format", "b/elem", "tensor SQNR dB", "GEMM SQNR dB", "clipped%");
  out << line << std::string(static_cast<std::size_t>(fw + 48), '-') << "\n";
  auto sums = summarize(rep);
  std::sort(sums.begin(), sums.end(), [](const auto& a, const auto& b) { return a.bits_per_element < b.bits_per_element; });
  for (const auto& s : sums) {
    std::snprintf(line, sizeof line, "%-*s %7s %15s %13s %9s\n", fw, s.format.c_str(), num(s.bits_per_element, "%.3f").c_str(),
                  num(s.tensor_sqnr_db, "%.2f").c_str(), num(s.gemm_sqnr_db, "%.2f").c_str(), num(100 * s.clipped_fraction, "%.3f").c_str());
    out << line;
  }
  if (rep.costs.empty()) return;
  out << "\nAccuracy and cost on " << rep.options.arch_file << " running " << rep.options.workload_file
      << " (* on the Pareto front of accuracy vs energy, + vs area)\n";
  std::snprintf(line, sizeof line, "%-*s %6s %6s %9s %9s %10s %10s %14s %9s %8s %s\n", fw, "W:A", "W b/e", "A b/e", "acc. dB", "clipped%",
                "MAC", "energy", "cycles", "area mm2", "TOPS/W", "front");
  out << line << std::string(static_cast<std::size_t>(fw + 100), '-') << "\n";
  for (const auto& r : joint_rows(rep)) {
    if (r.cost.costed()) {
      std::snprintf(line, sizeof line, "%-*s %6s %6s %9s %9s %10s %10s %14llu %9s %8s %s%s\n", fw, r.accuracy.format.c_str(),
                    num(r.weight_bits, "%.3f").c_str(), num(r.activation_bits, "%.3f").c_str(), num(r.accuracy_db, "%.2f").c_str(),
                    num(100 * r.accuracy.clipped_fraction, "%.3f").c_str(), r.cost.mac.c_str(), readable_pj(r.cost.energy_pj).c_str(),
                    static_cast<unsigned long long>(r.cost.cycles), num(r.cost.area_um2 * 1e-6, "%.4g").c_str(),
                    num(r.cost.tops_per_w, "%.4g").c_str(), r.front_energy ? "*" : " ", r.front_area ? "+" : " ");
    } else {
      std::snprintf(line, sizeof line, "%-*s %6s %6s %9s %9s   cost n/a: %s\n", fw, r.accuracy.format.c_str(), num(r.weight_bits, "%.3f").c_str(),
                    num(r.activation_bits, "%.3f").c_str(), num(r.accuracy_db, "%.2f").c_str(),
                    num(100 * r.accuracy.clipped_fraction, "%.3f").c_str(), r.cost.missing.substr(0, 160).c_str());
    }
    out << line;
  }
}

void write_json(const ExploreReport& rep, const std::string& path) {
  std::ostringstream f;
  f << "{\n  \"qmac_version\": \"" QMAC_VERSION "\",\n  \"produced_by\": \"qmac explore\",\n  \"seed\": " << rep.options.seed << ",\n  \"block\": " << rep.options.scheme.block << ",\n  \"weight_select\": "
    << json_str(rep.options.scheme.weight_select == golden::DialectSelect::Mse ? "mse" : "two-stage")
    << ",\n  \"mx_scale_rule\": " << json_str(rep.options.scheme.mx_scale_rule == golden::ScaleRule::Ceil ? "ceil" : "floor")
    << ",\n  \"mx_rounding\": " << json_str(rep.options.scheme.mx_rounding == golden::Rounding::NearestAway ? "away" : "even")
    << ",\n  \"dialect_tie\": " << json_str(rep.options.scheme.dialect_tie == golden::DialectTie::Even ? "even" : "odd")
    << ",\n  \"accumulator\": " << json_str(rep.options.scheme.sum == golden::SumPrecision::Fp16 ? "fp16" : "fp32")
    << ",\n  \"sample_rows\": " << rep.options.sample_rows << ",\n  \"qmac_build\": \"" QMAC_GIT_DESCRIBE "\",\n  \"formats\": [";
  for (std::size_t i = 0; i < rep.options.formats.size(); ++i) f << (i ? ", " : "") << json_str(rep.options.formats[i]);
  f << "],\n  \"tensors\": [\n";
  for (std::size_t i = 0; i < rep.tensors.size(); ++i) {
    const auto& t = rep.tensors[i];
    f << "    {\"name\": " << json_str(t.name) << ", \"role\": " << json_str(rep.roles[i]) << ", \"source\": " << json_str(t.source)
      << ", \"dtype\": " << json_str(t.dtype) << ", \"shape\": [";
    for (std::size_t d = 0; d < t.shape.size(); ++d) f << (d ? ", " : "") << t.shape[d];
    f << "]}" << (i + 1 < rep.tensors.size() ? "," : "") << "\n";
  }
  f << "  ],\n  \"tensor_results\": [\n";
  for (std::size_t i = 0; i < rep.tensor_results.size(); ++i) {
    const auto& r = rep.tensor_results[i];
    f << "    {\"tensor\": " << json_str(r.tensor) << ", \"role\": " << json_str(r.role) << ", \"format\": " << json_str(r.format)
      << ", \"bits_per_element\": " << json_num(r.bits_per_element) << ", \"mse\": " << json_num(r.error.mse)
      << ", \"sqnr_db\": " << json_num(r.error.sqnr_db) << ", \"max_abs_error\": " << json_num(r.error.max_abs_error)
      << ", \"clipped_fraction\": " << json_num(r.error.clipped_fraction) << "}" << (i + 1 < rep.tensor_results.size() ? "," : "") << "\n";
  }
  f << "  ],\n  \"gemm_results\": [\n";
  for (std::size_t i = 0; i < rep.gemm_results.size(); ++i) {
    const auto& r = rep.gemm_results[i];
    f << "    {\"activation\": " << json_str(r.activation) << ", \"weight\": " << json_str(r.weight) << ", \"format\": "
      << json_str(r.format) << ", \"m\": " << r.m << ", \"k\": " << r.k << ", \"n\": " << r.n
      << ", \"bits_per_element\": " << json_num(r.bits_per_element) << ", \"rel_frobenius\": " << json_num(r.error.rel_frobenius)
      << ", \"sqnr_db\": " << json_num(r.error.sqnr_db) << "}" << (i + 1 < rep.gemm_results.size() ? "," : "") << "\n";
  }
  f << "  ],\n  \"summary\": [\n";
  const auto sums = summarize(rep);
  for (std::size_t i = 0; i < sums.size(); ++i) {
    const auto& s = sums[i];
    f << "    {\"format\": " << json_str(s.format) << ", \"bits_per_element\": " << json_num(s.bits_per_element)
      << ", \"tensor_sqnr_db\": " << json_num(s.tensor_sqnr_db) << ", \"gemm_sqnr_db\": " << json_num(s.gemm_sqnr_db)
      << ", \"clipped_fraction\": " << json_num(s.clipped_fraction) << "}" << (i + 1 < sums.size() ? "," : "") << "\n";
  }
  f << "  ],\n  \"arch_file\": " << json_str(rep.options.arch_file) << ",\n  \"workload_file\": " << json_str(rep.options.workload_file)
    << ",\n  \"joint\": [\n";
  const auto rows = rep.costs.empty() ? std::vector<JointRow>{} : joint_rows(rep);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    f << "    {\"format\": " << json_str(r.accuracy.format) << ", \"weight_bits\": " << json_num(r.weight_bits)
      << ", \"activation_bits\": " << json_num(r.activation_bits) << ", \"accuracy_db\": " << json_num(r.accuracy_db)
      << ", \"gemm_sqnr_db\": " << json_num(r.accuracy.gemm_sqnr_db) << ", \"tensor_sqnr_db\": " << json_num(r.accuracy.tensor_sqnr_db)
      << ", \"clipped_fraction\": " << json_num(r.accuracy.clipped_fraction) << ", \"costed\": " << (r.cost.costed() ? "true" : "false");
    if (r.cost.costed())
      f << ", \"mac\": " << json_str(r.cost.mac) << ", \"cycles\": " << r.cost.cycles << ", \"seconds\": " << json_num(r.cost.seconds)
        << ", \"energy_pj\": " << json_num(r.cost.energy_pj) << ", \"pj_per_mac\": " << json_num(r.cost.pj_per_mac)
        << ", \"dram_share\": " << json_num(r.cost.dram_share) << ", \"tops_per_w\": " << json_num(r.cost.tops_per_w)
        << ", \"area_um2\": " << json_num(r.cost.area_um2) << ", \"logic_area_um2\": " << json_num(r.cost.logic_um2)
        << ", \"pareto_energy\": " << (r.front_energy ? "true" : "false") << ", \"pareto_area\": " << (r.front_area ? "true" : "false");
    else
      f << ", \"missing\": " << json_str(r.cost.missing);
    f << "}" << (i + 1 < rows.size() ? "," : "") << "\n";
  }
  f << "  ]\n}\n";
  io::write_atomically(path, f.str());
}

void write_csv(const ExploreReport& rep, const std::string& path) {
  std::ostringstream f;
  f << "kind,tensor,role,format,m,k,n,bits_per_element,mse,sqnr_db,max_abs_error,clipped_fraction,rel_frobenius\n";
  for (const auto& r : rep.tensor_results)
    f << "tensor," << io::csv_field(r.tensor) << "," << r.role << "," << io::csv_field(r.format) << ",,,," << json_num(r.bits_per_element) << ","
      << json_num(r.error.mse) << "," << json_num(r.error.sqnr_db) << "," << json_num(r.error.max_abs_error) << ","
      << json_num(r.error.clipped_fraction) << ",\n";
  for (const auto& r : rep.gemm_results)
    f << "gemm," << io::csv_field(r.activation + " x " + r.weight) << ",," << io::csv_field(r.format) << "," << r.m << "," << r.k << "," << r.n << ","
      << json_num(r.bits_per_element) << ",," << json_num(r.error.sqnr_db) << ",,," << json_num(r.error.rel_frobenius) << "\n";
  io::write_atomically(path, f.str());
}

void write_svg(const ExploreReport& rep, const std::string& path) {
  const auto sums = summarize(rep);
  const double W = 900, H = 600, L = 80, R = 40, T = 50, B = 80;
  double xmin = 1e9, xmax = -1e9, ymin = 1e9, ymax = -1e9;
  for (const auto& s : sums)
    for (double y : {s.tensor_sqnr_db, s.gemm_sqnr_db})
      if (std::isfinite(y) && std::isfinite(s.bits_per_element)) {
        xmin = std::min(xmin, s.bits_per_element);
        xmax = std::max(xmax, s.bits_per_element);
        ymin = std::min(ymin, y);
        ymax = std::max(ymax, y);
      }
  if (xmin > xmax) xmin = 0, xmax = 1, ymin = 0, ymax = 1;
  xmin = std::floor(xmin) - 0.5, xmax = std::ceil(xmax) + 0.5;
  ymin = std::floor(ymin / 5) * 5 - 5, ymax = std::ceil(ymax / 5) * 5 + 5;
  auto px = [&](double x) { return L + (x - xmin) / (xmax - xmin) * (W - L - R); };
  auto py = [&](double y) { return H - B - (y - ymin) / (ymax - ymin) * (H - T - B); };
  std::ostringstream f;
  f << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << W << "\" height=\"" << H << "\" font-family=\"sans-serif\" font-size=\"12\">\n"
    << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    << "<text x=\"" << W / 2 - 60 << "\" y=\"28\" font-size=\"16\" text-anchor=\"middle\">Quantization error vs storage cost (seed "
    << rep.options.seed << ")</text>\n";
  for (double x = std::ceil(xmin); x <= xmax; x += 1) {
    f << "<line x1=\"" << px(x) << "\" y1=\"" << T << "\" x2=\"" << px(x) << "\" y2=\"" << H - B << "\" stroke=\"#e6e6e6\"/>\n"
      << "<text x=\"" << px(x) << "\" y=\"" << H - B + 18 << "\" text-anchor=\"middle\">" << x << "</text>\n";
  }
  for (double y = ymin; y <= ymax; y += 5) {
    f << "<line x1=\"" << L << "\" y1=\"" << py(y) << "\" x2=\"" << W - R << "\" y2=\"" << py(y) << "\" stroke=\"#e6e6e6\"/>\n"
      << "<text x=\"" << L - 8 << "\" y=\"" << py(y) + 4 << "\" text-anchor=\"end\">" << y << "</text>\n";
  }
  f << "<rect x=\"" << L << "\" y=\"" << T << "\" width=\"" << W - L - R << "\" height=\"" << H - T - B << "\" fill=\"none\" stroke=\"black\"/>\n"
    << "<text x=\"" << (L + W - R) / 2 << "\" y=\"" << H - 42 << "\" text-anchor=\"middle\">bits per element (scales and metadata included)</text>\n"
    << "<text transform=\"translate(22," << (T + H - B) / 2 << ") rotate(-90)\" text-anchor=\"middle\">SQNR (dB), higher is better</text>\n";
  // Points first, then labels placed greedily where they overlap neither a
  // point nor an earlier label (a leader line shows where a label moved).
  struct Box { double x0, y0, x1, y1; };
  std::vector<Box> taken;
  auto overlaps = [&](const Box& b) {
    for (const auto& t : taken)
      if (b.x0 < t.x1 && t.x0 < b.x1 && b.y0 < t.y1 && t.y0 < b.y1) return true;
    return b.x0 < L || b.x1 > W - R || b.y0 < T || b.y1 > H - B;
  };
  for (const auto& s : sums) {
    if (std::isfinite(s.tensor_sqnr_db)) {
      f << "<circle cx=\"" << px(s.bits_per_element) << "\" cy=\"" << py(s.tensor_sqnr_db) << "\" r=\"5\" fill=\"#1f77b4\"/>\n";
      taken.push_back({px(s.bits_per_element) - 5, py(s.tensor_sqnr_db) - 5, px(s.bits_per_element) + 5, py(s.tensor_sqnr_db) + 5});
    }
    if (std::isfinite(s.gemm_sqnr_db)) {
      f << "<rect x=\"" << px(s.bits_per_element) - 4 << "\" y=\"" << py(s.gemm_sqnr_db) - 4
        << "\" width=\"8\" height=\"8\" fill=\"#d62728\"/>\n";
      taken.push_back({px(s.bits_per_element) - 4, py(s.gemm_sqnr_db) - 4, px(s.bits_per_element) + 4, py(s.gemm_sqnr_db) + 4});
    }
  }
  std::vector<FormatSummary> by_y = sums;
  std::sort(by_y.begin(), by_y.end(), [](const auto& a, const auto& b) { return a.tensor_sqnr_db > b.tensor_sqnr_db; });
  for (const auto& s : by_y) {
    if (!std::isfinite(s.tensor_sqnr_db)) continue;
    const double cx = px(s.bits_per_element), cy = py(s.tensor_sqnr_db);
    const double w = 7.0 * static_cast<double>(s.format.size()), h = 13;
    Box best{cx + 8, cy - 8, cx + 8 + w, cy + 5};
    bool placed = false;
    for (int step = 0; step < 24 && !placed; ++step) {
      const double off = ((step + 1) / 2) * 14.0 * (step % 2 ? 1 : -1);  // 0, +14, -14, +28, ...
      for (double side : {1.0, -1.0}) {
        const double x0 = side > 0 ? cx + 8 : cx - 8 - w;
        const double y0 = cy - 8 + off;
        const Box b{x0, y0, x0 + w, y0 + h};
        if (!overlaps(b)) {
          best = b;
          placed = true;
          break;
        }
      }
    }
    taken.push_back(best);
    const double ty = best.y1 - 3;
    if (std::abs((best.y0 + best.y1) / 2 - cy) > 6)
      f << "<line x1=\"" << cx << "\" y1=\"" << cy << "\" x2=\"" << (best.x0 > cx ? best.x0 : best.x1) << "\" y2=\""
        << (best.y0 + best.y1) / 2 << "\" stroke=\"#999\" stroke-width=\"0.8\"/>\n";
    f << "<text x=\"" << best.x0 << "\" y=\"" << ty << "\">" << xml(s.format) << "</text>\n";
  }
  const double lx = L + 10, ly = H - 12;
  f << "<circle cx=\"" << lx << "\" cy=\"" << ly - 4 << "\" r=\"5\" fill=\"#1f77b4\"/><text x=\"" << lx + 10 << "\" y=\"" << ly
    << "\">tensor SQNR (mean over tensors)</text>\n"
    << "<rect x=\"" << lx + 250 << "\" y=\"" << ly - 8 << "\" width=\"8\" height=\"8\" fill=\"#d62728\"/><text x=\"" << lx + 264
    << "\" y=\"" << ly << "\">GEMM SQNR (mean over activation x weight pairs)</text>\n</svg>\n";
  io::write_atomically(path, f.str());
}

namespace {

// "synthetic (seed 1)", the files, or both: what the accuracy was measured on.
std::string tensors_origin(const ExploreReport& rep) {
  bool synthetic = false;
  std::vector<std::string> files;
  for (const auto& t : rep.tensors) {
    const bool file = t.source.find(".npy") != std::string::npos || t.source.find(".safetensors") != std::string::npos ||
                      t.source.find(".onnx") != std::string::npos;
    if (!file) synthetic = true;
    else if (const std::string f = t.source.substr(0, t.source.find(" (")); std::find(files.begin(), files.end(), f) == files.end())
      files.push_back(f);
  }
  std::string o;
  for (const auto& f : files) o += (o.empty() ? "" : ", ") + std::filesystem::path(f).filename().string();
  if (synthetic) o += (o.empty() ? "" : " and ") + std::string("synthetic tensors (seed ") + std::to_string(rep.options.seed) + ")";
  return o;
}

void html_row(std::ostringstream& f, const std::vector<std::string>& cells, bool head = false) {
  f << "<tr>";
  for (std::size_t i = 0; i < cells.size(); ++i)
    f << (head ? "<th" : "<td") << (i == 0 ? " class=\"l\"" : "") << ">" << report::svg::escape(cells[i]) << (head ? "</th>" : "</td>");
  f << "</tr>\n";
}

}  // namespace

void write_html(const ExploreReport& rep, const std::string& path) {
  namespace svg = report::svg;
  const auto rows = joint_rows(rep);
  const std::string origin = tensors_origin(rep);
  const bool gemms = !rep.gemm_results.empty();
  const std::string acc_label = gemms ? "GEMM SQNR (dB, higher is better)" : "tensor SQNR (dB, higher is better)";
  std::ostringstream f;
  f << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>qmac explore</title>\n"
       "<meta name=\"generator\" content=\"qmac " QMAC_VERSION " (" QMAC_GIT_DESCRIBE ")\">\n"
       "<style>body{font-family:sans-serif;margin:24px;max-width:1200px;color:#222}"
       "table{border-collapse:collapse;margin:8px 0 16px}th,td{border:1px solid #ccc;padding:3px 8px;text-align:right}"
       "th{background:#f4f4f4}td.l,th.l{text-align:left}svg.chart{display:block;margin:12px 0}.note{color:#555;font-size:13px}</style>\n"
       "</head><body>\n<h1>qmac explore: accuracy and cost</h1>\n<p>Produced by qmac " QMAC_VERSION " (" QMAC_GIT_DESCRIBE
       "). Accuracy on "
    << svg::escape(origin) << (gemms ? " (GEMM error against an FP64 reference)" : "") << ".";
  if (!rep.costs.empty())
    f << " Cost on <code>" << svg::escape(rep.options.arch_file) << "</code> running <code>" << svg::escape(rep.options.workload_file)
      << "</code>, as <code>qmac run</code> reports it.";
  f << "</p>\n";
  if (!rep.costs.empty()) {
    f << "<h2>Accuracy and cost</h2>\n<table>\n";
    html_row(f, {"W:A", "W b/elem", "A b/elem", gemms ? "GEMM SQNR dB" : "tensor SQNR dB", "clipped %", "MAC", "energy", "cycles", "area mm2",
                 "TOPS/W", "Pareto front"},
             true);
    for (const auto& r : rows) {
      if (r.cost.costed())
        html_row(f, {r.accuracy.format, num(r.weight_bits, "%.3f"), num(r.activation_bits, "%.3f"), num(r.accuracy_db, "%.2f"),
                     num(100 * r.accuracy.clipped_fraction, "%.3f"), r.cost.mac, readable_pj(r.cost.energy_pj), std::to_string(r.cost.cycles),
                     num(r.cost.area_um2 * 1e-6, "%.4g"), num(r.cost.tops_per_w, "%.4g"),
                     std::string(r.front_energy ? "energy " : "") + (r.front_area ? "area" : "")});
      else {
        f << "<tr><td class=\"l\">" << svg::escape(r.accuracy.format) << "</td><td>" << num(r.weight_bits, "%.3f") << "</td><td>"
          << num(r.activation_bits, "%.3f") << "</td><td>" << num(r.accuracy_db, "%.2f") << "</td><td>"
          << num(100 * r.accuracy.clipped_fraction, "%.3f") << "</td><td class=\"l\" colspan=\"6\">not costed: "
          << svg::escape(r.cost.missing) << "</td></tr>\n";
      }
    }
    f << "</table>\n";
    // Energy in the unit of the largest value, so the axis reads in round numbers.
    double emax = 0;
    for (const auto& r : rows)
      if (r.cost.costed()) emax = std::max(emax, r.cost.energy_pj);
    const char* units[] = {"pJ", "nJ", "uJ", "mJ", "J"};
    int u = 0;
    double div = 1;
    while (u < 4 && emax / div >= 1000) div *= 1000, ++u;
    for (int plot = 0; plot < 2; ++plot) {
      svg::Scatter sc;
      sc.title = std::string(plot == 0 ? "Accuracy vs energy per inference" : "Accuracy vs array area") + " (accuracy on " + origin + ")";
      sc.x_label = plot == 0 ? std::string("energy per inference (") + units[u] + ")" : "area (mm2, logic and SRAM macros)";
      sc.y_label = acc_label;
      sc.log_x = true;
      for (const auto& r : rows) {
        if (!r.cost.costed() || !std::isfinite(r.accuracy_db)) continue;
        sc.labels.push_back(r.accuracy.format);
        sc.x.push_back(plot == 0 ? r.cost.energy_pj / div : r.cost.area_um2 * 1e-6);
        sc.y.push_back(r.accuracy_db);
        sc.front.push_back(plot == 0 ? r.front_energy : r.front_area);
      }
      f << svg::scatter(sc);
    }
    f << "<p class=\"note\">Filled points are on the Pareto front (no other format is at least as accurate and as cheap); the dashed line "
         "joins them. Formats without a hardware model on this architecture are listed in the table, not plotted.</p>\n";
  }
  f << "<h2>Accuracy per format</h2>\n<table>\n";
  html_row(f, {"W:A", "bits/elem", "tensor SQNR dB", "GEMM SQNR dB", "clipped %"}, true);
  for (const auto& s : summarize(rep))
    html_row(f, {s.format, num(s.bits_per_element, "%.3f"), num(s.tensor_sqnr_db, "%.2f"), num(s.gemm_sqnr_db, "%.2f"),
                 num(100 * s.clipped_fraction, "%.3f")});
  f << "</table>\n<h2>Tensors</h2>\n<table>\n";
  html_row(f, {"tensor", "role", "shape", "K padding", "source"}, true);
  for (std::size_t i = 0; i < rep.tensors.size(); ++i) {
    std::string shape;
    for (auto d : rep.tensors[i].shape) shape += (shape.empty() ? "" : "x") + std::to_string(d);
    html_row(f, {rep.tensors[i].name, rep.roles[i], shape, std::to_string(i < rep.k_padding.size() ? rep.k_padding[i] : 0),
                 rep.tensors[i].source});
  }
  f << "</table>\n</body></html>\n";
  io::write_atomically(path, f.str());
}

void write_joint_csv(const ExploreReport& rep, const std::string& path) {
  std::ostringstream f;
  f << "format,weight_bits,activation_bits,accuracy_db,gemm_sqnr_db,tensor_sqnr_db,clipped_fraction,mac,cycles,energy_pj,pj_per_mac,"
       "dram_share,tops_per_w,area_um2,logic_area_um2,pareto_energy,pareto_area,missing\n";
  for (const auto& r : joint_rows(rep)) {
    f << io::csv_field(r.accuracy.format) << ',' << json_num(r.weight_bits) << ',' << json_num(r.activation_bits) << ','
      << json_num(r.accuracy_db) << ',' << json_num(r.accuracy.gemm_sqnr_db) << ',' << json_num(r.accuracy.tensor_sqnr_db) << ','
      << json_num(r.accuracy.clipped_fraction) << ',';
    if (r.cost.costed())
      f << io::csv_field(r.cost.mac) << ',' << r.cost.cycles << ',' << json_num(r.cost.energy_pj) << ',' << json_num(r.cost.pj_per_mac)
        << ',' << json_num(r.cost.dram_share) << ',' << json_num(r.cost.tops_per_w) << ',' << json_num(r.cost.area_um2) << ','
        << json_num(r.cost.logic_um2) << ',' << (r.front_energy ? 1 : 0) << ',' << (r.front_area ? 1 : 0) << ",\n";
    else
      f << ",,,,,,,,,," << io::csv_field(r.cost.missing) << "\n";
  }
  io::write_atomically(path, f.str());
}

}  // namespace qmac::explore
