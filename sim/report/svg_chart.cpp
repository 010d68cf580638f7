#include "sim/report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace qmac::report::svg {
namespace {

// Tableau 10: distinguishable, and readable in grey print.
constexpr std::array<const char*, 10> kPalette = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                                  "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

constexpr int kCharPx = 7;       // width of a character at the 12 px label font, rounded up
constexpr int kBarPx = 18, kGapPx = 8, kPlotPx = 560, kTop = 34;

// A tick step of 1, 2 or 5 x 10^n giving about five ticks up to `max`.
double tick_step(double max) {
  const double raw = max / 5;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * p >= raw) return m * p;
  return 10 * p;
}

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.4g", v);
  return b;
}

}  // namespace

std::string escape(const std::string& text) {
  std::string o;
  o.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string colour(std::size_t i) { return kPalette[i % kPalette.size()]; }

std::string si(double value, const std::string& unit) {
  if (unit == "J") {
    static const char* units[] = {"pJ", "nJ", "uJ", "mJ", "J"};
    int u = 0;
    while (u < 4 && std::abs(value) >= 1000) {
      value /= 1000;
      ++u;
    }
    return num(value) + " " + units[u];
  }
  if (unit == "mm2") return num(value) + " mm2";  // areas read best in one unit
  static const char* prefix[] = {"", "k", "M", "G", "T", "P"};
  int p = 0;
  while (p < 5 && std::abs(value) >= 1000) {
    value /= 1000;
    ++p;
  }
  return num(value) + " " + prefix[p] + unit;
}

std::string stacked_bars(const StackedBars& c) {
  std::size_t label_chars = 4;
  for (const auto& r : c.rows) label_chars = std::max(label_chars, r.size());
  const int left = static_cast<int>(std::min<std::size_t>(label_chars, 40)) * kCharPx + 12;
  // Each bar's total, and its note, printed after the bar.
  std::vector<std::string> notes(c.rows.size());
  double max = 0;
  std::size_t note_chars = 0;
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    double s = 0;
    for (double v : c.values[r]) s += std::max(0.0, v);
    max = std::max(max, s);
    notes[r] = si(s, c.unit);
    if (r < c.notes.size() && !c.notes[r].empty()) notes[r] += ", " + c.notes[r];
    note_chars = std::max(note_chars, notes[r].size());
  }
  const bool legend = c.series.size() > 1;
  const int legend_rows = legend ? static_cast<int>((c.series.size() + 3) / 4) : 0;
  const int plot_h = static_cast<int>(c.rows.size()) * (kBarPx + kGapPx);
  const int width = left + kPlotPx + 16 + static_cast<int>(note_chars) * kCharPx + 8;
  const int height = kTop + plot_h + 36 + legend_rows * 20 + 8;

  const double step = max > 0 ? tick_step(max) : 1;
  const double axis_max = max > 0 ? std::ceil(max / step) * step : 1;
  const auto x_of = [&](double v) { return left + v / axis_max * kPlotPx; };

  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"" << width << "\" height=\"" << height << "\" viewBox=\"0 0 "
    << width << " " << height << "\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"" << escape(c.title) << "\">\n";
  o << "<title>" << escape(c.title) << "</title>\n";
  o << "<text x=\"" << left << "\" y=\"18\" font-size=\"14\" font-weight=\"bold\">" << escape(c.title) << "</text>\n";
  // Grid and ticks.
  for (double t = 0; t <= axis_max * (1 + 1e-9); t += step) {
    const double x = x_of(t);
    o << "<line x1=\"" << num(x) << "\" y1=\"" << kTop - 4 << "\" x2=\"" << num(x) << "\" y2=\"" << kTop + plot_h
      << "\" stroke=\"#ddd\"/>\n";
    o << "<text x=\"" << num(x) << "\" y=\"" << kTop + plot_h + 14 << "\" text-anchor=\"middle\" fill=\"#444\">" << escape(si(t, c.unit))
      << "</text>\n";
  }
  for (std::size_t r = 0; r < c.rows.size(); ++r) {
    const int y = kTop + static_cast<int>(r) * (kBarPx + kGapPx);
    std::string label = c.rows[r].size() > 40 ? c.rows[r].substr(0, 39) + "~" : c.rows[r];
    o << "<text x=\"" << left - 6 << "\" y=\"" << y + kBarPx - 5 << "\" text-anchor=\"end\">" << escape(label) << "</text>\n";
    double acc = 0;
    for (std::size_t s = 0; s < c.series.size() && s < c.values[r].size(); ++s) {
      const double v = std::max(0.0, c.values[r][s]);
      if (v <= 0) continue;
      const double x0 = x_of(acc), x1 = x_of(acc + v);
      acc += v;
      o << "<rect class=\"bar\" x=\"" << num(x0) << "\" y=\"" << y << "\" width=\"" << num(std::max(x1 - x0, 0.5)) << "\" height=\""
        << kBarPx << "\" fill=\"" << colour(s) << "\"><title>" << escape(c.rows[r] + ": " + c.series[s] + " " + si(v, c.unit))
        << "</title></rect>\n";
    }
    o << "<text x=\"" << num(x_of(acc) + 6) << "\" y=\"" << y + kBarPx - 5 << "\" fill=\"#444\">" << escape(notes[r]) << "</text>\n";
  }
  if (legend) {
    const int ly = kTop + plot_h + 30;
    for (std::size_t s = 0; s < c.series.size(); ++s) {
      const int lx = left + static_cast<int>(s % 4) * 150, yy = ly + static_cast<int>(s / 4) * 20;
      o << "<rect class=\"legend\" x=\"" << lx << "\" y=\"" << yy << "\" width=\"12\" height=\"12\" fill=\"" << colour(s) << "\"/>"
        << "<text x=\"" << lx + 16 << "\" y=\"" << yy + 10 << "\">" << escape(c.series[s]) << "</text>\n";
    }
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace qmac::report::svg
