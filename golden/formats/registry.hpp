// The format registry: the one table that maps the names used by YAML, the
// CLI, the SystemC model and the RTL parameters to formats.
//
// Element formats carry their exact decode/encode; block formats (OCP MX) name
// their element format, scale format and default block size. Adding a format
// is one header in golden/formats/ and one line in registry.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "golden/formats/posit.hpp"
#include "golden/formats/rounding.hpp"
#include "golden/formats/value.hpp"

namespace qmac::golden {

enum class FormatKind : std::uint8_t {
  Float,    // sign/exponent/mantissa minifloat (FP8/FP6/FP4/FP16/BF16/TF32)
  Scale,    // E8M0 power-of-two scale
  Integer,  // two's complement integer (INT8, INT4, the MXINT8 element)
  Lookup,   // a table of values (NF4)
  Posit,    // posit<n, es>
  Block,    // a block format: shared scale + elements (OCP MX)
};

struct Format {
  std::string name;
  FormatKind kind = FormatKind::Float;
  std::string description;
  int bits = 0;  // code width
  // Float traits (0 where they do not apply).
  int exp_bits = 0;
  int man_bits = 0;
  int bias = 0;
  bool has_inf = false;
  bool has_nan = false;
  Value max_finite;
  Value min_positive;  // smallest positive value (min subnormal, minpos, 1 ...)
  Rounding default_rounding = Rounding::NearestEven;
  // What encode's callers use unless told otherwise: IEEE formats overflow to
  // Inf as IEEE 754 does; OCP FP8/FP6/FP4, integers and posits saturate (§6.1).
  Overflow default_overflow = Overflow::Saturate;
  PositSpec posit{};   // Posit only
  // Block formats.
  std::string element;  // element format name
  std::string scale;    // scale format name
  int default_block = 0;
  int emax_elem = 0;    // exponent of the element's largest normal binade (MX §2.2)
  int block_metadata_bits = 8;  // bits per block besides the elements (scale, dialect id)

  std::function<Value(std::uint64_t)> decode;
  std::function<std::uint64_t(const Value&, Rounding, Overflow, Flags*)> encode;

  int hex_digits() const { return (bits + 3) / 4; }
  std::uint64_t code_mask() const { return bits >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1; }
  bool is_block() const { return kind == FormatKind::Block; }
  // Block formats whose codes decode without per-block metadata beyond the scale.
  bool has_scalar_element() const { return !element.empty() || !is_block(); }
  // Storage cost per element, scale and metadata included.
  double bits_per_element(int block = 0) const {
    if (!is_block()) return bits;
    return bits + static_cast<double>(block_metadata_bits) / (block ? block : default_block);
  }
};

class UnknownFormat : public std::invalid_argument {
 public:
  explicit UnknownFormat(std::string_view name);
};

// The format called `name` (throws UnknownFormat, which lists the known names).
const Format& find_format(std::string_view name);
// Canonical names of the registered formats, in table order (positN_esE is
// listed once as a pattern; posit8/16/32 are listed by name).
std::vector<std::string> format_names();
// Every element (non-block) format of at most `max_bits` bits, for sweeps.
std::vector<const Format*> element_formats(int max_bits = 64);

}  // namespace qmac::golden
