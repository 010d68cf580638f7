// Inline SVG charts for the HTML reports: self-contained markup (no script,
// no external font or style), so a report opens anywhere and prints as it
// shows. Horizontal bars, one row per category, because layer names are long.
#pragma once

#include <string>
#include <vector>

namespace qmac::report::svg {

// Text made safe inside HTML/SVG elements and attribute values.
std::string escape(const std::string& text);

// The colour of series i (a fixed palette, so a component keeps its colour across charts).
std::string colour(std::size_t i);

// A value with the SI prefix that keeps it readable: 1.23e6 "cycles" -> "1.23 Mcycles";
// for "J", the value is in pJ and the prefix runs pJ .. J; "mm2" takes no prefix.
std::string si(double value, const std::string& unit);

struct StackedBars {
  std::string title;
  std::string unit;                          // of the values: "J" (values in pJ), "cycles", "mm2"
  std::vector<std::string> rows;             // one bar each
  std::vector<std::string> series;           // the segments, in stacking order (legend)
  std::vector<std::vector<double>> values;   // [row][series], >= 0
  std::vector<std::string> notes;            // optional, one per row: printed after the bar
};

// Each row a bar of its series' values end to end, a legend, and an axis
// whose ticks fall on round numbers. A single series draws plain bars.
std::string stacked_bars(const StackedBars& chart);

struct Scatter {
  std::string title;    // says where the data came from
  std::string x_label, y_label;
  bool log_x = false;   // values spanning decades (energy, area)
  std::vector<std::string> labels;
  std::vector<double> x, y;
  std::vector<bool> front;  // on the Pareto front: drawn filled and joined by the frontier line
};

// Every point labelled, labels placed where they overlap no other label or
// point (the first free place of eight around it), axes over the points'
// range with round ticks, the frontier drawn through the front's points.
std::string scatter(const Scatter& chart);

}  // namespace qmac::report::svg
