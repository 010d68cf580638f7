#include "sim/cli/golden_table.hpp"

#include <bit>
#include <cstdio>
#include <ostream>

#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"

namespace qmac::cli {
namespace {

// For display only: the nearest double of an exact value.
std::string show(const golden::Value& v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6g", std::bit_cast<double>(golden::to_fp64_bits(v)));
  return buf;
}

const char* kind_name(golden::FormatKind k) {
  switch (k) {
    case golden::FormatKind::Float: return "float";
    case golden::FormatKind::Scale: return "scale";
    case golden::FormatKind::Integer: return "int";
    case golden::FormatKind::Lookup: return "table";
    case golden::FormatKind::Posit: return "posit";
    case golden::FormatKind::Block: return "block";
  }
  return "?";
}

}  // namespace

void print_format_table(const std::vector<std::string>& formats, std::ostream& out) {
  char line[256];
  std::snprintf(line, sizeof line, "%-12s %-5s %4s %6s %12s %12s %9s %8s %-5s  %s\n", "format", "kind", "bits",
                "b/elem", "max finite", "min > 0", "precision", "binades", "Inf/NaN", "description");
  out << line << std::string(110, '-') << "\n";
  for (const auto& name : formats) {
    const golden::Format& f = golden::find_format(name);
    // A block format's precision is its element's.
    const golden::Format& e = f.is_block() && !f.element.empty() ? golden::find_format(f.element) : f;
    const int binades = f.max_finite.log2_floor() - f.min_positive.log2_floor();
    // Significand bits (incl. hidden); posits give the most at 1.0.
    std::string prec = "-";
    if (e.kind == golden::FormatKind::Float) prec = std::to_string(e.man_bits + 1) + " b";
    else if (e.kind == golden::FormatKind::Posit) prec = "<=" + std::to_string(std::max(e.bits - 3 - e.posit.es, 0) + 1) + " b";
    else if (e.kind == golden::FormatKind::Integer) prec = std::to_string(e.bits - 1) + " b";
    else if (f.name == "dialectfp4") prec = "3-4 b";  // half-unit grid up to 15
    std::string bpe = std::to_string(f.bits);
    if (f.is_block()) {
      char b[16];
      std::snprintf(b, sizeof b, "%.3g", f.bits_per_element());
      bpe = b;
    }
    const std::string specials =
        f.kind == golden::FormatKind::Posit ? "NaR" : std::string(f.has_inf ? "I" : "-") + (f.has_nan ? "N" : "-");
    std::snprintf(line, sizeof line, "%-12s %-5s %4d %6s %12s %12s %9s %8d %-7s %s\n", f.name.c_str(),
                  kind_name(f.kind), f.bits, bpe.c_str(), show(f.max_finite).c_str(), show(f.min_positive).c_str(),
                  prec.c_str(), binades, specials.c_str(), f.description.c_str());
    out << line;
  }
  out << "\nmin > 0: smallest positive value (subnormal, minpos). Block formats: element range; each\n"
         "block of " << 32 << " also carries an E8M0 scale 2^-127..2^127 (b/elem includes it).\n";
}

}  // namespace qmac::cli
