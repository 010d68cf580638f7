// The mutant array behind the controller's ArrayFactory, in lockstep with the
// model. A TU of its own: Verilator's headers and SystemC's do not mix.
#include QMAC_MUTANT_HEADER
#include "sim/cosim/arith_of.hpp"
#include "sim/cosim/lockstep_core.hpp"
#include "tests/mutate/mutant_factory.hpp"

namespace qmac::mutate {

models::ArrayFactory mutant_factory(cosim::LockstepStats* stats) {
  return [stats](const models::FoldPlan& p) -> std::unique_ptr<models::ArrayCore> {
    return std::make_unique<cosim::LockstepCore<QMAC_MUTANT_V, cosim::ArithOf<golden::MacFamily::QMAC_MUTANT_FAMILY>::type>>(p, 2, 2, stats);
  };
}

}  // namespace qmac::mutate
