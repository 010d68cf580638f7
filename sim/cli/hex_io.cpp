#include "sim/cli/hex_io.hpp"

#include <charconv>

namespace qmac::cli {

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::uint64_t parse_hex(std::string_view token, int bits, std::size_t line, std::string_view what) {
  std::string_view t = trim(token);
  if (t.starts_with("0x") || t.starts_with("0X")) t.remove_prefix(2);
  std::uint64_t v = 0;
  const auto [p, ec] = t.empty() ? std::from_chars_result{t.data(), std::errc::invalid_argument}
                                 : std::from_chars(t.data(), t.data() + t.size(), v, 16);
  if (ec != std::errc{} || p != t.data() + t.size())
    throw InputError(line, "expected " + std::string(what) + " as hex, got '" + std::string(trim(token)) + "'");
  if (bits < 64 && (v >> bits) != 0)
    throw InputError(line, "'" + std::string(trim(token)) + "' does not fit " + std::string(what) + " (" +
                               std::to_string(bits) + " bits)");
  return v;
}

std::string to_hex(std::uint64_t value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string s(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) s[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
  return s;
}

std::vector<std::string_view> split(std::string_view s, std::string_view seps) {
  std::vector<std::string_view> out;
  s = trim(s);
  if (s.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find_first_of(seps, start);
    out.push_back(trim(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start)));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
    // Runs of whitespace separate once.
    if (seps.find(' ') != std::string_view::npos)
      while (start < s.size() && (s[start] == ' ' || s[start] == '\t')) ++start;
  }
  return out;
}

bool LineReader::next(std::string& line) {
  while (std::getline(in_, line)) {
    ++number_;
    const std::string_view t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    line = std::string(t);
    return true;
  }
  return false;
}

}  // namespace qmac::cli
