// IntAccumulator: a `width`-bit two's complement integer accumulator that
// wraps on overflow as hardware does (INT8 x INT8 -> INT32 by default) and
// remembers that it wrapped, so a test or report can flag it.
#pragma once

#include <cstdint>
#include <stdexcept>

namespace qmac::golden {

class IntAccumulator {
 public:
  explicit IntAccumulator(int width = 32) : width_(width) {
    if (width < 2 || width > 64) throw std::invalid_argument("IntAccumulator: width must be 2..64");
  }
  void clear() { sum_ = 0; wrapped_ = false; }
  void add(std::int64_t x) {
    const __int128 exact = static_cast<__int128>(sum_) + x;
    sum_ = wrap(exact);
    wrapped_ |= sum_ != exact;
  }
  std::int64_t value() const { return sum_; }
  bool wrapped() const { return wrapped_; }
  int width() const { return width_; }

 private:
  std::int64_t wrap(__int128 x) const {
    if (width_ == 64) return static_cast<std::int64_t>(x);
    const std::uint64_t m = (std::uint64_t{1} << width_) - 1;
    std::uint64_t u = static_cast<std::uint64_t>(x) & m;
    if (u >> (width_ - 1)) u |= ~m;  // sign-extend
    return static_cast<std::int64_t>(u);
  }
  int width_;
  std::int64_t sum_ = 0;
  bool wrapped_ = false;
};

}  // namespace qmac::golden
