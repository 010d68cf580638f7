// qmac eval's measurement: what a number format costs a language model end
// to end. Every sequence runs through the FP32 model and through the model
// with its linear layers in the format (QuantizedLinear); at each position
// i >= 1 of a sequence, token i is scored given tokens 0..i-1 (the first is
// context only; no BOS is added). Per format: mean NLL (nats/token),
// perplexity, mean KL(FP32 || format) of the next-token distribution, top-1
// agreement with FP32, and the NLL difference to FP32 with a 95 % interval
// over tokens (1.96 standard errors of the per-token differences).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/explore/quant_scheme.hpp"
#include "sim/lm/llama_model.hpp"

namespace qmac::lm {

struct EvalOptions {
  std::vector<std::string> formats;  // explore formats or W:A pairs
  explore::SchemeOptions scheme;
  bool lm_head = false;    // the LM head in the format too (else FP32)
  bool attention = false;  // QK^T and PV in the format's activation scheme too (else FP32)
  bool per_layer = false;  // also each decoder layer alone in the format
  int threads = 1;         // sequences run on this many threads (results do not depend on it)
};

struct Scores {
  std::uint64_t tokens = 0;     // positions scored
  double nll = 0;               // mean, nats/token
  double ppl = 0;               // exp(nll)
  double kl = 0;                // mean KL(FP32 || this), nats
  double top1 = 1;              // share of positions whose argmax equals FP32's
  double dnll = 0, dnll_ci95 = 0;  // mean NLL - FP32's, and its 95 % half-width
};

struct FormatEval {
  std::string format;
  Scores all;                    // every linear layer in the format (the LM head as options say)
  std::vector<Scores> per_layer; // with per_layer: layer l alone in the format
  std::uint64_t clipped_activations = 0;
};

struct EvalReport {
  Scores fp32;
  std::vector<FormatEval> formats;
};

// The FP32 logits of the sequences, computed once, and every evaluation
// scored against them. Holds references to m and sequences. Throws
// std::invalid_argument for an unknown format or a bad token.
class Evaluator {
 public:
  Evaluator(const LlamaModel& m, const std::vector<std::vector<int>>& sequences, const EvalOptions& o);
  // Every format of o.formats (and with o.per_layer each layer alone).
  EvalReport run() const;
  // A mixed assignment: decoder layer l's linear layers (and, with
  // o.attention, its QK^T and PV) in layer_formats[l]; the LM head in FP32.
  Scores assignment(const std::vector<std::string>& layer_formats) const;

 private:
  const LlamaModel& m_;
  const std::vector<std::vector<int>>& seqs_;
  EvalOptions o_;
  std::vector<std::vector<float>> ref_;
};

inline EvalReport run_eval(const LlamaModel& m, const std::vector<std::vector<int>>& sequences, const EvalOptions& o) {
  return Evaluator(m, sequences, o).run();
}

}  // namespace qmac::lm
