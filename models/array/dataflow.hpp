// The three dataflows (SCALE-Sim's names) and what stays in the PEs:
//   WS  weights B (K x N tile) stationary, A rows stream, partial sums flow down;
//   IS  inputs A^T (K x M tile) stationary, B columns stream, partial sums flow down;
//   OS  outputs (M x N tile) stationary, A streams right and B streams down.
#pragma once

#include <optional>
#include <string_view>

namespace qmac::models {

enum class Dataflow { WS, OS, IS };

constexpr std::string_view dataflow_name(Dataflow d) {
  return d == Dataflow::WS ? "ws" : d == Dataflow::OS ? "os" : "is";
}

constexpr std::optional<Dataflow> parse_dataflow(std::string_view s) {
  if (s == "ws") return Dataflow::WS;
  if (s == "os") return Dataflow::OS;
  if (s == "is") return Dataflow::IS;
  return std::nullopt;
}

}  // namespace qmac::models
