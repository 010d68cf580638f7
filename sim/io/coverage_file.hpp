// Verilator's coverage file (SystemC::Coverage-3, what VerilatedCovContext
// writes and verilator_coverage reads): one `C '<key>' <count>` line per
// coverage point, the key a list of \x01name\x02value fields (file, line,
// page = v_line/..., v_toggle/..., v_user/..., o = the point, h = where).
// qmac verify --coverage adds the points of every Verilated model it ran into
// one table and writes it once.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace qmac::io {

using CoverageCounts = std::map<std::string, std::uint64_t>;  // key -> hits, summed over models

// Adds the points of a coverage file's text to `counts`; `origin` names it in
// errors ("origin:LINE: expected ..."), thrown as std::invalid_argument.
void add_coverage_text(std::string_view text, const std::string& origin, CoverageCounts& counts);
// The same for a file; std::runtime_error if it cannot be read.
void add_coverage_file(const std::string& path, CoverageCounts& counts);
// Writes `counts` as a coverage file verilator_coverage reads.
void write_coverage_file(const std::string& path, const CoverageCounts& counts);

// A field of a point's key (\x01name\x02value), or "" if absent.
std::string coverage_field(std::string_view key, std::string_view name);

}  // namespace qmac::io
