#include "sim/cli/workload_command.hpp"

#include "sim/cli/command_line.hpp"

#include <sstream>

#include <boost/program_options.hpp>

#include "sim/config/config_file.hpp"
#include "sim/config/model_config.hpp"
#include "sim/io/report_file.hpp"

namespace qmac::cli {

namespace po = boost::program_options;

int workload_command(int argc, char** argv, std::ostream& out, std::ostream& err) {
  std::string model, phase, out_file;
  std::int64_t seq = 0, kv = 0, batch = 1;
  po::options_description opts("qmac workload --model NAME --phase prefill --seq S | --phase decode --kv L [options]");
  opts.add_options()
      ("help,h", "this help")
      ("model", po::value(&model), "a model of configs/models (llama2-7b, llama3-8b, mistral-7b, tiny) or a .yaml file")
      ("phase", po::value(&phase), "prefill or decode")
      ("seq", po::value(&seq), "prefill: the prompt's tokens S")
      ("kv", po::value(&kv), "decode: the keys attended L (the KV cache, the new token's own included)")
      ("batch", po::value(&batch)->default_value(1), "sequences at once B")
      ("out", po::value(&out_file), "write the workload here instead of stdout");
  po::variables_map vm;
  if (const auto stop = parse_command_line(argc, argv, opts, opts, nullptr, vm, "workload", out, err)) return *stop;
  sim::InferenceStep step;
  try {
    if (vm.count("out")) io::prepare_output_file(out_file);
    if (model.empty()) throw config::ConfigError("--model is required (llama2-7b, llama3-8b, mistral-7b, tiny, or a .yaml file)");
    if (phase == "prefill") {
      if (!vm.count("seq") || vm.count("kv")) throw config::ConfigError("--phase prefill takes --seq S (and not --kv)");
      step = {sim::Phase::Prefill, seq, batch};
    } else if (phase == "decode") {
      if (!vm.count("kv") || vm.count("seq")) throw config::ConfigError("--phase decode takes --kv L (and not --seq)");
      step = {sim::Phase::Decode, kv, batch};
    } else {
      throw config::ConfigError("--phase must be prefill or decode, not '" + phase + "'");
    }
    if (step.tokens < 1 || step.tokens > (1 << 24)) throw config::ConfigError("--seq/--kv must be 1 .. 2^24");
    if (batch < 1 || batch > 4096) throw config::ConfigError("--batch must be 1 .. 4096");
    const sim::TransformerDims m = config::load_model_dims(model);
    const auto gemms = sim::transformer_gemms(m, step);
    std::ostringstream y;
    y << "# qmac " QMAC_VERSION " workload: " << m.name << ", "
      << (step.phase == sim::Phase::Prefill ? "prefill of " + std::to_string(seq) + " tokens"
                                            : "decode of one token against " + std::to_string(kv) + " keys")
      << ", batch " << batch << "\n# d " << m.hidden << ", " << m.heads << " heads (" << m.kv_heads << " KV) of " << m.head_dim
      << ", FFN " << m.ffn << (m.gated_mlp ? " (gated)" : "") << ", " << m.layers << " layers, vocabulary " << m.vocab
      << "\n# " << sim::total_macs(gemms) << " MACs in all\n"
      << "tokens: " << (step.phase == sim::Phase::Prefill ? seq * batch : batch) << "  # tokens one pass handles (for tokens/s)\ngemms:\n";
    for (const auto& g : gemms)
      y << "  - {name: " << g.name << ", m: " << g.m << ", k: " << g.k << ", n: " << g.n << ", repeat: " << g.repeat << "}\n";
    if (out_file.empty()) out << y.str();
    else io::write_atomically(out_file, y.str());
  } catch (const std::exception& e) {
    err << "qmac workload: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace qmac::cli
