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

namespace {

// What the header says, checked against the file.
struct Layout {
  std::string descr;       // as written ('<f4', '<i4', ...)
  std::string kind;        // without the byte order
  bool big_endian = false;
  bool fortran = false;
  std::vector<std::int64_t> shape;
  std::size_t data_start = 0, count = 0;
};

Layout parse_layout(const std::vector<unsigned char>& bytes, const std::string& path) {
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
  Layout l;
  l.data_start = 8 + len_bytes + header_len;
  if (bytes.size() < l.data_start) fail(path, "truncated header: it claims " + std::to_string(header_len) + " bytes");
  const std::string header(bytes.begin() + static_cast<long>(8 + len_bytes), bytes.begin() + static_cast<long>(l.data_start));

  std::string error;
  const auto dict = parse_header_literal(header, LiteralDialect::Python, error);
  if (!dict) fail(path, "bad header " + error);
  if (dict->kind != HeaderLiteral::Kind::Object) fail(path, "bad header: expected a dict {'descr', 'fortran_order', 'shape'}");
  const HeaderLiteral* descr = dict->find("descr");
  if (!descr || descr->kind != HeaderLiteral::Kind::String || descr->text.size() < 3)
    fail(path, "bad header: no 'descr' string (expected e.g. '<f4')");
  l.descr = descr->text;
  const char order = descr->text[0];
  l.kind = descr->text.substr(1);
  if (order != '<' && order != '>' && order != '|' && order != '=') fail(path, "bad header: 'descr' '" + descr->text + "' has no byte order");
  l.big_endian = order == '>';
  const HeaderLiteral* fo = dict->find("fortran_order");
  if (!fo || fo->kind != HeaderLiteral::Kind::Bool) fail(path, "bad header: no 'fortran_order' (True or False)");
  l.fortran = fo->boolean;
  const HeaderLiteral* shape = dict->find("shape");
  if (!shape || shape->kind != HeaderLiteral::Kind::List) fail(path, "bad header: no 'shape' tuple");
  for (const auto& d : shape->items) {
    if (d.kind != HeaderLiteral::Kind::Integer)
      fail(path, "bad header: shape dimension '" + (d.kind == HeaderLiteral::Kind::Number ? d.text : std::string("?")) +
                     "' is not a non-negative integer");
    l.shape.push_back(d.integer);
  }
  l.count = checked_element_count(l.shape, path + ": shape");
  return l;
}

void check_data_size(const Layout& l, std::size_t element_bytes, std::size_t file_bytes, const std::string& path) {
  const std::size_t need = l.count * element_bytes;
  const std::size_t have = file_bytes - l.data_start;
  if (have != need)
    fail(path, std::string(have < need ? "truncated data" : "data past the shape") + ": the header's shape needs " +
                   std::to_string(need) + " bytes, the file holds " + std::to_string(have));
}

// Column-major -> row-major: transpose the index order.
template <class T>
void to_c_order(std::vector<T>& v, const std::vector<std::int64_t>& shape) {
  if (shape.size() < 2) return;
  std::vector<T> c(v.size());
  const std::size_t nd = shape.size();
  std::vector<std::size_t> idx(nd, 0);
  for (std::size_t f = 0; f < v.size(); ++f) {
    std::size_t cpos = 0;
    for (std::size_t d = 0; d < nd; ++d) cpos = cpos * static_cast<std::size_t>(shape[d]) + idx[d];
    c[cpos] = v[f];
    for (std::size_t d = 0; d < nd; ++d) {  // Fortran order: first index fastest
      if (++idx[d] < static_cast<std::size_t>(shape[d])) break;
      idx[d] = 0;
    }
  }
  v.swap(c);
}

std::vector<unsigned char> file_bytes(const std::string& path) {
  try {
    return io::read_bytes(path, kMaxTensorFileBytes);
  } catch (const std::runtime_error& e) {
    throw TensorFileError(e.what());
  }
}

}  // namespace

Tensor read_npy(const std::string& path) {
  const std::vector<unsigned char> bytes = file_bytes(path);
  const Layout l = parse_layout(bytes, path);
  StoredType t;
  if (l.kind == "f2") t = StoredType::F16;
  else if (l.kind == "f4") t = StoredType::F32;
  else if (l.kind == "f8") t = StoredType::F64;
  else fail(path, "unsupported dtype '" + l.descr + "' (expected float16, float32 or float64)");
  Tensor ts;
  ts.source = path;
  ts.name = path;
  ts.dtype = dtype_name(t);
  ts.shape = l.shape;
  check_data_size(l, static_cast<std::size_t>(element_bytes(t)), bytes.size(), path);
  std::vector<std::uint32_t> v = to_fp32(bytes.data() + l.data_start, l.count, t, l.big_endian);
  if (l.fortran) to_c_order(v, l.shape);
  ts.fp32 = std::move(v);
  return ts;
}

IntArray read_npy_ints(const std::string& path) {
  const std::vector<unsigned char> bytes = file_bytes(path);
  const Layout l = parse_layout(bytes, path);
  if (l.kind.size() != 2 || (l.kind[0] != 'i' && l.kind[0] != 'u') ||
      (l.kind[1] != '1' && l.kind[1] != '2' && l.kind[1] != '4' && l.kind[1] != '8') || l.kind == "u8")
    fail(path, "unsupported dtype '" + l.descr + "' (expected an integer type: int8..int64 or uint8..uint32)");
  const bool is_signed = l.kind[0] == 'i';
  const std::size_t w = static_cast<std::size_t>(l.kind[1] - '0');
  check_data_size(l, w, bytes.size(), path);
  IntArray a;
  a.shape = l.shape;
  a.values.resize(l.count);
  for (std::size_t i = 0; i < l.count; ++i) {
    const unsigned char* p = bytes.data() + l.data_start + i * w;
    std::uint64_t u = 0;
    for (std::size_t b = 0; b < w; ++b) u |= static_cast<std::uint64_t>(p[l.big_endian ? w - 1 - b : b]) << (8 * b);
    if (is_signed && w < 8 && (u >> (8 * w - 1)) & 1u) u |= ~std::uint64_t{0} << (8 * w);  // sign-extend
    a.values[i] = static_cast<std::int64_t>(u);
  }
  if (l.fortran) to_c_order(a.values, l.shape);
  return a;
}

}  // namespace qmac::tensors
