#include "sim/cli/explore_command.hpp"

#include <boost/program_options.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>
#include <thread>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "golden/block/mx_quantizer.hpp"
#include "sim/cli/command_line.hpp"
#include "sim/explore/explore_report.hpp"
#include "sim/explore/explore_runner.hpp"
#include "sim/io/report_file.hpp"
#include "sim/tensors/tensor.hpp"

namespace po = boost::program_options;

namespace qmac::cli {
namespace {

// Far past any machine this runs on; more threads than that only exhaust the process.
constexpr int kMaxThreads = 1024;


}  // namespace

int explore_command(int argc, const char* const* argv, std::ostream& out, std::ostream& err,
                    const explore::CostModelFactory& make_cost) {
#if defined(__GLIBC__)
  // Each format's weight grid (hundreds of MB) is built and dropped in turn. From the heap
  // (not a fresh mmap each time, glibc's choice above 32 MB) its pages are not faulted in again.
  mallopt(M_MMAP_MAX, 0);
  mallopt(M_TRIM_THRESHOLD, -1);
#endif
  po::options_description desc(
      "usage: qmac explore [--formats F,F,...] [--weights SPEC]... [--activations SPEC]... [options]\n"
      "How much accuracy each format loses: per-tensor error (MSE, SQNR, max error, clipped values,\n"
      "bits/element with scales) and GEMM error (activations x weights^T with golden's MAC semantics\n"
      "vs FP64). A SPEC is a .npy file, FILE.safetensors[:name,name], or a generator\n"
      "KIND:ROWSxCOLS[:key=value] with KIND gaussian|laplace|student|outliers|softmax.\n"
      "Blocks run along the last dimension (K); K that does not fill a block is padded with zeros.\n"
      "Without tensors, LLM-like synthetic ones are used.\n\noptions");
  desc.add_options()("help,h", "show this help")(
      "formats", po::value<std::string>(), "comma-separated formats, or WEIGHT:ACTIVATION pairs such as mxfp4:e4m3, nf4:bf16 "
                                           "(default: e4m3,e5m2,mxfp8_e4m3,... dialectfp4)")(
      "weight-formats", po::value<std::string>(), "with --activation-formats: every weight format paired with every "
                                                  "activation format (W4A8, W4A16, ... as W:A rows)")(
      "activation-formats", po::value<std::string>(), "see --weight-formats")(
      "weights", po::value<std::vector<std::string>>(), "weight tensor spec (repeatable)")(
      "activations", po::value<std::vector<std::string>>(), "activation tensor spec (repeatable)")(
      "gemm", po::value<std::vector<std::string>>(), "NAME=X.npy:W.npy: activations X (M x K) with their own layer's weights W "
                                                     "(N x K), or FILE.safetensors pairing its NAME.x with NAME.w; repeatable; "
                                                     "when given, the only GEMMs measured")(
      "block", po::value<int>()->default_value(32), "MX and DialectFP4 block size (power of two, 8..256)")(
      "weight-select", po::value<std::string>()->default_value("two-stage"), "DialectFP4 weights: two-stage or mse")(
      "arch", po::value<std::string>(), "architecture (configs/arch/*.yaml): with --workload, each format's cost there")(
      "workload", po::value<std::string>(), "workload the cost is of (configs/workloads/*.yaml, qmac workload's output)")(
      "seed", po::value<std::uint64_t>()->default_value(1), "seed of the synthetic tensors and of --sample-rows")(
      "sample-rows", po::value<std::int64_t>()->default_value(0), "at most N rows of each activation tensor (seeded draw; "
                                                                  "the report says so); 0: all")(
      "mx-scale", po::value<std::string>()->default_value("floor"), "MX scale rule: floor (OCP) or ceil (never saturates)")(
      "mx-rounding", po::value<std::string>()->default_value("even"), "MX element rounding: even (RNE) or away (ties away, "
                                                                     "microxcaling's nearest)")(
      "dialect-tie", po::value<std::string>()->default_value("even"), "DialectFP4 stage-2 tie: even (qmac's, the RTL's) or odd "
                                                                     "(odd unless the even member counts more; formats.md 4.1)")(
      "accumulator", po::value<std::string>()->default_value("fp32"), "GEMM sums: fp32 (one RNE per block) or fp16 (the "
                                                                     "BlockDialect paper's: block results and sums in FP16)")(
      "out", po::value<std::string>()->default_value("out/explore"), "folder for report.json, report.csv, sqnr_vs_bits.svg")(
      "threads", po::value<int>()->default_value(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))),
      "worker threads");
  try {
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
    if (vm.count("help")) {
      out << desc << "\n";
      return 0;
    }
    explore::ExploreOptions opt;
    if (vm.count("weight-formats") != vm.count("activation-formats"))
      throw std::invalid_argument(std::string(vm.count("weight-formats") ? "--weight-formats needs --activation-formats"
                                                                          : "--activation-formats needs --weight-formats") +
                                  " (every weight format is paired with every activation format)");
    const bool crossed = vm.count("weight-formats") > 0;
    if (vm.count("formats")) opt.formats = split_commas(vm["formats"].as<std::string>());
    else if (!crossed) opt.formats = explore::default_schemes();
    if (crossed) {
      const auto ws = split_commas(vm["weight-formats"].as<std::string>()), as = split_commas(vm["activation-formats"].as<std::string>());
      if (ws.empty() || as.empty()) throw std::invalid_argument("--weight-formats and --activation-formats: expected at least one format each");
      for (const auto& p : explore::cross_pairs(ws, as))
        if (std::find(opt.formats.begin(), opt.formats.end(), p) == opt.formats.end()) opt.formats.push_back(p);
    }
    if (opt.formats.empty()) throw std::invalid_argument("--formats: expected at least one format");
    if (vm.count("gemm")) opt.gemms = vm["gemm"].as<std::vector<std::string>>();
    const bool given = vm.count("weights") || vm.count("activations") || vm.count("gemm");
    opt.weights = vm.count("weights") ? vm["weights"].as<std::vector<std::string>>() : (given ? std::vector<std::string>{} : explore::default_weights());
    opt.activations = vm.count("activations") ? vm["activations"].as<std::vector<std::string>>()
                                              : (given ? std::vector<std::string>{} : explore::default_activations());
    opt.scheme.block = vm["block"].as<int>();
    // Checked whatever the formats: an option no format uses is still a bad option, not a silent one.
    if (!golden::valid_block_size(opt.scheme.block))
      throw std::invalid_argument("--block " + std::to_string(opt.scheme.block) + ": expected a power of two in 8..256");
    const std::string sel = vm["weight-select"].as<std::string>();
    if (sel != "two-stage" && sel != "mse") throw std::invalid_argument("--weight-select: expected two-stage or mse, got '" + sel + "'");
    opt.scheme.weight_select = sel == "mse" ? golden::DialectSelect::Mse : golden::DialectSelect::TwoStage;
    opt.seed = vm["seed"].as<std::uint64_t>();
    opt.sample_rows = vm["sample-rows"].as<std::int64_t>();
    if (opt.sample_rows < 0) throw std::invalid_argument("--sample-rows: expected 0 (all) or a positive count");
    const std::string rule = vm["mx-scale"].as<std::string>(), rnd = vm["mx-rounding"].as<std::string>();
    if (rule != "floor" && rule != "ceil") throw std::invalid_argument("--mx-scale: expected floor or ceil, got '" + rule + "'");
    if (rnd != "even" && rnd != "away") throw std::invalid_argument("--mx-rounding: expected even or away, got '" + rnd + "'");
    opt.scheme.mx_scale_rule = rule == "ceil" ? golden::ScaleRule::Ceil : golden::ScaleRule::OcpFloor;
    opt.scheme.mx_rounding = rnd == "away" ? golden::Rounding::NearestAway : golden::Rounding::NearestEven;
    const std::string tie = vm["dialect-tie"].as<std::string>(), acc = vm["accumulator"].as<std::string>();
    if (tie != "even" && tie != "odd") throw std::invalid_argument("--dialect-tie: expected even or odd, got '" + tie + "'");
    if (acc != "fp32" && acc != "fp16") throw std::invalid_argument("--accumulator: expected fp32 or fp16, got '" + acc + "'");
    opt.scheme.dialect_tie = tie == "odd" ? golden::DialectTie::OddUnlessEvenLarger : golden::DialectTie::Even;
    opt.scheme.sum = acc == "fp16" ? golden::SumPrecision::Fp16 : golden::SumPrecision::Fp32;
    opt.threads = vm["threads"].as<int>();
    if (opt.threads < 1 || opt.threads > kMaxThreads)
      throw std::invalid_argument("--threads: expected 1 to " + std::to_string(kMaxThreads) + ", not " + std::to_string(opt.threads));
    if (vm.count("arch") != vm.count("workload")) throw std::invalid_argument("--arch and --workload go together");
    if (vm.count("arch")) {
      if (!make_cost) throw std::invalid_argument("--arch: this build has no run model to cost formats with");
      opt.arch_file = vm["arch"].as<std::string>();
      opt.workload_file = vm["workload"].as<std::string>();
      opt.cost = make_cost(opt.arch_file, opt.workload_file);
    }
    const std::string dir = vm["out"].as<std::string>();
    io::prepare_output_dir(dir);  // before the work, not after it

    // Progress every 10 % (GEMMs count by row chunks, so it moves inside one), with the time
    // so far and what the jobs left would take at the rate so far.
    std::size_t last_pct = 101;
    const auto t0 = std::chrono::steady_clock::now();
    const auto rep = explore::run_explore(opt, [&](std::size_t done, std::size_t total) {
      const std::size_t pct = 100 * done / total;
      if (pct != last_pct && (pct % 10 == 0 || done == total)) {
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        char b[160];
        std::snprintf(b, sizeof b, "explore: %zu/%zu jobs (%zu%%), %.1f s", done, total, pct, s);
        err << b;
        if (done < total && done > 0) {
          std::snprintf(b, sizeof b, ", about %.0f s left", s / static_cast<double>(done) * static_cast<double>(total - done));
          err << b;
        }
        err << "\n";
        last_pct = pct;
      }
    });
    explore::print_tables(rep, out);
    explore::write_json(rep, dir + "/report.json");
    explore::write_csv(rep, dir + "/report.csv");
    explore::write_svg(rep, dir + "/sqnr_vs_bits.svg");
    explore::write_html(rep, dir + "/report.html");
    if (!rep.costs.empty()) explore::write_joint_csv(rep, dir + "/joint.csv");
    out << "\nwrote " << dir << "/report.json, report.csv, report.html, sqnr_vs_bits.svg" << (rep.costs.empty() ? "" : ", joint.csv")
        << "\n";
    return 0;
  } catch (const po::error& e) {
    err << "qmac explore: " << e.what() << "\n" << desc << "\n";
  } catch (const tensors::TensorFileError& e) {
    err << "qmac explore: " << e.what() << "\n";
  } catch (const std::invalid_argument& e) {
    err << "qmac explore: " << e.what() << "\n";
  } catch (const std::runtime_error& e) {  // filesystem errors included
    err << "qmac explore: " << e.what() << "\n";
  }
  return 2;
}

}  // namespace qmac::cli
