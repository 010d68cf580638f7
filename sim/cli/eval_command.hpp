// `qmac eval --model MODEL (--tokens FILE | --bytes FILE) --formats F,...`:
// what each number format costs a language model end to end (sim/lm/lm_eval.hpp):
// NLL, perplexity, KL against FP32, top-1 agreement, the NLL difference
// with its 95 % interval; per layer with --per-layer. Prints a table; with
// --out DIR writes eval.json and eval.csv. Exit 2 on bad input.
#pragma once

#include <ostream>

namespace qmac::cli {

int eval_command(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace qmac::cli
