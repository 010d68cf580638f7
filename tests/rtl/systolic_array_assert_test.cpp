// systolic_array's interface assertions (SVA, Verilated with --assert): a
// driver that breaks the feeder protocol of docs/timing.md stops the
// simulation with the assertion's message, rather than computing on.
#include <gtest/gtest.h>
#include <unistd.h>

#include "Vsystolic_array.h"
#include "tests/rtl/rtl_harness.hpp"

namespace qmac::test {
namespace {

// A correct cycle first (so the failure is the violation's), then the violation.
template <class Violate>
void run(Violate&& violate) {
  dup2(2, 1);  // Verilator reports a failed assertion on stdout; the death test reads stderr
  Clocked<Vsystolic_array> m;
  m->rows_used_i = 4;
  m->cols_used_i = 4;
  m.tick();
  violate(m.model());
  m.tick();
}

TEST(SystolicArrayAssertions, AWeightWriteDuringStreamingStops) {
  EXPECT_DEATH(run([](Vsystolic_array& v) { v.stream_i = 1; v.w_we_i = 1; }), "a_load_not_stream");
}

TEST(SystolicArrayAssertions, AnOperandValidOutsideStreamingStops) {
  EXPECT_DEATH(run([](Vsystolic_array& v) { v.a_valid_i = 1; }), "a_valid_streams");
}

TEST(SystolicArrayAssertions, StartOutsideStreamingStops) {
  EXPECT_DEATH(run([](Vsystolic_array& v) { v.start_i = 1; }), "a_start_streams");
}

TEST(SystolicArrayAssertions, ATileLargerThanTheArrayStops) {
  EXPECT_DEATH(run([](Vsystolic_array& v) { v.rows_used_i = 5; }), "a_tile_fits");
}

TEST(SystolicArrayAssertions, LegalCyclesDoNotStop) {
  Clocked<Vsystolic_array> m;
  m->rows_used_i = 4;
  m->cols_used_i = 4;
  m->stream_i = 1;
  m->start_i = 1;
  m->a_valid_i = 1;
  m.tick();
  SUCCEED();
}

}  // namespace
}  // namespace qmac::test
