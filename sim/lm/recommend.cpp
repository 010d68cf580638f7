#include "sim/lm/recommend.hpp"

#include <limits>
#include <stdexcept>

namespace qmac::lm {
namespace {

double energy_of(const std::vector<std::vector<LayerOption>>& o, const std::vector<int>& choice) {
  double e = 0;
  for (std::size_t l = 0; l < choice.size(); ++l) e += o[l][static_cast<std::size_t>(choice[l])].energy_pj;
  return e;
}

}  // namespace

Assignment greedy_assignment(const std::vector<std::vector<LayerOption>>& o, double budget) {
  if (o.empty() || o.front().empty()) throw std::invalid_argument("recommend: no layers or no formats to choose from");
  for (const auto& row : o)
    if (row.size() != o.front().size()) throw std::invalid_argument("recommend: every layer needs an option per format");
  Assignment a;
  for (const auto& row : o) {
    int best = 0;
    for (std::size_t f = 1; f < row.size(); ++f) {
      const auto& b = row[static_cast<std::size_t>(best)];
      if (row[f].loss < b.loss || (row[f].loss == b.loss && row[f].energy_pj < b.energy_pj)) best = static_cast<int>(f);
    }
    a.format_of_layer.push_back(best);
    a.estimated_loss += row[static_cast<std::size_t>(best)].loss;
  }
  for (;;) {
    Move best;
    double best_rate = -1;
    for (std::size_t l = 0; l < o.size(); ++l) {
      const auto& cur = o[l][static_cast<std::size_t>(a.format_of_layer[l])];
      for (std::size_t f = 0; f < o[l].size(); ++f) {
        const double saved = cur.energy_pj - o[l][f].energy_pj, added = o[l][f].loss - cur.loss;
        if (saved <= 0 || a.estimated_loss + added > budget) continue;
        // A move that loses nothing is worth any other; among those, the largest saving.
        const double rate = added <= 0 ? std::numeric_limits<double>::infinity() : saved / added;
        if (rate > best_rate || (rate == best_rate && saved > best.saved_pj)) {
          best_rate = rate;
          best = Move{static_cast<int>(l), a.format_of_layer[l], static_cast<int>(f), saved, added};
        }
      }
    }
    if (best_rate < 0) break;
    a.format_of_layer[static_cast<std::size_t>(best.layer)] = best.to;
    a.estimated_loss += best.added_loss;
    a.moves.push_back(best);
  }
  a.energy_pj = energy_of(o, a.format_of_layer);
  return a;
}

std::vector<Measured> recommend(const std::vector<std::vector<LayerOption>>& o, double budget,
                                const std::function<double(const std::vector<int>&)>& measure) {
  Assignment a = greedy_assignment(o, budget);
  std::vector<Measured> out;
  for (;;) {
    out.push_back({a, measure(a.format_of_layer)});
    if (out.back().loss <= budget || a.moves.empty()) return out;
    const Move last = a.moves.back();
    a.moves.pop_back();
    a.format_of_layer[static_cast<std::size_t>(last.layer)] = last.from;
    a.estimated_loss -= last.added_loss;
    a.energy_pj = energy_of(o, a.format_of_layer);
  }
}

}  // namespace qmac::lm
