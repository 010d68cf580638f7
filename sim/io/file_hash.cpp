#include "sim/io/file_hash.hpp"

#include <cstdio>
#include <fstream>
#include <stdexcept>

#include <boost/uuid/detail/sha1.hpp>

namespace qmac::io {

std::string sha1_of_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot read");
  boost::uuids::detail::sha1 h;
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) h.process_bytes(buf, static_cast<std::size_t>(in.gcount()));
  boost::uuids::detail::sha1::digest_type d;
  h.get_digest(d);
  std::string out;
  for (unsigned w : d) {
    char b[9];
    std::snprintf(b, sizeof b, "%08x", w);
    out += b;
  }
  return out;
}

}  // namespace qmac::io
