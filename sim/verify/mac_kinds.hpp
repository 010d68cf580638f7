// The MAC kinds the regression names ("e4m3", "e4m3-kulisch", "e4m3xe5m2",
// ...): one table for qmac verify's suites, the co-simulation tests, the
// mutation harness and the benchmarks, so a kind's name means one thing.
#pragma once

#include <string>
#include <vector>

#include "golden/mac/mac_kind.hpp"

namespace qmac::verify {

struct NamedMacKind {
  const char* name;
  const char* a;
  const char* b;
  golden::AccumulatorKind acc;
};

const std::vector<NamedMacKind>& named_mac_kinds();

// The resolved kind a name stands for (INT32 for the integer kinds); throws
// std::invalid_argument naming the known ones.
golden::MacKind mac_kind_named(const std::string& name);

}  // namespace qmac::verify
