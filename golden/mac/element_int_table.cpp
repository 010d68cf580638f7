#include "golden/mac/element_int_table.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace qmac::golden {

const ElementIntTable& ElementIntTable::of(const Format& f) {
  static std::mutex m;
  static std::map<std::string, std::unique_ptr<ElementIntTable>, std::less<>> cache;
  std::lock_guard lock(m);
  if (auto it = cache.find(f.name); it != cache.end()) return *it->second;
  if (f.bits > 8 || f.kind == FormatKind::Posit || f.kind == FormatKind::Lookup || f.kind == FormatKind::Scale)
    throw std::invalid_argument("no integer element table for format '" + f.name + "'");
  auto t = std::make_unique<ElementIntTable>();
  t->lsb_exp = f.min_positive.log2_floor();
  const std::uint64_t n = std::uint64_t{1} << f.bits;
  for (std::uint64_t c = 0; c < n; ++c) {
    const Value v = f.decode(c);
    if (v.is_nan()) {
      t->special[c] = kNaN;
      t->has_specials = true;
    } else if (v.is_inf()) {
      t->special[c] = v.neg ? kNegInf : kPosInf;
      t->has_specials = true;
    } else if (v.is_finite()) {
      const std::int64_t mag = static_cast<std::int64_t>(v.sig << (v.exp - t->lsb_exp));
      t->k[c] = v.neg ? -mag : mag;
    }
  }
  return *cache.emplace(f.name, std::move(t)).first->second;
}

}  // namespace qmac::golden
