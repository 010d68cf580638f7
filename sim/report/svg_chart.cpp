#include "sim/report/svg_chart.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
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

namespace {

struct Box {
  double x0, y0, x1, y1;
  bool hits(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

// Round ticks over [lo, hi]: linear 1/2/5 steps, or decades (with 2 and 5) on a log axis.
std::vector<double> ticks(double lo, double hi, bool log) {
  std::vector<double> t;
  // A range no axis can take (empty, reversed, infinite; a log axis through 0) has no ticks:
  // stepping through it would never end.
  if (!std::isfinite(lo) || !std::isfinite(hi) || hi < lo || (log && lo <= 0)) return t;
  if (log) {
    for (double d = std::pow(10.0, std::floor(std::log10(lo))); d <= hi * 1.0001; d *= 10)
      for (double m : {1.0, 2.0, 5.0})
        if (d * m >= lo * 0.9999 && d * m <= hi * 1.0001) t.push_back(d * m);
    return t;
  }
  if (hi == lo) return {lo};
  const double step = tick_step(hi - lo);
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) t.push_back(v);
  return t;
}

}  // namespace

std::string scatter(const Scatter& c) {
  const double W = 760, H = 460, L = 70, R = 30, T = 40, B = 56;
  const std::size_t n = c.x.size();
  // Without a point (every pair uncosted) the axes keep a range of their own: [1, 10] on a log axis.
  double xlo = c.log_x ? 1 : 0, xhi = c.log_x ? 10 : 1, ylo = 0, yhi = 1;
  bool any = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(c.x[i]) || !std::isfinite(c.y[i]) || (c.log_x && c.x[i] <= 0)) continue;
    if (!any) xlo = xhi = c.x[i], ylo = yhi = c.y[i];
    xlo = std::min(xlo, c.x[i]), xhi = std::max(xhi, c.x[i]), ylo = std::min(ylo, c.y[i]), yhi = std::max(yhi, c.y[i]);
    any = true;
  }
  // A margin around the points, so none sits on an axis and every label fits.
  if (c.log_x) {
    if (xhi <= xlo) xhi = xlo * 2;
    const double span = std::log10(xhi / xlo);
    xlo /= std::pow(10.0, 0.08 * span + 0.05), xhi *= std::pow(10.0, 0.25 * span + 0.05);
  } else {
    if (xhi <= xlo) xhi = xlo + 1;
    const double span = xhi - xlo;
    xlo -= 0.08 * span, xhi += 0.25 * span;
  }
  // Points far above the rest (a 16-bit format among 4- and 8-bit ones) would
  // squeeze the rest into a sliver: the axis stops above the rest, and those
  // points sit on its top edge, labelled with their value.
  std::vector<double> ys;
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(c.x[i]) && std::isfinite(c.y[i])) ys.push_back(c.y[i]);
  std::sort(ys.rbegin(), ys.rend());
  double clip = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i + 2 < ys.size(); ++i) {
    if (ys[i] - ys[i + 1] <= 0.5 * (ys[i] - ys.back())) break;
    clip = ys[i + 1];
  }
  if (std::isfinite(clip)) yhi = clip;
  if (yhi <= ylo) yhi = ylo + 1;
  {
    const double span = yhi - ylo;
    ylo -= 0.1 * span, yhi += 0.1 * span;
  }
  const auto above = [&](std::size_t i) { return c.y[i] > clip; };
  const auto px = [&](double x) {
    return c.log_x ? L + (std::log10(x) - std::log10(xlo)) / (std::log10(xhi) - std::log10(xlo)) * (W - L - R)
                   : L + (x - xlo) / (xhi - xlo) * (W - L - R);
  };
  const auto py_axis = [&](double y) { return H - B - (y - ylo) / (yhi - ylo) * (H - T - B); };
  const auto py = [&](double y) { return y > clip ? T + 8.0 : py_axis(y); };
  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart scatter\" width=\"" << W << "\" height=\"" << H << "\" viewBox=\"0 0 " << W
    << " " << H << "\" font-family=\"sans-serif\" font-size=\"12\" role=\"img\" aria-label=\"" << escape(c.title) << "\">\n";
  o << "<title>" << escape(c.title) << "</title>\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<text x=\"" << L << "\" y=\"20\" font-size=\"14\" font-weight=\"bold\">" << escape(c.title) << "</text>\n";
  for (double t : ticks(xlo, xhi, c.log_x)) {
    o << "<line x1=\"" << num(px(t)) << "\" y1=\"" << T << "\" x2=\"" << num(px(t)) << "\" y2=\"" << H - B << "\" stroke=\"#eee\"/>"
      << "<text x=\"" << num(px(t)) << "\" y=\"" << H - B + 14 << "\" text-anchor=\"middle\" fill=\"#444\">" << num(t) << "</text>\n";
  }
  for (double t : ticks(ylo, yhi, false)) {
    o << "<line x1=\"" << L << "\" y1=\"" << num(py_axis(t)) << "\" x2=\"" << W - R << "\" y2=\"" << num(py_axis(t)) << "\" stroke=\"#eee\"/>"
      << "<text x=\"" << L - 6 << "\" y=\"" << num(py_axis(t) + 4) << "\" text-anchor=\"end\" fill=\"#444\">" << num(t) << "</text>\n";
  }
  o << "<rect x=\"" << L << "\" y=\"" << T << "\" width=\"" << W - L - R << "\" height=\"" << H - T - B
    << "\" fill=\"none\" stroke=\"#888\"/>\n";
  o << "<text x=\"" << (L + W - R) / 2 << "\" y=\"" << H - 12 << "\" text-anchor=\"middle\">" << escape(c.x_label)
    << (c.log_x ? " (log scale)" : "") << "</text>\n";
  o << "<text transform=\"translate(16," << (T + H - B) / 2 << ") rotate(-90)\" text-anchor=\"middle\">" << escape(c.y_label) << "</text>\n";
  // The frontier, through the front's points in x order.
  std::vector<std::size_t> front;
  for (std::size_t i = 0; i < n; ++i)
    if (i < c.front.size() && c.front[i] && std::isfinite(c.x[i]) && std::isfinite(c.y[i])) front.push_back(i);
  std::sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) { return c.x[a] < c.x[b]; });
  if (front.size() > 1) {
    o << "<polyline class=\"frontier\" fill=\"none\" stroke=\"#e15759\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\" points=\"";
    for (std::size_t i : front) o << num(px(c.x[i])) << "," << num(py(c.y[i])) << " ";
    o << "\"/>\n";
  }
  std::vector<Box> taken;
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(c.x[i]) && std::isfinite(c.y[i])) taken.push_back({px(c.x[i]) - 5, py(c.y[i]) - 5, px(c.x[i]) + 5, py(c.y[i]) + 5});
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(c.x[i]) || !std::isfinite(c.y[i]) || (c.log_x && c.x[i] <= 0)) continue;
    const double x = px(c.x[i]), y = py(c.y[i]);
    const bool on = i < c.front.size() && c.front[i];
    o << "<circle class=\"point\" cx=\"" << num(x) << "\" cy=\"" << num(y) << "\" r=\"4.5\" fill=\"" << (on ? "#e15759" : "white")
      << "\" stroke=\"#e15759\" stroke-width=\"1.5\"><title>" << escape(c.labels[i]) << "</title></circle>\n";
    const std::string label = above(i) ? c.labels[i] + " (" + num(c.y[i]) + ", off the axis)" : c.labels[i];
    const double w = static_cast<double>(label.size()) * kCharPx, h = 13;
    // Eight places around the point; the first that overlaps nothing placed and stays inside the plot.
    const double cand[8][2] = {{8, -h / 2}, {-8 - w, -h / 2}, {-w / 2, -8 - h}, {-w / 2, 8}, {8, -8 - h}, {8, 6}, {-8 - w, -8 - h}, {-8 - w, 6}};
    Box best{};
    int best_hits = 1 << 30;
    for (const auto& d : cand) {
      const Box b{x + d[0], y + d[1], x + d[0] + w, y + d[1] + h};
      int hits = (b.x0 < L || b.x1 > W - R || b.y0 < T || b.y1 > H - B) ? 100 : 0;
      for (const Box& t : taken) hits += b.hits(t);
      if (hits < best_hits) best = b, best_hits = hits;
      if (hits == 0) break;
    }
    taken.push_back(best);
    o << "<text class=\"label\" x=\"" << num(best.x0) << "\" y=\"" << num(best.y1 - 2) << "\">" << escape(label) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace qmac::report::svg
