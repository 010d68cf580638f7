// A per-layer format assignment that meets a quality budget at the least
// energy (qmac eval --recommend). The search is greedy on per-layer
// sensitivity, taking the losses of layers as additive: every decoder layer
// starts in its most accurate format (the least loss when that layer alone is
// in it), then, while the summed estimate stays within the budget, the move of
// one layer to a cheaper format that saves the most energy per unit of added
// loss is taken. The assignment is then measured end to end; while the
// measured loss exceeds the budget, the last move is undone and the
// assignment measured again.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace qmac::lm {

struct LayerOption {
  double loss = 0;       // that layer alone in the format: KL or dNLL, nats/token
  double energy_pj = 0;  // that layer's GEMMs in the format, per token
};

struct Move {
  int layer = 0, from = 0, to = 0;  // indices into the formats
  double saved_pj = 0, added_loss = 0;
};

struct Assignment {
  std::vector<int> format_of_layer;
  double estimated_loss = 0, energy_pj = 0;
  std::vector<Move> moves;  // in the order taken
};

// options[layer][format]; throws std::invalid_argument for a ragged table.
Assignment greedy_assignment(const std::vector<std::vector<LayerOption>>& options, double budget);

struct Measured {
  Assignment assignment;
  double loss = 0;
};

// Greedy, then measured: `measure` gives the end-to-end loss of an
// assignment. Returns every assignment measured, the last one the answer
// (within the budget unless even no move at all was).
std::vector<Measured> recommend(const std::vector<std::vector<LayerOption>>& options, double budget,
                                const std::function<double(const std::vector<int>&)>& measure);

}  // namespace qmac::lm
