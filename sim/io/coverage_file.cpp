#include "sim/io/coverage_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sim/io/text_number.hpp"

namespace qmac::io {

namespace {
constexpr std::string_view kHeader = "# SystemC::Coverage-3";
}

void add_coverage_text(std::string_view text, const std::string& origin, CoverageCounts& counts) {
  std::size_t line_no = 0;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    const auto fail = [&](const std::string& what) {
      throw std::invalid_argument(origin + ":" + std::to_string(line_no) + ": expected " + what);
    };
    if (line_no == 1) {
      if (line != kHeader) fail("the header '" + std::string(kHeader) + "' (a Verilator coverage file)");
      continue;
    }
    if (line.empty()) continue;
    // C '<key>' <count>: the key runs to the last quote, so a quote inside it cannot end it early.
    const std::size_t close = line.rfind('\'');
    if (line.size() < 4 || line.substr(0, 3) != "C '" || close < 3) fail("C '<key>' <count>");
    const std::string_view key = line.substr(3, close - 3);
    std::string_view count = line.substr(close + 1);
    if (count.empty() || count.front() != ' ') fail("a space and a count after the key");
    count.remove_prefix(1);
    std::uint64_t n = 0;
    if (!parse_uint(std::string(count), n)) fail("a count (a non-negative integer), not '" + std::string(count) + "'");
    if (key.empty() || key.front() != '\x01') fail("a key of \\x01name\\x02value fields");
    std::uint64_t& c = counts[std::string(key)];
    c = n > UINT64_MAX - c ? UINT64_MAX : c + n;
  }
  if (line_no == 0) throw std::invalid_argument(origin + ": expected a Verilator coverage file, found an empty file");
}

void add_coverage_file(const std::string& path, CoverageCounts& counts) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  add_coverage_text(s.str(), path, counts);
}

void write_coverage_file(const std::string& path, const CoverageCounts& counts) {
  std::ofstream out(path, std::ios::binary);
  out << kHeader << "\n";
  for (const auto& [key, n] : counts) out << "C '" << key << "' " << n << "\n";
  if (!out.flush()) throw std::runtime_error(path + ": cannot write");
}

std::string coverage_field(std::string_view key, std::string_view name) {
  std::string tag = "\x01";
  tag += name;
  tag += '\x02';
  const std::size_t at = key.find(tag);
  if (at == std::string_view::npos) return "";
  const std::size_t from = at + tag.size();
  const std::size_t end = key.find('\x01', from);
  return std::string(key.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from));
}

}  // namespace qmac::io
