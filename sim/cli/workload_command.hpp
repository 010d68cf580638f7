// `qmac workload --model NAME --phase prefill --seq S | --phase decode --kv L
// [--batch B] [--out FILE]`: the GEMMs of one transformer inference
// (sim/workload/transformer.hpp) as a workload YAML that `qmac run` takes,
// on stdout or into FILE. Exit 2 on bad usage or a bad model file.
#pragma once

#include <ostream>

namespace qmac::cli {

int workload_command(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace qmac::cli
