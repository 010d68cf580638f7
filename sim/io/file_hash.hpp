// The SHA-1 of a file's bytes (Boost.UUID's), in hex: reports name each input
// with it, so a result can be tied to the exact files that produced it.
#pragma once

#include <string>

namespace qmac::io {

// 40 hex digits; throws std::runtime_error "path: cannot read" if unreadable.
std::string sha1_of_file(const std::string& path);

}  // namespace qmac::io
