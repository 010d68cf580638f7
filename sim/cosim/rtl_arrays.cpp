#include "sim/cosim/rtl_arrays.hpp"

#include <stdexcept>

#include "Varray_int_4x4.h"
#include "Varray_int_8x8.h"

namespace qmac::cosim {
namespace {

std::string built_list() {
  std::string s;
  for (const auto& b : built_rtl_arrays()) s += (s.empty() ? "" : ", ") + b;
  return s;
}

template <template <class> class Core, class... Extra>
std::unique_ptr<models::ArrayCore> make(const models::FoldPlan& plan, Extra... extra) {
  const auto& a = plan.arch();
  const bool ok_kind = a.mac.family == golden::MacFamily::Integer && a.mac.spec.int_width == 32 &&
                       a.dataflow != models::Dataflow::IS;
  if (ok_kind && a.rows == 4 && a.cols == 4) return std::make_unique<Core<Varray_int_4x4>>(plan, 4, 4, extra...);
  if (ok_kind && a.rows == 8 && a.cols == 8) return std::make_unique<Core<Varray_int_8x8>>(plan, 8, 8, extra...);
  throw std::invalid_argument("no RTL array is built for a " + std::to_string(a.rows) + "x" + std::to_string(a.cols) + " " +
                              std::string(models::dataflow_name(a.dataflow)) + " " + a.mac.name() + " array; built: " +
                              built_list());
}

template <class V>
using RtlAlone = RtlIntArrayCore<V>;

}  // namespace

std::vector<std::string> built_rtl_arrays() { return {"4x4 int8/int4 ws/os", "8x8 int8/int4 ws/os"}; }

models::ArrayFactory rtl_array_factory() {
  return [](const models::FoldPlan& plan) { return make<RtlAlone>(plan); };
}

models::ArrayFactory lockstep_factory(LockstepStats* stats) {
  return [stats](const models::FoldPlan& plan) { return make<LockstepCore>(plan, stats); };
}

}  // namespace qmac::cosim
