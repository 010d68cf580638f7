#include "sim/config/model_config.hpp"

#include <filesystem>

#include "sim/config/config_file.hpp"

namespace qmac::config {

std::string models_dir() { return QMAC_MODELS_DIR; }

sim::TransformerDims load_model_dims(const std::string& model) {
  const bool is_path = model.size() > 5 && model.substr(model.size() - 5) == ".yaml";
  const std::string path = is_path ? model : models_dir() + "/" + model + ".yaml";
  if (!is_path && !std::filesystem::exists(path)) {
    std::string have;
    for (const auto& e : std::filesystem::directory_iterator(models_dir()))
      if (e.path().extension() == ".yaml") have += (have.empty() ? "" : ", ") + e.path().stem().string();
    throw ConfigError("--model: no model '" + model + "'; shipped: " + have + " (or a path to a .yaml file)");
  }
  const YAML::Node root = load_yaml_file(path);
  if (!root.IsMap()) throw ConfigError(path + ":1: expected a mapping of the model's dimensions");
  only_keys(path, root, {"name", "hidden", "heads", "kv_heads", "head_dim", "ffn", "gated_mlp", "layers", "vocab"}, "the model");
  sim::TransformerDims m;
  m.name = root["name"] ? get<std::string>(path, root["name"], "a name") : std::filesystem::path(path).stem().string();
  auto dim = [&](const char* key, std::int64_t hi) {
    if (!root[key]) throw ConfigError(path + ":1: '" + std::string(key) + "' is missing");
    return int_in(path, root[key], key, 1, hi);
  };
  m.hidden = dim("hidden", 1 << 20);
  m.heads = dim("heads", 4096);
  m.kv_heads = dim("kv_heads", 4096);
  m.head_dim = dim("head_dim", 1 << 16);
  m.ffn = dim("ffn", 1 << 22);
  m.layers = dim("layers", 4096);
  m.vocab = dim("vocab", 1 << 24);
  if (root["gated_mlp"]) m.gated_mlp = get<bool>(path, root["gated_mlp"], "true or false");
  if (m.heads % m.kv_heads != 0)
    throw ConfigError(node_where(path, root["kv_heads"]) + ": heads (" + std::to_string(m.heads) +
                      ") must be a multiple of kv_heads (grouped-query attention)");
  return m;
}

}  // namespace qmac::config
