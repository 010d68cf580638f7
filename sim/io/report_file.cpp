#include "sim/io/report_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace qmac::io {

void prepare_output_dir(const std::string& dir) {
  namespace fs = std::filesystem;
  if (dir.empty()) throw std::runtime_error("--out: an empty folder name");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(dir + ": cannot create the output folder: " + ec.message());
  if (!fs::is_directory(dir, ec)) throw std::runtime_error(dir + ": not a folder");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw std::runtime_error(dir + ": the output folder is not writable: " + std::strerror(errno));
}

void prepare_output_file(const std::string& path) {
  namespace fs = std::filesystem;
  if (path.empty()) throw std::runtime_error("an empty file name where a report file is expected");
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw std::runtime_error(path + ": is a folder; expected the name of a report file");
  const fs::path parent = fs::path(path).parent_path();
  if (!parent.empty()) prepare_output_dir(parent.string());
}

void write_atomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (!f) throw std::runtime_error(path + ": cannot write: " + std::strerror(errno));
  const bool wrote = std::fwrite(content.data(), 1, content.size(), f) == content.size();
  const int flush_errno = std::fflush(f) == 0 ? 0 : errno;
  const bool synced = ::fsync(fileno(f)) == 0 || errno == EINVAL;
  const bool closed = std::fclose(f) == 0;
  if (!wrote || flush_errno || !synced || !closed) {
    const std::string why = std::strerror(flush_errno ? flush_errno : errno);
    std::remove(tmp.c_str());
    throw std::runtime_error(path + ": write failed (" + why + "); no report written");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(tmp.c_str());
    throw std::runtime_error(path + ": cannot rename the finished report into place: " + why);
  }
}

std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    if (static_cast<unsigned char>(c) < 0x20) {
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", static_cast<unsigned char>(c));
      o += b;
      continue;
    }
    o += c;
  }
  return o + "\"";
}

std::string xml_text(const std::string& s) {
  std::string o;
  for (char c : s) o += c == '<' ? "&lt;" : c == '>' ? "&gt;" : c == '&' ? "&amp;" : c == '"' ? "&quot;" : std::string(1, c);
  return o;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string o = "\"";
  for (char c : s) {
    if (c == '"') o += '"';
    o += c;
  }
  return o + "\"";
}

}  // namespace qmac::io
