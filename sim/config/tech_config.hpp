// Technology tables -> models::EnergyTable for one architecture.
//
// configs/tech/<node>.yaml (45nm.yaml documents the keys): the energy of one
// MAC of each MAC kind, of each other counted action, and SRAM energy per bit
// by capacity; a number is given (`pj`) or derived by the area rule from
// configs/tech/unit_area.yaml (`area_of: "unit|params"`, `nand2_eq: N`); the
// SRAM macro area rule. A derived node (7nm.yaml) names the table it is
// `scaled_from` and its scaling factors, and multiplies that table's numbers.
// Every entry needs a `source`. Errors name the file and line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/arch_spec.hpp"
#include "models/area/area_units.hpp"
#include "models/energy/energy_table.hpp"

namespace qmac::config {

// The directory of the shipped tables (configs/tech).
std::string tech_dir();

// `tech`: a node name ("45nm": tech_dir()/45nm.yaml) or a path to a .yaml
// file. `where`: the place that named it, for messages. A table with no
// energy for the architecture's MAC kind gives nullopt and says why in
// `missing`; a malformed table or an unknown node is a ConfigError.
std::optional<models::EnergyTable> load_energy_table(const models::ArchSpec& arch, const std::string& tech, const std::string& where,
                                                     std::string& missing);

// The array's logic area from the table's node (nand2_area_um2) and the
// unit_area.yaml beside it (models::area_units); nullopt with the reason in
// `missing` when a row the kind needs is not in unit_area.yaml.
std::optional<models::AreaEstimate> load_area_estimate(const models::ArchSpec& arch, const std::string& tech, const std::string& where,
                                                       std::string& missing);

// The files `tech` reads: its table, the table it is scaled from (a derived
// node), and the unit_area.yaml beside that (ConfigError for an unknown node).
std::vector<std::string> tech_input_files(const std::string& tech, const std::string& where);

// Why the architecture's MAC kind has no full hardware model at its node (an
// RTL unit synthesized into unit_area.yaml, its edge unit for block kinds, and
// an energy entry), or "" when it has one.
std::string hardware_model_gap(const models::ArchSpec& arch);

// The format names `--mac` accepts on this architecture: those whose default
// MAC kind has a full hardware model.
std::vector<std::string> modelled_mac_formats(const models::ArchSpec& arch);

// The table's key for a MAC kind: "e4m3", "e4m3-kulisch", "e4m3xe5m2".
std::string energy_mac_key(const golden::MacKind& mac);

}  // namespace qmac::config
