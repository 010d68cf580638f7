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

std::vector<std::string> split_commas(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    const auto c = s.find(',', start);
    const std::string item = s.substr(start, c == std::string::npos ? std::string::npos : c - start);
    if (!item.empty()) out.push_back(item);
    if (c == std::string::npos) break;
    start = c + 1;
  }
  return out;
}

}  // namespace qmac::cli
