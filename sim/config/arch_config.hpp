// Architecture files -> models::ArchSpec, validated once.
//
// configs/arch/*.yaml (every key optional except `array`; unknown keys are errors):
//   name: tpu-like
//   array: {rows: 32, cols: 32, dataflow: ws}          # ws | os | is
//   mac: {format: int8, weight_format: int8,           # registry names (A side, B side)
//         accumulator: int32,                           # int32 | fp32 | kulisch | quire
//         block: 32, activation_format: fp16}           # block formats; dialectfp4's online quantizer input
//   sram: {input: {kib: 256, banks: 4, word_bits: 64, double_buffered: true}, weight: {...}, output: {...}}
//   dram: {bytes_per_cycle: 16, latency_cycles: 100}
//   clock_mhz: 1000
//   timing: rtl                                         # rtl | ideal
//   tech: 45nm                                          # configs/tech/45nm.yaml (default), or a .yaml path
//
// SCALE-Sim .cfg (INI): [architecture_presets] ArrayHeight, ArrayWidth,
// IfmapSramSzkB, FilterSramSzkB, OfmapSramSzkB, Dataflow, Bandwidth, and
// [run_presets] InterfaceBandwidth. It becomes an int8 array with ideal
// timing (SCALE-Sim's assumptions); `qmac run --mac` and `--timing` override.
#pragma once

#include <string>

#include "models/arch_spec.hpp"
#include "sim/config/golden_table_config.hpp"

namespace qmac::config {

models::ArchSpec load_arch(const std::string& path);

// Sets the MAC kind from a format name with its default accumulator and
// block (int8/int4 -> int32, FP8 and block formats -> fp32, posits -> quire;
// dialectfp4 activations arrive as fp16). Throws ConfigError(`where` + reason).
void set_mac_kind(models::ArchSpec& arch, const std::string& format, const std::string& where);

}  // namespace qmac::config
