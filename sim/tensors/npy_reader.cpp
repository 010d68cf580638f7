#include "sim/tensors/npy_reader.hpp"

#include <fstream>
#include <iterator>
#include <regex>

#include "sim/tensors/element_conversion.hpp"

namespace qmac::tensors {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw TensorFileError(path + ": " + what); }

}  // namespace

Tensor read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open file");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  static const unsigned char kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (bytes.size() < 10 || !std::equal(std::begin(kMagic), std::end(kMagic), bytes.begin()))
    fail(path, "not a .npy file (expected the magic \\x93NUMPY)");
  const int major = bytes[6];
  if (major < 1 || major > 3) fail(path, "unsupported .npy version " + std::to_string(major));
  const std::size_t len_bytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + len_bytes) fail(path, "truncated header");
  std::size_t header_len = 0;
  for (std::size_t i = 0; i < len_bytes; ++i) header_len |= static_cast<std::size_t>(bytes[8 + i]) << (8 * i);
  const std::size_t data_start = 8 + len_bytes + header_len;
  if (bytes.size() < data_start) fail(path, "truncated header: it claims " + std::to_string(header_len) + " bytes");
  const std::string header(bytes.begin() + static_cast<long>(8 + len_bytes), bytes.begin() + static_cast<long>(data_start));

  std::smatch m;
  if (!std::regex_search(header, m, std::regex(R"('descr'\s*:\s*'([<>|=])([a-z])(\d+)')")))
    fail(path, "bad header: no 'descr' (expected e.g. '<f4'): " + header);
  const char order = m[1].str()[0];
  const std::string kind = m[2].str() + m[3].str();
  StoredType t;
  if (kind == "f2") t = StoredType::F16;
  else if (kind == "f4") t = StoredType::F32;
  else if (kind == "f8") t = StoredType::F64;
  else fail(path, "unsupported dtype '" + m[1].str() + kind + "' (expected float16, float32 or float64)");
  const bool big_endian = order == '>';
  if (!std::regex_search(header, m, std::regex(R"('fortran_order'\s*:\s*(True|False))")))
    fail(path, "bad header: no 'fortran_order'");
  const bool fortran = m[1] == "True";
  if (!std::regex_search(header, m, std::regex(R"('shape'\s*:\s*\(([^)]*)\))"))) fail(path, "bad header: no 'shape'");
  Tensor ts;
  ts.source = path;
  ts.name = path;
  ts.dtype = dtype_name(t);
  const std::string dims = m[1];
  std::size_t count = 1;
  static const std::regex kDigits(R"(\d+)");
  for (std::sregex_iterator it(dims.begin(), dims.end(), kDigits), end; it != end; ++it) {
    ts.shape.push_back(std::stoll(it->str()));
    count *= static_cast<std::size_t>(ts.shape.back());
  }
  const std::size_t need = count * static_cast<std::size_t>(element_bytes(t));
  if (bytes.size() - data_start < need)
    fail(path, "truncated data: the header's shape needs " + std::to_string(need) + " bytes, the file holds " +
                   std::to_string(bytes.size() - data_start));
  std::vector<std::uint32_t> v = to_fp32(bytes.data() + data_start, count, t, big_endian);
  if (fortran && ts.shape.size() > 1) {
    // Column-major -> row-major: transpose the index order.
    std::vector<std::uint32_t> c(count);
    const std::size_t nd = ts.shape.size();
    std::vector<std::size_t> idx(nd, 0);
    for (std::size_t f = 0; f < count; ++f) {
      std::size_t cpos = 0;
      for (std::size_t d = 0; d < nd; ++d) cpos = cpos * static_cast<std::size_t>(ts.shape[d]) + idx[d];
      c[cpos] = v[f];
      for (std::size_t d = 0; d < nd; ++d) {  // Fortran order: first index fastest
        if (++idx[d] < static_cast<std::size_t>(ts.shape[d])) break;
        idx[d] = 0;
      }
    }
    v.swap(c);
  }
  ts.fp32 = std::move(v);
  return ts;
}

}  // namespace qmac::tensors
