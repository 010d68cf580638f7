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
    const std::string y = sim::workload_yaml(m, step);
    if (out_file.empty()) out << y;
    else io::write_atomically(out_file, y);
  } catch (const std::exception& e) {
    err << "qmac workload: " << e.what() << "\n";
    return 2;
  }
  return 0;
}

}  // namespace qmac::cli
