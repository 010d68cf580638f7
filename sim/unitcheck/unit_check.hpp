// Unit checks: the RTL units' testbench drivers as a library, so that the
// unit testbenches (tests/rtl) and `qmac verify`'s suites run the same
// stimulus against the same references. Each check drives one Verilated unit
// and compares its outputs bit for bit with golden, stopping at the first
// disagreement. No SystemC here.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace qmac::unitcheck {

struct UnitCheckResult {
  std::uint64_t compared = 0;  // outputs compared (and, while ok, agreed)
  std::string first_mismatch;  // empty: every comparison agreed
  bool ok() const { return first_mismatch.empty(); }
};

// How much a seeded check does: the quick suite, the full one, or the unit
// testbench's own (largest) run.
enum class Effort { Quick, Full, Testbench };

struct UnitCheck {
  const char* name;   // "mac_posit.every_posit8_product"
  const char* unit;   // the RTL module it drives
  std::function<UnitCheckResult(std::uint64_t seed, Effort effort)> run;
};

// Every unit check, in a fixed order.
const std::vector<UnitCheck>& unit_checks();

// The checks (exhaustive ones ignore seed and effort).
UnitCheckResult mac_fp8_every_product();
UnitCheckResult mac_posit_every_posit8_product();
UnitCheckResult mac_posit_posit16_dots(std::uint64_t seed, int dots);
// dialects_seen (optional): how often each dialect came out of the FP16 stream.
UnitCheckResult act_quantizer_random_blocks(std::uint64_t seed, int blocks, std::array<int, 16>* dialects_seen = nullptr);

std::string hex(std::uint64_t v);

}  // namespace qmac::unitcheck
