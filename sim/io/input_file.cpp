#include "sim/io/input_file.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace qmac::io {

std::optional<std::string> unreadable_reason(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) return "an empty file name";
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return "no such file";
  if (fs::is_directory(st)) return "is a directory, expected a file";
  if (!fs::is_regular_file(st)) return "is not a regular file";
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot open file (permission?)";
  return std::nullopt;
}

std::vector<unsigned char> read_bytes(const std::string& path, std::uint64_t max_bytes) {
  if (auto why = unreadable_reason(path)) throw std::runtime_error(path + ": " + *why);
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw std::runtime_error(path + ": cannot read its size");
  if (size > max_bytes)
    throw std::runtime_error(path + ": " + std::to_string(size) + " bytes, more than the " + std::to_string(max_bytes) +
                             " bytes qmac reads from one file");
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> bytes(static_cast<std::size_t>(size));
  if (size && !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
    throw std::runtime_error(path + ": read error");
  return bytes;
}

}  // namespace qmac::io
