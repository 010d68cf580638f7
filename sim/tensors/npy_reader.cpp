#include "sim/tensors/npy_reader.hpp"

#include <stdexcept>

#include "sim/io/input_file.hpp"
#include "sim/tensors/element_conversion.hpp"
#include "sim/tensors/header_literal.hpp"

namespace qmac::tensors {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw TensorFileError(path + ": " + what); }

// NumPy writes headers of a few hundred bytes; 1 MiB is far past any real one.
constexpr std::size_t kMaxHeaderBytes = 1 << 20;

}  // namespace

Tensor read_npy(const std::string& path) {
  std::vector<unsigned char> bytes;
  try {
    bytes = io::read_bytes(path, kMaxTensorFileBytes);
  } catch (const std::runtime_error& e) {
    throw TensorFileError(e.what());
  }
  static const unsigned char kMagic[] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
  if (bytes.size() < 10 || !std::equal(std::begin(kMagic), std::end(kMagic), bytes.begin()))
    fail(path, "not a .npy file (expected the magic \\x93NUMPY)");
  const int major = bytes[6];
  if (major < 1 || major > 3) fail(path, "unsupported .npy version " + std::to_string(major));
  const std::size_t len_bytes = major == 1 ? 2 : 4;
  if (bytes.size() < 8 + len_bytes) fail(path, "truncated header");
  std::size_t header_len = 0;
  for (std::size_t i = 0; i < len_bytes; ++i) header_len |= static_cast<std::size_t>(bytes[8 + i]) << (8 * i);
  if (header_len > kMaxHeaderBytes)
    fail(path, "header of " + std::to_string(header_len) + " bytes; at most " + std::to_string(kMaxHeaderBytes) + " are read");
  const std::size_t data_start = 8 + len_bytes + header_len;
  if (bytes.size() < data_start) fail(path, "truncated header: it claims " + std::to_string(header_len) + " bytes");
  const std::string header(bytes.begin() + static_cast<long>(8 + len_bytes), bytes.begin() + static_cast<long>(data_start));

  std::string error;
  const auto dict = parse_header_literal(header, LiteralDialect::Python, error);
  if (!dict) fail(path, "bad header " + error);
  if (dict->kind != HeaderLiteral::Kind::Object) fail(path, "bad header: expected a dict {'descr', 'fortran_order', 'shape'}");
  const HeaderLiteral* descr = dict->find("descr");
  if (!descr || descr->kind != HeaderLiteral::Kind::String || descr->text.size() < 3)
    fail(path, "bad header: no 'descr' string (expected e.g. '<f4')");
  const char order = descr->text[0];
  const std::string kind = descr->text.substr(1);
  if (order != '<' && order != '>' && order != '|' && order != '=') fail(path, "bad header: 'descr' '" + descr->text + "' has no byte order");
  StoredType t;
  if (kind == "f2") t = StoredType::F16;
  else if (kind == "f4") t = StoredType::F32;
  else if (kind == "f8") t = StoredType::F64;
  else fail(path, "unsupported dtype '" + descr->text + "' (expected float16, float32 or float64)");
  const bool big_endian = order == '>';
  const HeaderLiteral* fo = dict->find("fortran_order");
  if (!fo || fo->kind != HeaderLiteral::Kind::Bool) fail(path, "bad header: no 'fortran_order' (True or False)");
  const bool fortran = fo->boolean;
  const HeaderLiteral* shape = dict->find("shape");
  if (!shape || shape->kind != HeaderLiteral::Kind::List) fail(path, "bad header: no 'shape' tuple");
  Tensor ts;
  ts.source = path;
  ts.name = path;
  ts.dtype = dtype_name(t);
  for (const auto& d : shape->items) {
    if (d.kind != HeaderLiteral::Kind::Integer)
      fail(path, "bad header: shape dimension '" + (d.kind == HeaderLiteral::Kind::Number ? d.text : std::string("?")) +
                     "' is not a non-negative integer");
    ts.shape.push_back(d.integer);
  }
  const std::size_t count = checked_element_count(ts.shape, path + ": shape");
  const std::size_t need = count * static_cast<std::size_t>(element_bytes(t));
  const std::size_t have = bytes.size() - data_start;
  if (have != need)
    fail(path, std::string(have < need ? "truncated data" : "data past the shape") + ": the header's shape needs " +
                   std::to_string(need) + " bytes, the file holds " + std::to_string(have));
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
