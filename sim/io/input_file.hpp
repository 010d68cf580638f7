// What every reader of a user's file checks first: that the path names a
// readable regular file (a directory, a FIFO or a missing file gets a reason,
// never an empty read), and reading it whole with a size limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qmac::io {

// Why `path` cannot be read as a file ("no such file", "is a directory", ...), or nothing.
std::optional<std::string> unreadable_reason(const std::string& path);

// The file's bytes; throws std::runtime_error("path: reason") when it cannot be
// read or is larger than max_bytes.
std::vector<unsigned char> read_bytes(const std::string& path, std::uint64_t max_bytes);

}  // namespace qmac::io
