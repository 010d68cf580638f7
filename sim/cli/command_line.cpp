#include "sim/cli/command_line.hpp"

namespace qmac::cli {

namespace po = boost::program_options;

std::optional<int> parse_command_line(int argc, char** argv, const po::options_description& shown, const po::options_description& all,
                                      const po::positional_options_description* positional, po::variables_map& vm,
                                      const char* command, std::ostream& out, std::ostream& err) {
  try {
    po::command_line_parser p(argc, argv);
    p.options(all);
    if (positional) p.positional(*positional);
    po::store(p.run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    err << "qmac " << command << ": " << e.what() << "\n";
    return 2;
  }
  if (vm.count("help")) {
    out << shown;
    return 0;
  }
  return std::nullopt;
}

}  // namespace qmac::cli
