#include "models/memory/dma.hpp"

#include "golden/mac/online_activation.hpp"

#include <optional>
#include <stdexcept>

#include "golden/block/blockdialect_quantizer.hpp"
#include "golden/formats/minifloat.hpp"
#include "golden/formats/registry.hpp"
#include "golden/mac/pe_arith.hpp"
#include "models/memory/dram.hpp"
#include "models/memory/transfer_extension.hpp"

namespace qmac::models {

Dma::Dma(sc_core::sc_module_name name, Counters* counters)
    : sc_core::sc_module(name), dram("dram"), input_sram("input_sram"), weight_sram("weight_sram"),
      output_sram("output_sram"), counters_(counters) {
  SC_HAS_PROCESS(Dma);
  SC_THREAD(run);
}

void Dma::request(DmaJob* job) {
  queue_.push_back(job);
  queued_.notify(sc_core::SC_ZERO_TIME);
}

void Dma::run() {
  for (;;) {
    while (queue_.empty()) sc_core::wait(queued_);
    DmaJob* job = queue_.front();
    queue_.pop_front();
    const bool operand = job->kind == DmaJob::Kind::LoadA || job->kind == DmaJob::Kind::LoadB;
    const sc_core::sc_time delay = operand ? load(*job) : move_output(*job);
    sc_core::wait(delay);
    job->finished = true;
    job->done.notify(sc_core::SC_ZERO_TIME);
  }
}

void Dma::transport(tlm_utils::simple_initiator_socket<Dma>& s, tlm::tlm_command cmd, std::uint64_t addr,
                    std::uint32_t* data, std::size_t tokens, std::uint64_t bytes, std::uint64_t sram_bits,
                    std::uint64_t sram_words, bool last, sc_core::sc_time& delay) {
  tlm::tlm_generic_payload trans;
  TransferExtension ext;
  ext.bytes = bytes;
  ext.sram_bits = sram_bits;
  ext.sram_words = sram_words;
  ext.burst_last = last;
  trans.set_extension(&ext);
  trans.set_command(cmd);
  trans.set_address(addr);
  trans.set_data_ptr(reinterpret_cast<unsigned char*>(data));
  trans.set_data_length(static_cast<unsigned>(tokens * 4));
  trans.set_streaming_width(static_cast<unsigned>(tokens * 4));
  trans.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  s->b_transport(trans, delay);
  trans.clear_extension(&ext);
  if (trans.is_response_error()) throw std::runtime_error("DMA: " + trans.get_response_string() + " at " + std::to_string(addr));
}

sc_core::sc_time Dma::load(DmaJob& job) {
  const bool is_a = job.kind == DmaJob::Kind::LoadA;
  const TileKey& t = job.tile;
  const std::int64_t K = plan_->layer().k, N = plan_->layer().n;
  const std::int64_t cols = t.c1 - t.c0;
  const OperandCost& cost = is_a ? plan_->a_cost() : plan_->b_cost();
  const SramSpec& sram = is_a ? plan_->arch().input_sram : plan_->arch().weight_sram;
  const std::uint64_t tile_bytes = cost.dram_bytes(is_a ? t.r1 - t.r0 : cols, is_a ? t.c0 : t.r0, is_a ? t.c1 : t.r1);
  const std::uint64_t tile_bits = is_a ? plan_->a_tile_sram_bits(t) : plan_->b_tile_sram_bits(t);
  (is_a ? counters_->dram_a_read_bytes : counters_->dram_b_read_bytes) += tile_bytes;
  const std::uint64_t tile_words = (tile_bits + static_cast<std::uint64_t>(sram.word_bits) - 1) / static_cast<std::uint64_t>(sram.word_bits);
  const bool quantize = is_a && plan_->online_quantizer();
  const int block = plan_->block();
  std::optional<golden::GoldenOnlineQuantizer> own;
  golden::OnlineBlockQuantizer* quantizer = quantizer_;
  if (quantize && !quantizer)
    quantizer = &own.emplace(plan_->arch().activation_format(), block, *golden::online_mode(plan_->arch().mac));
  std::vector<std::uint16_t> raw(static_cast<std::size_t>(block > 0 ? block : 1));
  std::vector<std::uint8_t> codes(raw.size());
  row_.resize(static_cast<std::size_t>(cols));
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  auto& sram_socket = is_a ? input_sram : weight_sram;
  const std::uint64_t slot_base = static_cast<std::uint64_t>(job.slot) * (is_a ? slot_bytes_a : slot_bytes_b);
  for (std::int64_t r = t.r0; r < t.r1; ++r) {
    const bool last = r + 1 == t.r1;
    const std::uint64_t addr = is_a ? Dram::kRegionA + static_cast<std::uint64_t>(r * K + t.c0) * 4
                                    : Dram::kRegionB + static_cast<std::uint64_t>(r * N + t.c0) * 4;
    transport(dram, tlm::TLM_READ_COMMAND, addr, row_.data(), row_.size(), last ? tile_bytes : 0, 0, 0, last, delay);
    if (quantize) {
      // FP16/BF16 activations -> DialectFP4 or MXFP4 tokens, block by block along K.
      for (std::int64_t b0 = 0; b0 < cols; b0 += block) {
        for (int i = 0; i < block; ++i)
          raw[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(row_[static_cast<std::size_t>(b0 + i)]);
        const golden::DialectBlockMeta m = quantizer->quantize(raw, codes);
        for (int i = 0; i < block; ++i)
          row_[static_cast<std::size_t>(b0 + i)] = golden::online_token(plan_->arch().mac, m, codes[static_cast<std::size_t>(i)]);
        ++counters_->quantizer_blocks;
        counters_->quantizer_values += static_cast<std::uint64_t>(block);
      }
    }
    // A rows span [c0, c1) of K; B rows are one k each.
    const std::uint64_t row_bits = is_a ? cost.sram_bits(1, t.c0, t.c1) : cost.sram_bits(cols, r, r + 1);
    transport(sram_socket, tlm::TLM_WRITE_COMMAND, slot_base + static_cast<std::uint64_t>((r - t.r0) * cols) * 4,
              row_.data(), row_.size(), 0, row_bits, last ? tile_words : 0, last, delay);
  }
  if (quantize) {
    const std::uint64_t extra = plan_->quantizer_extra_cycles(tile_bytes, static_cast<std::uint64_t>((t.r1 - t.r0) * cols));
    delay += sc_core::sc_time(static_cast<double>(extra), sc_core::SC_NS);
  }
  return delay;
}

// Output tiles between the output SRAM and DRAM, a transaction per row:
// StoreC final outputs (out_bits) to C; SpillP partial sums (acc_bits) to P;
// FillP partial sums back from P. The array model keeps the partial sums'
// values itself (exact at acc_bits); spills and fills move and time the words.
sc_core::sc_time Dma::move_output(DmaJob& job) {
  const TileKey& t = job.tile;  // rows [r0, r1) x cols [c0, c1) of C
  const std::int64_t N = plan_->layer().n, cols = t.c1 - t.c0;
  const bool to_dram = job.kind != DmaJob::Kind::FillP;
  const int bits = job.kind == DmaJob::Kind::StoreC ? plan_->out_bits() : plan_->acc_bits();
  const std::uint64_t region = job.kind == DmaJob::Kind::StoreC ? Dram::kRegionC : Dram::kRegionP;
  const auto total_bits = static_cast<std::uint64_t>((t.r1 - t.r0) * cols) * static_cast<std::uint64_t>(bits);
  const auto word = static_cast<std::uint64_t>(plan_->arch().output_sram.word_bits);
  row_.resize(static_cast<std::size_t>(cols));
  sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
  for (std::int64_t r = t.r0; r < t.r1; ++r) {
    const bool last = r + 1 == t.r1;
    const std::uint64_t sram_addr = static_cast<std::uint64_t>(job.slot) * slot_bytes_c + static_cast<std::uint64_t>((r - t.r0) * cols) * 4;
    const std::uint64_t dram_addr = region + static_cast<std::uint64_t>(r * N + t.c0) * 4;
    auto sram = [&](tlm::tlm_command cmd) {
      transport(output_sram, cmd, sram_addr, row_.data(), row_.size(), 0,
                static_cast<std::uint64_t>(cols) * static_cast<std::uint64_t>(bits), last ? (total_bits + word - 1) / word : 0,
                last, delay);
    };
    auto dram_side = [&](tlm::tlm_command cmd) {
      transport(dram, cmd, dram_addr, row_.data(), row_.size(), last ? (total_bits + 7) / 8 : 0, 0, 0, last, delay);
    };
    if (to_dram) {
      sram(tlm::TLM_READ_COMMAND);
      dram_side(tlm::TLM_WRITE_COMMAND);
    } else {
      dram_side(tlm::TLM_READ_COMMAND);
      sram(tlm::TLM_WRITE_COMMAND);
    }
  }
  return delay;
}

}  // namespace qmac::models
