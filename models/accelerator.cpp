#include "models/accelerator.hpp"

#include <algorithm>
#include <deque>
#include <stdexcept>

namespace qmac::models {
namespace {
// A function, not a global: a global sc_time would start SystemC's kernel
// during static initialization, before main() has turned its banner off.
sc_core::sc_time cycle() { return sc_core::sc_time(1, sc_core::SC_NS); }
}

Accelerator& Accelerator::instance() {
  static Accelerator* acc = new Accelerator("qmac");  // lives as long as the SystemC kernel
  return *acc;
}

Accelerator::Accelerator(sc_core::sc_module_name name)
    : sc_core::sc_module(name), clk_("clk", cycle()), dram_("dram", cycle()), input_sram_("input_sram", &counters_.input_sram),
      weight_sram_("weight_sram", &counters_.weight_sram), output_sram_("output_sram", &counters_.output_sram),
      dma_("dma", &counters_), array_("array", &counters_) {
  dma_.dram.bind(dram_.socket);
  dma_.input_sram.bind(input_sram_.socket);
  dma_.weight_sram.bind(weight_sram_.socket);
  dma_.output_sram.bind(output_sram_.socket);
  array_.clk(clk_);
  SC_HAS_PROCESS(Accelerator);
  SC_THREAD(control);
}

LayerRun Accelerator::run(const FoldPlan& plan, const LayerOperands& operands, const ArrayFactory& array) {
  const auto& L = plan.layer();
  if (operands.a.size() != static_cast<std::size_t>(L.m * L.k) || operands.b.size() != static_cast<std::size_t>(L.k * L.n))
    throw std::invalid_argument("layer '" + L.name + "': operand sizes do not match M x K and K x N");
  counters_ = {};
  plan_ = &plan;
  dram_.configure(plan.arch().dram, plan.arch().timing);
  dram_.clear_counts();
  dram_.region(Dram::kRegionA) = operands.a;
  dram_.region(Dram::kRegionB) = operands.b;
  dram_.region(Dram::kRegionC).assign(static_cast<std::size_t>(L.m * L.n), 0);
  dram_.region(Dram::kRegionP).assign(plan.spills_psums() ? static_cast<std::size_t>(L.m * L.n) : 0, 0);
  std::size_t a_max = 0, b_max = 0, c_max = 0;
  for (const Fold& f : plan.folds()) {
    a_max = std::max(a_max, static_cast<std::size_t>((f.a_tile.r1 - f.a_tile.r0) * (f.a_tile.c1 - f.a_tile.c0)));
    b_max = std::max(b_max, static_cast<std::size_t>((f.b_tile.r1 - f.b_tile.r0) * (f.b_tile.c1 - f.b_tile.c0)));
    c_max = std::max(c_max, static_cast<std::size_t>(plan.out_rows(f) * plan.out_cols(f)));
  }
  input_sram_.configure(plan.arch().input_sram, a_max);
  weight_sram_.configure(plan.arch().weight_sram, b_max);
  output_sram_.configure(plan.arch().output_sram, c_max);
  dma_.set_plan(&plan);
  dma_.slot_bytes_a = a_max * 4;
  dma_.slot_bytes_b = b_max * 4;
  dma_.slot_bytes_c = c_max * 4;
  std::unique_ptr<ArrayCore> core = array(plan);
  dma_.set_quantizer(core->input_quantizer());
  array_.set_core(std::move(core));

  done_ = false;
  go_.notify(sc_core::SC_ZERO_TIME);
  // control() pauses the kernel when the layer is done, so a layer costs its own cycles only.
  while (!done_) sc_core::sc_start();
  LayerRun r;
  r.counters = counters_;
  r.c.resize(static_cast<std::size_t>(L.m * L.n));
  const auto& c = dram_.region(Dram::kRegionC);
  std::copy(c.begin(), c.end(), r.c.begin());
  r.counters.dram_read_bytes = dram_.read_bytes();
  r.counters.dram_write_bytes = dram_.write_bytes();
  r.activity = array_.activity();
  dma_.set_quantizer(nullptr);
  array_.set_core(nullptr);  // the layer's array ends with it (an RTL array closes its waveform)
  return r;
}

void Accelerator::control() {
  for (;;) {
    while (done_) sc_core::wait(go_);
    const sc_core::sc_time t0 = sc_core::sc_time_stamp();
    fold_loop();
    counters_.total_cycles = static_cast<std::uint64_t>((sc_core::sc_time_stamp() - t0) / cycle());
    counters_.stall_cycles = counters_.total_cycles - counters_.compute_cycles;
    done_ = true;
    sc_core::sc_pause();
  }
}

// The controller (docs/timing.md): folds in plan order; with double buffering
// the next fold's tiles are requested when a fold starts, and a finished
// output tile is stored while the next folds run.
void Accelerator::fold_loop() {
  const FoldPlan& plan = *plan_;
  const auto& folds = plan.folds();
  const bool dbl_a = plan.arch().input_sram.double_buffered, dbl_b = plan.arch().weight_sram.double_buffered;
  const bool dbl_c = plan.arch().output_sram.double_buffered;
  const bool overlap = dbl_a && dbl_b && dbl_c;
  std::deque<DmaJob> jobs;  // stable addresses
  TileKey a_key[2], b_key[2];
  int a_slot = 1, b_slot = 1, c_slot = 1;
  struct Loads { DmaJob* a = nullptr; DmaJob* b = nullptr; int a_slot = 0, b_slot = 0; };
  auto request_loads = [&](const Fold& f) {
    Loads l;
    auto one = [&](const TileKey& key, TileKey* keys, int& last, bool dbl, DmaJob::Kind kind, DmaJob*& job) {
      const bool may_stay = kind == DmaJob::Kind::LoadA ? plan.a_may_stay() : plan.b_may_stay();
      if (last >= 0 && keys[last] == key && may_stay) return last;  // still resident
      const int slot = dbl && last >= 0 ? 1 - last : 0;
      keys[slot] = key;
      last = slot;
      jobs.emplace_back();
      job = &jobs.back();
      job->kind = kind;
      job->tile = key;
      job->slot = slot;
      dma_.request(job);
      return slot;
    };
    l.a_slot = one(f.a_tile, a_key, a_slot, dbl_a, DmaJob::Kind::LoadA, l.a);
    l.b_slot = one(f.b_tile, b_key, b_slot, dbl_b, DmaJob::Kind::LoadB, l.b);
    return l;
  };
  auto wait_job = [](DmaJob* j) {
    if (j) while (!j->finished) sc_core::wait(j->done);
  };
  a_key[1] = b_key[1] = TileKey{};
  a_slot = b_slot = -1;
  DmaJob* last_store = nullptr;
  DmaJob* psums_back = nullptr;  // partial sums the next fold needs from DRAM
  auto psum_job = [&](DmaJob::Kind kind, const Fold& f) {
    jobs.emplace_back();
    DmaJob* j = &jobs.back();
    j->kind = kind;
    j->tile = {f.m0, f.m0 + plan.out_rows(f), f.n0, f.n0 + plan.out_cols(f)};
    dma_.request(j);
    return j;
  };
  Loads next = request_loads(folds[0]);
  std::vector<std::uint64_t> out;
  for (std::size_t i = 0; i < folds.size(); ++i) {
    const Fold& f = folds[i];
    const Loads cur = next;
    wait_job(cur.a);
    wait_job(cur.b);
    wait_job(psums_back);
    psums_back = nullptr;
    if (overlap && i + 1 < folds.size()) next = request_loads(folds[i + 1]);
    const TileView a{input_sram_.slot_data(cur.a_slot), f.a_tile.r0, f.a_tile.c0, f.a_tile.c1 - f.a_tile.c0};
    const TileView b{weight_sram_.slot_data(cur.b_slot), f.b_tile.r0, f.b_tile.c0, f.b_tile.c1 - f.b_tile.c0};
    ++counters_.folds;
    array_.run_fold(f, a, b);
    if (f.last_k) {
      c_slot = dbl_c ? 1 - c_slot : 0;
      array_.results(out);
      std::uint32_t* dst = output_sram_.slot_data(c_slot);
      for (std::size_t j = 0; j < out.size(); ++j) dst[j] = static_cast<std::uint32_t>(out[j]);
      jobs.emplace_back();
      DmaJob* st = &jobs.back();
      st->kind = DmaJob::Kind::StoreC;
      st->tile = {f.m0, f.m0 + plan.out_rows(f), f.n0, f.n0 + plan.out_cols(f)};
      st->slot = c_slot;
      dma_.request(st);
      last_store = st;
      if (!overlap) wait_job(st);
    } else if (plan.spills_psums()) {
      DmaJob* out = psum_job(DmaJob::Kind::SpillP, f);
      psums_back = psum_job(DmaJob::Kind::FillP, folds[i + 1]);
      if (!overlap) wait_job(out), wait_job(psums_back);
    }
    if (!overlap && i + 1 < folds.size()) next = request_loads(folds[i + 1]);
  }
  wait_job(last_store);
  const std::uint64_t pe = static_cast<std::uint64_t>(plan.arch().rows) * static_cast<std::uint64_t>(plan.arch().cols);
  counters_.idle_pe_cycles = pe * counters_.compute_cycles - counters_.macs;
}

}  // namespace qmac::models
