// Line-oriented hex I/O for `qmac golden`: one item per line, tokens with or
// without 0x in either case, output lowercase and zero-padded. Input errors
// carry the line number so the message can say where and what was expected.
#pragma once

#include <cstdint>
#include <istream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace qmac::cli {

class InputError : public std::runtime_error {
 public:
  InputError(std::size_t line, const std::string& what)
      : std::runtime_error("line " + std::to_string(line) + ": " + what), line_(line) {}
  std::size_t line() const { return line_; }

 private:
  std::size_t line_;
};

// Parses one hex token of at most `bits` significant bits.
std::uint64_t parse_hex(std::string_view token, int bits, std::size_t line, std::string_view what);
std::string to_hex(std::uint64_t value, int digits);
// Splits on any of `seps`, dropping empty fields only at the ends (surrounding whitespace).
std::vector<std::string_view> split(std::string_view s, std::string_view seps);
std::string_view trim(std::string_view s);

// Reads non-empty lines (blank lines and lines starting with '#' are skipped),
// remembering each line's number.
class LineReader {
 public:
  explicit LineReader(std::istream& in) : in_(in) {}
  bool next(std::string& line);
  std::size_t line_number() const { return number_; }

 private:
  std::istream& in_;
  std::size_t number_ = 0;
};

}  // namespace qmac::cli
