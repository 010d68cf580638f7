#include "sim/cosim/built_arrays.hpp"

#include <algorithm>
#include <sstream>
#include <stdexcept>

#include "built_array_rows.inc"
#include "sim/verify/mac_kinds.hpp"

namespace qmac::cosim {
namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string item;
  std::istringstream in(s);
  while (std::getline(in, item, sep)) out.push_back(item);
  return out;
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

BuiltArray row(const char* model, golden::MacFamily family, const char* array, int rows, int cols, const char* dataflows,
               const char* fmt_a, std::uint32_t block_len, const char* kinds, int rtl_kind, int line) {
  BuiltArray b;
  b.model = model;
  b.array = array;
  b.rows = rows;
  b.cols = cols;
  b.family = family;
  b.fmt_a = fmt_a;
  b.block_len = block_len;
  b.kinds = split(kinds, ',');
  for (const auto& k : b.kinds) {
    const golden::MacKind m = verify::mac_kind_named(k);
    for (const golden::Format* f : {m.a, m.b})
      if (std::find(b.formats.begin(), b.formats.end(), f) == b.formats.end()) b.formats.push_back(f);
  }
  b.rtl_kind = rtl_kind;
  b.line = line;
  for (const auto& d : split(dataflows, ',')) {
    const auto df = models::parse_dataflow(d);
    if (!df) throw std::logic_error("rtl/built_arrays.txt:" + std::to_string(line) + ": unknown dataflow '" + d + "'");
    b.dataflows.push_back(*df);
  }
  return b;
}


}  // namespace

bool BuiltArray::runs(models::Dataflow d) const {
  for (auto x : dataflows)
    if (x == d) return true;
  return false;
}

std::string BuiltArray::describe() const {
  std::vector<std::string> dfs;
  for (auto d : dataflows) dfs.emplace_back(models::dataflow_name(d));
  std::string s = std::to_string(rows) + "x" + std::to_string(cols) + " " + joined(kinds, "/");
  if (family == golden::MacFamily::MxBlock || family == golden::MacFamily::DialectFp4)
    s += " (blocks of " + std::to_string(block_len) + ")";
  if (family == golden::MacFamily::Quire) s += " (128-bit quire)";
  return s + " " + joined(dfs, "/");
}

const std::vector<BuiltArray>& built_arrays() {
  static const std::vector<BuiltArray> table = [] {
    std::vector<BuiltArray> t;
#define QMAC_ROW(V, F, ...) t.push_back(row(#V, golden::MacFamily::F, __VA_ARGS__));
    QMAC_BUILT_ARRAY_ROWS(QMAC_ROW)
#undef QMAC_ROW
    return t;
  }();
  return table;
}

const BuiltArray* built_array_for(const models::ArchSpec& arch) {
  const golden::MacKind& m = arch.mac;
  for (const BuiltArray& b : built_arrays()) {
    if (b.rows != arch.rows || b.cols != arch.cols || !b.runs(arch.dataflow) || b.family != m.family) continue;
    auto takes = [&b](const golden::Format* f) { return std::find(b.formats.begin(), b.formats.end(), f) != b.formats.end(); };
    if (!takes(m.a) || !takes(m.b)) continue;
    // The array's PEs sum in INT32; block kinds close a block every block_len products.
    if (m.family == golden::MacFamily::Integer && m.spec.int_width != 32) continue;
    if (m.is_block() && static_cast<std::uint32_t>(m.block) != b.block_len) continue;
    return &b;
  }
  return nullptr;
}

std::string built_arrays_list() {
  std::vector<std::string> v;
  for (const auto& b : built_arrays()) v.push_back(b.describe());
  return joined(v, ", ");
}

}  // namespace qmac::cosim
