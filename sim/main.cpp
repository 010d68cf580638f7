// qmac — cycle-accurate simulator of a quantized MAC accelerator. Thin entry
// point: each command lives in sim/cli/.
#include <iostream>
#include <cstdlib>
#include <new>
#include <string>

#include <systemc>

#include "sim/cli/eval_command.hpp"
#include "sim/cli/explore_command.hpp"
#include "sim/cli/explore_cost.hpp"
#include "sim/cli/golden_command.hpp"
#include "sim/cli/run_command.hpp"
#include "sim/cli/verify_command.hpp"
#include "sim/cli/workload_command.hpp"

namespace {

void usage(std::ostream& out) {
  out << "usage: qmac [--help] [--version] <command> [options]\n\n"
         "commands:\n"
         "  run       a workload (YAML, or SCALE-Sim topology .csv) on an architecture (YAML, or\n"
         "            SCALE-Sim .cfg): cycles, utilization, every action counted; JSON/CSV reports\n"
         "  golden    the bit-exact number-format library: decode, encode, mul, quantize,\n"
         "            posit arithmetic, quire dot products, the format table\n"
         "  verify    the regression: golden vs the cycle model vs (where built) the RTL array, case by\n"
         "            case over MAC kinds, dataflows, array sizes, shapes and operand distributions; JUnit\n"
         "  workload  the GEMMs of one transformer inference (prefill or decode) as a workload for run\n"
         "  explore   format accuracy on real (.npy, .safetensors, .onnx) and synthetic tensors:\n"
         "            tensor and GEMM error vs bits per element; with --arch/--workload each format's\n"
         "            energy, cycles and area beside it and the Pareto fronts; JSON/CSV/HTML reports\n"
         "  eval      a language model (llama2.c checkpoint) with every linear layer in each format:\n"
         "            NLL, perplexity, KL and top-1 agreement against FP32\n\n"
         "`qmac <command> --help` shows a command's options.\n";
}

// Exit codes: 0 done; 1 a report could not be written; 2 bad input or usage
// (the message names the file, the line and what was expected); 3 an
// internal error (a bug or exhausted memory): never a silent crash.
int dispatch(int argc, char** argv) {
  if (argc < 2) {
    usage(std::cerr);
    return 2;
  }
  const std::string cmd = argv[1];
  if (cmd == "--help" || cmd == "-h" || cmd == "help") {
    usage(std::cout);
    return 0;
  }
  if (cmd == "--version") {
    std::cout << "qmac " QMAC_VERSION "\n";
    return 0;
  }
  if (cmd == "run") return qmac::cli::run_command(argc - 1, argv + 1, std::cout, std::cerr);
  if (cmd == "verify") return qmac::cli::verify_command(argc - 1, argv + 1, std::cout, std::cerr);
  if (cmd == "explore") return qmac::cli::explore_command(argc - 1, argv + 1, std::cout, std::cerr, qmac::cli::explore_cost_model);
  if (cmd == "eval") return qmac::cli::eval_command(argc - 1, argv + 1, std::cout, std::cerr, qmac::cli::explore_cost_model);
  if (cmd == "workload") return qmac::cli::workload_command(argc - 1, argv + 1, std::cout, std::cerr);
  if (cmd == "golden") return qmac::cli::golden_command(argc - 1, argv + 1, std::cin, std::cout, std::cerr);
  std::cerr << "qmac: unknown command '" << cmd << "'\n";
  usage(std::cerr);
  return 2;
}

}  // namespace

// SystemC's library calls this from main() below.
int sc_main(int argc, char** argv) {
  try {
    return dispatch(argc, argv);
  } catch (const std::bad_alloc&) {
    std::cerr << "qmac: out of memory (the input asks for more than this machine has)\n";
  } catch (const std::exception& e) {
    std::cerr << "qmac: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "qmac: internal error (unknown exception)\n";
  }
  return 3;
}

// Our own main, so that SystemC's banner is off before the kernel starts:
// qmac prints what the user asked for and nothing else.
int main(int argc, char** argv) {
  ::setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
