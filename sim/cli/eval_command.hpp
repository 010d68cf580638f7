// `qmac eval --model MODEL (--tokens FILE | --bytes FILE | --sample N --length L) --formats F,...`:
// what each number format costs a language model end to end (sim/lm/lm_eval.hpp):
// NLL, perplexity, KL against FP32, top-1 agreement, the NLL difference
// with its 95 % interval; per layer with --per-layer; with --arch each
// format's energy and area per token and the quality/energy Pareto front.
// Prints a table; with --out DIR writes report.json, report.csv and
// report.html. Exit 2 on bad input.
#pragma once

#include <ostream>

#include "sim/explore/format_cost.hpp"

namespace qmac::cli {

// `make_cost`: how --arch A costs each format on the model's own GEMMs (qmac's
// run library gives it, as for explore; without one, --arch is refused).
int eval_command(int argc, char** argv, std::ostream& out, std::ostream& err, const explore::CostModelFactory& make_cost = nullptr);

}  // namespace qmac::cli
