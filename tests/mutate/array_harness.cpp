// The array's kill check for `make mutate`: one Verilated 2x2 array
// (mutant_factory.cpp; QMAC_MUTANT_FMT names its MAC kind) in
// lockstep with the C++ model over the dataflows and ragged shapes of
// tests/cosim, every output also held against golden's GEMM. Exit 0 when
// every case agrees, 1 at the first disagreement (the mutant is killed).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <systemc>

#include "models/accelerator.hpp"
#include "tests/mutate/mutant_factory.hpp"
#include "sim/run/golden_check.hpp"
#include "sim/run/random_operands.hpp"
#include "sim/verify/mac_kinds.hpp"

using namespace qmac;

int sc_main(int, char**) {
  const std::string fmt = QMAC_MUTANT_FMT;
  models::ArchSpec a;
  a.rows = a.cols = 2;
  a.mac = verify::mac_kind_named(fmt);  // a name of qmac verify's ("e5m2-kulisch": E5M2 into Kulisch)
  a.dram = {3.0, 7};
  for (auto* s : {&a.input_sram, &a.weight_sram, &a.output_sram}) s->bytes = 1 << 20;
  const bool block = a.mac.is_block();
  const std::vector<models::GemmLayer> layers =
      block ? std::vector<models::GemmLayer>{{"one", 1, 32, 1, 1, 0}, {"ragged", 5, 64, 3, 1, 0}, {"deepk", 3, 96, 2, 1, 0}}
            : std::vector<models::GemmLayer>{{"one", 1, 1, 1, 1, 0}, {"ragged", 5, 7, 3, 1, 0}, {"deepk", 3, 13, 2, 1, 0}};
  std::uint64_t seed = 3;
  for (auto df : {models::Dataflow::WS, models::Dataflow::OS, models::Dataflow::IS})
    for (const auto& L : layers) {
      a.dataflow = df;
      const models::FoldPlan plan(a, L);
      const auto ops = sim::random_operands(a, L, seed++);
      cosim::LockstepStats stats;
      const models::ArrayFactory lockstep = mutate::mutant_factory(&stats);
      try {
        const models::LayerRun run = models::Accelerator::instance().run(plan, ops, lockstep);
        const sim::GoldenCheck g = sim::check_against_golden(a, L, ops, run.c);
        if (!stats.ok() || g.matched != static_cast<std::uint64_t>(L.m * L.n)) {
          std::printf("killed: %s %s: %s%s\n", models::dataflow_name(df).data(), L.name.c_str(), stats.first_mismatch.c_str(),
                      g.first_mismatch.c_str());
          return 1;
        }
      } catch (const std::exception& e) {
        std::printf("killed: %s %s: %s\n", models::dataflow_name(df).data(), L.name.c_str(), e.what());
        return 1;
      }
    }
  std::printf("survived\n");
  return 0;
}
