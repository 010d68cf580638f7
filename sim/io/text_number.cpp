#include "sim/io/text_number.hpp"

#include <charconv>
#include <cmath>

namespace qmac::io {
std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r"), e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

namespace {

template <class T>
bool parse(const std::string& text, T& out) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  const char* b = t.data() + (t[0] == '+' ? 1 : 0);
  const char* e = t.data() + t.size();
  const auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e;
}

}  // namespace

bool parse_int(const std::string& text, std::int64_t& out) { return parse(text, out); }
bool parse_uint(const std::string& text, std::uint64_t& out) { return parse(text, out); }
bool parse_number(const std::string& text, double& out) { return parse(text, out) && std::isfinite(out); }

}  // namespace qmac::io
