#include "sim/cosim/rtl_coverage.hpp"

#include <cstdio>
#include <mutex>

#include <verilated.h>
#if VM_COVERAGE
#include <verilated_cov.h>
#endif

namespace qmac::cosim {
namespace {

struct Collector {
  std::mutex mutex;
  std::string scratch;  // empty: not collecting
  io::CoverageCounts counts;
};

Collector& collector() {
  static Collector c;
  return c;
}

#if VM_COVERAGE
// `key`'s hierarchy (h field) under the model's name.
std::string with_model(const std::string& key, const char* model) {
  const std::string tag = "\x01h\x02";
  const std::size_t at = key.find(tag);
  if (at == std::string::npos) return key + tag + model;
  std::string k = key;
  k.insert(at + tag.size(), std::string(model) + ".");
  return k;
}
#endif

}  // namespace

bool rtl_coverage_built() { return VM_COVERAGE != 0; }

void collect_rtl_coverage(const std::string& scratch_file) {
  Collector& c = collector();
  std::lock_guard lock(c.mutex);
  c.scratch = scratch_file;
}

void absorb_rtl_coverage(VerilatedContext& context, const char* model_name) {
#if VM_COVERAGE
  Collector& c = collector();
  std::lock_guard lock(c.mutex);
  if (c.scratch.empty()) return;
  context.coveragep()->write(c.scratch.c_str());
  io::CoverageCounts mine;
  io::add_coverage_file(c.scratch, mine);
  std::remove(c.scratch.c_str());
  for (const auto& [key, n] : mine) c.counts[with_model(key, model_name)] += n;
#else
  (void)context;
  (void)model_name;
#endif
}

const io::CoverageCounts& collected_rtl_coverage() { return collector().counts; }

}  // namespace qmac::cosim
