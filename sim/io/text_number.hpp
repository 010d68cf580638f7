// Numbers in text (INI/CSV fields, option values, generator specs): the whole
// text must be the number, with no trailing characters, and a floating value
// must be finite. std::stoll/stod accept "10abc" and throw out_of_range; these
// return false instead.
#pragma once

#include <cstdint>
#include <string>

namespace qmac::io {

// `s` without leading and trailing blanks (space, tab, CR).
std::string trim(const std::string& s);
bool parse_int(const std::string& text, std::int64_t& out);
bool parse_uint(const std::string& text, std::uint64_t& out);
bool parse_number(const std::string& text, double& out);

}  // namespace qmac::io
