#include "sim/run/layer_inputs.hpp"

#include "sim/config/config_file.hpp"
#include "sim/tensors/npy_reader.hpp"
#include "sim/tensors/safetensors_reader.hpp"

namespace qmac::sim {
namespace {

using config::ConfigError;

tensors::Tensor read_one(const std::string& spec, const std::string& where) {
  try {
    const auto colon = spec.rfind(':');
    if (colon != std::string::npos && spec.substr(0, colon).ends_with(".safetensors"))
      return tensors::read_safetensors(spec.substr(0, colon), {spec.substr(colon + 1)}).front();
    if (spec.ends_with(".npy")) return tensors::read_npy(spec);
  } catch (const tensors::TensorFileError& e) {
    throw ConfigError(where + ": " + e.what());
  }
  throw ConfigError(where + ": '" + spec + "' is neither FILE.npy nor FILE.safetensors:TENSOR");
}

void check_shape(const tensors::Tensor& t, std::int64_t rows, std::int64_t cols, const std::string& spec, const char* what) {
  if (t.shape.size() != 2 || t.shape[0] != rows || t.shape[1] != cols) {
    std::string got;
    for (auto d : t.shape) got += (got.empty() ? "" : " x ") + std::to_string(d);
    throw ConfigError(spec + ": " + what + " must be " + std::to_string(rows) + " x " + std::to_string(cols) + ", not " +
                      (got.empty() ? "a scalar" : got));
  }
}

}  // namespace

std::map<std::string, LayerInput> load_layer_inputs(const std::vector<std::string>& specs, const std::vector<models::GemmLayer>& layers) {
  std::map<std::string, LayerInput> out;
  for (const auto& spec : specs) {
    const std::string where = "--inputs " + spec;
    const auto eq = spec.find('='), comma = spec.find(',', eq == std::string::npos ? 0 : eq);
    if (eq == std::string::npos || comma == std::string::npos)
      throw ConfigError(where + ": expected LAYER=A,B (each FILE.npy or FILE.safetensors:TENSOR)");
    const std::string name = spec.substr(0, eq), a_spec = spec.substr(eq + 1, comma - eq - 1), b_spec = spec.substr(comma + 1);
    const models::GemmLayer* L = nullptr;
    std::string names;
    for (const auto& l : layers) {
      if (l.name == name) L = &l;
      names += (names.empty() ? "" : ", ") + l.name;
    }
    if (!L) throw ConfigError(where + ": the workload has no layer '" + name + "' (it has " + names + ")");
    if (out.count(name)) throw ConfigError(where + ": layer '" + name + "' is given twice");
    const tensors::Tensor a = read_one(a_spec, where), b = read_one(b_spec, where);
    check_shape(a, L->m, L->k, a_spec, "A (M x K)");
    check_shape(b, L->k, L->n, b_spec, "B (K x N)");
    LayerInput in{a.fp32, b.fp32, a_spec.substr(0, a_spec.rfind(".safetensors:") == std::string::npos ? a_spec.size() : a_spec.rfind(':')),
                  b_spec.substr(0, b_spec.rfind(".safetensors:") == std::string::npos ? b_spec.size() : b_spec.rfind(':'))};
    out.emplace(name, std::move(in));
  }
  return out;
}

}  // namespace qmac::sim
