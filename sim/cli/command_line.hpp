// The options step every qmac command shares: parse argv (boost
// program_options), print "qmac CMD: reason" and stop with 2 on a usage
// error, print the options and stop with 0 on --help.
#pragma once

#include <optional>
#include <string>
#include <vector>
#include <ostream>

#include <boost/program_options.hpp>

namespace qmac::cli {

// Returns the exit code when the command should stop here, nullopt to go on.
// `shown`: the options --help prints; `all`: those parsed (shown plus hidden).
std::optional<int> parse_command_line(int argc, char** argv, const boost::program_options::options_description& shown,
                                      const boost::program_options::options_description& all,
                                      const boost::program_options::positional_options_description* positional,
                                      boost::program_options::variables_map& vm, const char* command, std::ostream& out,
                                      std::ostream& err);

// "a,b,,c" -> {"a", "b", "c"}: an option's comma-separated list, empty items dropped.
std::vector<std::string> split_commas(const std::string& s);

}  // namespace qmac::cli
