// Runs a shell command for the CLI tests: its stdout and stderr together, and
// its wait status.
#pragma once

#include <cstdio>
#include <string>

namespace qmac::test {

inline std::string shell(const std::string& cmd, int* status) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  *status = pclose(p);
  return out;
}

}  // namespace qmac::test
