// Counters: every action the array and its memory system perform, for the
// report and the energy model. Kept apart from the specs (style.md).
// Cycle mode counts each action as it happens; fast mode derives the same
// numbers in closed form, and a test proves them equal.
//
// The counters are declared once, in counter_fields(): accumulation, repeat
// scaling, the report's JSON and CSV, the tests' printouts and the energy
// model iterate that list, so a counter added there (and as a member) is
// reported, scaled and costed without being written again.
#pragma once

#include <array>
#include <cstdint>
#include <string>

namespace qmac::models {

struct SramCounters {
  std::uint64_t read_words = 0, read_bits = 0;
  std::uint64_t write_words = 0, write_bits = 0;
  bool operator==(const SramCounters&) const = default;
};

struct Counters {
  std::uint64_t compute_cycles = 0;  // cycles the array is busy with a fold
  std::uint64_t stall_cycles = 0;    // cycles it waits for memory
  std::uint64_t total_cycles = 0;    // compute + stall
  std::uint64_t folds = 0;
  std::uint64_t macs = 0;            // products taken with valid operands
  std::uint64_t idle_pe_cycles = 0;  // R*C*compute_cycles - macs
  std::uint64_t stationary_loads = 0;  // stationary operand register writes
  std::uint64_t operand_reg_updates = 0;  // streaming operand register writes
  std::uint64_t psum_reg_updates = 0;     // partial sum / accumulator register writes
  std::uint64_t scale_unit_ops = 0;       // block scalings (MX, DialectFP4)
  std::uint64_t quantizer_blocks = 0;     // blocks through the online activation quantizer
  std::uint64_t quantizer_values = 0;
  SramCounters input_sram, weight_sram, output_sram;
  std::uint64_t dram_read_bytes = 0, dram_write_bytes = 0;
  std::uint64_t dram_a_read_bytes = 0, dram_b_read_bytes = 0;  // of dram_read_bytes: the A and B tile loads

  std::uint64_t register_updates() const { return stationary_loads + operand_reg_updates + psum_reg_updates; }
  bool operator==(const Counters&) const = default;
  Counters& operator+=(const Counters& o);
  Counters scaled(std::uint64_t times) const;
};

// What one count costs in energy, declared with the counter: the energy
// model prices each action (models/energy, configs/tech) and never looks a
// counter up by name.
enum class CostedAs : std::uint8_t {
  Nothing,          // time, or a count whose energy another counter carries (words: their bits)
  Mac,              // one MAC of the array's kind
  Fold,             // control of one fold
  StationaryWrite,  // a stationary operand register write (B's code bits)
  OperandWrite,     // a streaming operand register write (A's code bits)
  PsumWrite,        // a partial-sum register write (the accumulator's bits)
  ScaleOp,          // one block scaled into the FP32 sum
  QuantizerValue,   // one value into the online quantizer
  QuantizerBlock,   // one block's scale and dialect chosen
  SramBit,          // one bit read or written in the counter's SRAM
  DramByte,         // one byte moved to or from DRAM
};

// One counter: its report key ("macs"; a memory's "input_sram.read_words" is
// the group "input_sram" and the field "read_words") and where it lives.
struct CounterField {
  const char* group;  // "" for a top-level counter, else the SRAM it belongs to
  const char* name;
  CostedAs cost;
  const char* meaning;
  std::uint64_t Counters::* top = nullptr;
  SramCounters Counters::* sram = nullptr;
  std::uint64_t SramCounters::* field = nullptr;

  std::uint64_t& of(Counters& c) const { return top ? c.*top : (c.*sram).*field; }
  std::uint64_t of(const Counters& c) const { return top ? c.*top : (c.*sram).*field; }
  // "macs", or "input_sram_read_words" (CSV columns, energy table lookups).
  std::string flat_name() const { return *group ? std::string(group) + "_" + name : std::string(name); }
};

// Every counter, in report order.
inline constexpr std::size_t kCounterCount = 28;
const std::array<CounterField, kCounterCount>& counter_fields();

// "name value name value ..." of every counter: test failure messages.
std::string describe(const Counters& c);

}  // namespace qmac::models
