#include "golden/mac/posit_quire.hpp"

#include "golden/arith/value_arith.hpp"

namespace qmac::golden {

void PositQuire::add_exact(const Value& v) {
  if (nar_) return;
  if (!acc_.add(v) || acc_.is_min_pattern()) nar_ = true;
}

void PositQuire::accumulate(std::uint64_t a, std::uint64_t b, bool subtract) {
  if (nar_) return;
  const Value x = posit_.decode(a), y = posit_.decode(b);
  if (x.is_nan() || y.is_nan()) {
    nar_ = true;
    return;
  }
  const Value p = mul(x, y);  // exact: two <= 29-bit significands
  add_exact(subtract ? p.negated() : p);
}

void PositQuire::add_posit(std::uint64_t a) {
  if (nar_) return;
  const Value x = posit_.decode(a);
  if (x.is_nan()) {
    nar_ = true;
    return;
  }
  add_exact(x);
}

void PositQuire::add_quire(const PositQuire& other) {
  if (other.nar_) nar_ = true;
  if (nar_) return;
  if (!acc_.add(other.acc_) || acc_.is_min_pattern()) nar_ = true;
}

PositQuire PositQuire::from_raw(PositSpec p, const std::vector<std::uint64_t>& limbs) {
  PositQuire q(p);
  q.acc_.set_bits(limbs);
  q.nar_ = q.acc_.is_min_pattern();
  return q;
}

std::uint64_t PositQuire::to_posit() const {
  if (nar_) return posit_.nar();
  return posit_.encode(acc_.value());
}

KulischAccumulator PositQuire::raw() const {
  KulischAccumulator r = acc_;
  if (nar_) r.set_min_pattern();
  return r;
}

std::uint64_t posit_fdp(PositSpec p, const std::uint64_t* a, const std::uint64_t* b, std::size_t k) {
  PositQuire q(p);
  for (std::size_t i = 0; i < k; ++i) q.add_product(a[i], b[i]);
  return q.to_posit();
}

}  // namespace qmac::golden
