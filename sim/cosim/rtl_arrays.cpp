#include "sim/cosim/rtl_arrays.hpp"

#include <stdexcept>

#include "built_array_models.inc"
#include "built_array_rows.inc"
#include "sim/cosim/arith_of.hpp"
#include "sim/cosim/built_arrays.hpp"
#include "sim/cosim/lockstep_core.hpp"

namespace qmac::cosim {
namespace {

template <class V, class Arith>
struct Built {
  using Model = V;
  using Math = Arith;
};

// Calls f(Built<V, Arith>{}, rows, cols) for the Verilated array of rtl/built_arrays.txt that runs the plan, or throws.
template <class F>
std::unique_ptr<models::ArrayCore> with_built(const models::FoldPlan& plan, F&& f) {
  const BuiltArray* row = built_array_for(plan.arch());
  if (!row) {
    const auto& a = plan.arch();
    throw std::invalid_argument("no RTL array is built for a " + std::to_string(a.rows) + "x" + std::to_string(a.cols) + " " +
                                std::string(models::dataflow_name(a.dataflow)) + " " + a.mac.name() + " array; built: " +
                                built_arrays_list());
  }
#define QMAC_CASE(V, F, array, R, C, ...) \
  if (row->model == #V) return f(Built<V, ArithOf<golden::MacFamily::F>::type>{}, R, C);
  QMAC_BUILT_ARRAY_ROWS(QMAC_CASE)
#undef QMAC_CASE
  throw std::logic_error("built_arrays(): " + row->model + " has no Verilated model");
}

}  // namespace

models::ArrayFactory rtl_array_factory() {
  return [](const models::FoldPlan& plan) {
    return with_built(plan, [&](auto b, int rows, int cols) -> std::unique_ptr<models::ArrayCore> {
      using B = decltype(b);
      return std::make_unique<RtlArrayCore<typename B::Model, typename B::Math>>(plan, rows, cols);
    });
  };
}

models::ArrayFactory stalling_rtl_array_factory(std::uint64_t seed, double probability, std::uint64_t* stalls) {
  return [=](const models::FoldPlan& plan) {
    return with_built(plan, [&](auto b, int rows, int cols) -> std::unique_ptr<models::ArrayCore> {
      using B = decltype(b);
      // Counts its stalls into *stalls as it goes (the core lives until the layer ends).
      struct Counting final : models::ArrayCore {
        RtlArrayCore<typename B::Model, typename B::Math> core;
        std::uint64_t* out;
        Counting(const models::FoldPlan& p, int r, int c, std::uint64_t* o) : core(p, r, c), out(o) {}
        void start(const models::Fold& f, models::TileView a, models::TileView b) override { core.start(f, a, b); }
        bool step(models::Counters& c) override {
          const std::uint64_t before = core.stalls();
          const bool done = core.step(c);
          if (out) *out += core.stalls() - before;
          return done;
        }
        void results(std::vector<std::uint64_t>& o) const override { core.results(o); }
      };
      auto c = std::make_unique<Counting>(plan, rows, cols, stalls);
      c->core.inject_stalls(seed, probability);
      return c;
    });
  };
}

models::ArrayFactory lockstep_factory(LockstepStats* stats) {
  return [stats](const models::FoldPlan& plan) {
    return with_built(plan, [&](auto b, int rows, int cols) -> std::unique_ptr<models::ArrayCore> {
      using B = decltype(b);
      return std::make_unique<LockstepCore<typename B::Model, typename B::Math>>(plan, rows, cols, stats);
    });
  };
}

}  // namespace qmac::cosim
