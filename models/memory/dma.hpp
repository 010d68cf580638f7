// Dma: moves operand tiles DRAM -> SRAM and output tiles SRAM -> DRAM as
// TLM-2.0 bursts, one transaction per tile row, one job at a time in request
// order (one DRAM channel). A-side loads of an online-quantized format pass
// the activation quantizer: golden's two-stage BlockDialect quantizer, or the
// one the array brings (set_quantizer: a Verilated act_quantizer in rtl mode).
#pragma once

#include <cstdint>
#include <deque>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "golden/block/block_quantizer.hpp"
#include "models/array/fold_plan.hpp"
#include "models/counters.hpp"

namespace qmac::models {

struct DmaJob {
  // SpillP / FillP move partial sums (acc_bits) between the output SRAM and DRAM.
  enum class Kind { LoadA, LoadB, StoreC, SpillP, FillP } kind = Kind::LoadA;
  TileKey tile;   // operand region (C: rows x cols of the output)
  int slot = 0;   // SRAM buffer
  bool finished = false;
  sc_core::sc_event done;
};

class Dma : public sc_core::sc_module {
 public:
  tlm_utils::simple_initiator_socket<Dma> dram, input_sram, weight_sram, output_sram;

  Dma(sc_core::sc_module_name name, Counters* counters);
  void set_plan(const FoldPlan* plan) { plan_ = plan; }
  // The quantizer for this layer's A loads; nullptr: golden's.
  void set_quantizer(golden::OnlineBlockQuantizer* q) { quantizer_ = q; }
  void request(DmaJob* job);
  // Slot base addresses of the three SRAMs (tokens).
  std::uint64_t slot_bytes_a = 0, slot_bytes_b = 0, slot_bytes_c = 0;

 private:
  void run();
  sc_core::sc_time load(DmaJob& job);
  sc_core::sc_time move_output(DmaJob& job);
  void transport(tlm_utils::simple_initiator_socket<Dma>& s, tlm::tlm_command cmd, std::uint64_t addr,
                 std::uint32_t* data, std::size_t tokens, std::uint64_t bytes, std::uint64_t sram_bits,
                 std::uint64_t sram_words, bool last, sc_core::sc_time& delay);
  const FoldPlan* plan_ = nullptr;
  golden::OnlineBlockQuantizer* quantizer_ = nullptr;
  Counters* counters_;
  std::deque<DmaJob*> queue_;
  sc_core::sc_event queued_;
  std::vector<std::uint32_t> row_;
};

}  // namespace qmac::models
