#include "sim/cosim/rtl_arrays.hpp"

#include <stdexcept>

#include "Varray_e4m3_4x4.h"
#include "Varray_e4m3_8x8.h"
#include "Varray_e5m2_4x4.h"
#include "Varray_e4m3_kulisch_4x4.h"
#include "Varray_e5m2_kulisch_4x4.h"
#include "Varray_int_4x4.h"
#include "Varray_int_8x8.h"
#include "Varray_int_3x5.h"
#include "Varray_e4m3_3x5.h"
#include "Varray_mxfp4_3x5.h"
#include "Varray_dialectfp4_4x4.h"
#include "Varray_dialectfp4_8x8.h"
#include "Varray_mxfp4_4x4.h"
#include "Varray_mxfp4_8x8.h"
#include "Varray_mxfp8_e4m3_4x4.h"
#include "Varray_mxfp8_e5m2_4x4.h"
#include "Varray_posit8_4x4.h"
#include "sim/cosim/lockstep_core.hpp"

namespace qmac::cosim {
namespace {

std::string built_list() {
  std::string s;
  for (const auto& b : built_rtl_arrays()) s += (s.empty() ? "" : ", ") + b;
  return s;
}

template <class V, class Arith>
struct Built {
  using Model = V;
  using Math = Arith;
};

// Calls f(Built<V, Arith>{}, rows, cols) for the Verilated array that implements the plan's array, or throws.
template <class F>
std::unique_ptr<models::ArrayCore> with_built(const models::FoldPlan& plan, F&& f) {
  const auto& a = plan.arch();
  const auto& m = a.mac;
  const bool square = a.rows == a.cols;
  // Non-square: 3x5 (block formats: OS, as WS folds K onto 3 rows, which do not divide a block of 32).
  if (a.rows == 3 && a.cols == 5) {
    if (m.family == golden::MacFamily::Integer && m.spec.int_width == 32) return f(Built<Varray_int_3x5, golden::pe::IntArith>{}, 3, 5);
    if (m.family == golden::MacFamily::FloatFp32 && m.a == m.b && m.a->name == "e4m3")
      return f(Built<Varray_e4m3_3x5, golden::pe::Fp32Arith>{}, 3, 5);
    if (m.family == golden::MacFamily::MxBlock && m.a == m.b && m.block == 32 && m.a->name == "mxfp4")
      return f(Built<Varray_mxfp4_3x5, golden::pe::ExactArith>{}, 3, 5);
  }
  if (square) {
    if (m.family == golden::MacFamily::Integer && m.spec.int_width == 32) {
      if (a.rows == 4) return f(Built<Varray_int_4x4, golden::pe::IntArith>{}, 4, 4);
      if (a.rows == 8) return f(Built<Varray_int_8x8, golden::pe::IntArith>{}, 8, 8);
    }
    if (m.family == golden::MacFamily::FloatFp32 && m.a == m.b && m.a->name == "e4m3") {
      if (a.rows == 4) return f(Built<Varray_e4m3_4x4, golden::pe::Fp32Arith>{}, 4, 4);
      if (a.rows == 8) return f(Built<Varray_e4m3_8x8, golden::pe::Fp32Arith>{}, 8, 8);
    }
    if (m.family == golden::MacFamily::FloatFp32 && m.a == m.b && m.a->name == "e5m2" && a.rows == 4)
      return f(Built<Varray_e5m2_4x4, golden::pe::Fp32Arith>{}, 4, 4);
    if (m.family == golden::MacFamily::Kulisch && m.a == m.b && a.rows == 4) {
      if (m.a->name == "e4m3") return f(Built<Varray_e4m3_kulisch_4x4, golden::pe::ExactArith>{}, 4, 4);
      if (m.a->name == "e5m2") return f(Built<Varray_e5m2_kulisch_4x4, golden::pe::ExactArith>{}, 4, 4);
    }
    if (m.family == golden::MacFamily::Quire && m.a == m.b && m.a->name == "posit8" && a.rows == 4)
      return f(Built<Varray_posit8_4x4, golden::pe::QuireArith>{}, 4, 4);
    // Block kinds are built for blocks of 32.
    if (m.family == golden::MacFamily::MxBlock && m.a == m.b && m.block == 32) {
      if (m.a->name == "mxfp4" && a.rows == 4) return f(Built<Varray_mxfp4_4x4, golden::pe::ExactArith>{}, 4, 4);
      if (m.a->name == "mxfp4" && a.rows == 8) return f(Built<Varray_mxfp4_8x8, golden::pe::ExactArith>{}, 8, 8);
      if (m.a->name == "mxfp8_e4m3" && a.rows == 4) return f(Built<Varray_mxfp8_e4m3_4x4, golden::pe::ExactArith>{}, 4, 4);
      if (m.a->name == "mxfp8_e5m2" && a.rows == 4) return f(Built<Varray_mxfp8_e5m2_4x4, golden::pe::ExactArith>{}, 4, 4);
    }
    if (m.family == golden::MacFamily::DialectFp4 && m.block == 32) {
      if (a.rows == 4) return f(Built<Varray_dialectfp4_4x4, golden::pe::ExactArith>{}, 4, 4);
      if (a.rows == 8) return f(Built<Varray_dialectfp4_8x8, golden::pe::ExactArith>{}, 8, 8);
    }
  }
  throw std::invalid_argument("no RTL array is built for a " + std::to_string(a.rows) + "x" + std::to_string(a.cols) + " " +
                              std::string(models::dataflow_name(a.dataflow)) + " " + m.name() + " array; built: " +
                              built_list());
}

}  // namespace

std::vector<std::string> built_rtl_arrays() {
  return {"4x4 int8/int4 ws/os/is",
          "8x8 int8/int4 ws/os/is",
          "4x4 e4m3 ws/os/is",
          "8x8 e4m3 ws/os/is",
          "4x4 e5m2 ws/os/is",
          "4x4 mxfp4 (blocks of 32) ws/os/is",
          "8x8 mxfp4 (blocks of 32) ws/os/is",
          "4x4 mxfp8_e4m3 (blocks of 32) ws/os/is",
          "4x4 mxfp8_e5m2 (blocks of 32) ws/os/is",
          "4x4 dialectfp4 (blocks of 32) ws/os/is",
          "8x8 dialectfp4 (blocks of 32) ws/os/is",
          "4x4 e4m3-kulisch ws/os/is",
          "4x4 e5m2-kulisch ws/os/is",
          "4x4 posit8 (128-bit quire) ws/os/is",
          "3x5 int8/int4 ws/os/is",
          "3x5 e4m3 ws/os/is",
          "3x5 mxfp4 (blocks of 32) os"};
}

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
