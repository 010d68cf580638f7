// The list of unit checks qmac verify runs, and the effort each suite gives them.
#include "sim/unitcheck/unit_check.hpp"

namespace qmac::unitcheck {

const std::vector<UnitCheck>& unit_checks() {
  static const std::vector<UnitCheck> checks = {
      {"mac_fp8.every_product", "mac_fp8", [](std::uint64_t, Effort) { return mac_fp8_every_product(); }},
      {"mac_posit.every_posit8_product", "mac_posit", [](std::uint64_t, Effort) { return mac_posit_every_posit8_product(); }},
      {"mac_posit.posit16_dots", "mac_posit",
       [](std::uint64_t seed, Effort e) {
         return mac_posit_posit16_dots(seed, e == Effort::Quick ? 200 : e == Effort::Full ? 1000 : 3000);
       }},
      {"act_quantizer.random_blocks", "act_quantizer",
       [](std::uint64_t seed, Effort e) {
         return act_quantizer_random_blocks(seed, e == Effort::Quick ? 2000 : e == Effort::Full ? 20000 : 100000);
       }},
  };
  return checks;
}

}  // namespace qmac::unitcheck
