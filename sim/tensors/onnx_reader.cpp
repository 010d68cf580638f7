#include "sim/tensors/onnx_reader.hpp"

#include <cstring>
#include <map>
#include <optional>
#include <set>

#include "sim/io/input_file.hpp"
#include "sim/tensors/element_conversion.hpp"

namespace qmac::tensors {
namespace {

// One protobuf message: its fields in order, each a varint or a byte range.
struct Field {
  int number = 0;
  int wire = 0;                // 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32
  std::uint64_t varint = 0;    // wire 0 (and the fixed values)
  const unsigned char* data = nullptr;  // wire 2
  std::size_t size = 0;
};

class Reader {
 public:
  Reader(const std::string& path, const unsigned char* p, std::size_t n) : path_(path), p_(p), end_(p + n) {}
  bool done() const { return p_ == end_; }
  Field next() {
    Field f;
    const std::uint64_t key = varint();
    f.number = static_cast<int>(key >> 3);
    f.wire = static_cast<int>(key & 7);
    if (f.number == 0) fail("field number 0");
    switch (f.wire) {
      case 0: f.varint = varint(); break;
      case 1: need(8); std::memcpy(&f.varint, p_, 8); p_ += 8; break;
      case 5: { need(4); std::uint32_t v; std::memcpy(&v, p_, 4); f.varint = v; p_ += 4; break; }
      case 2: {
        const std::uint64_t n = varint();
        need(n);
        f.data = p_;
        f.size = static_cast<std::size_t>(n);
        p_ += n;
        break;
      }
      default: fail("wire type " + std::to_string(f.wire) + " (groups or garbage)");
    }
    return f;
  }
  [[noreturn]] void fail(const std::string& what) const { throw TensorFileError(path_ + ": malformed ONNX (protobuf): " + what); }

 private:
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      const unsigned char b = *p_++;
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    fail("a varint longer than 10 bytes");
  }
  void need(std::uint64_t n) const {
    if (n > static_cast<std::uint64_t>(end_ - p_)) fail("truncated: a field runs past the end of its message");
  }
  std::string path_;
  const unsigned char* p_;
  const unsigned char* end_;
};

std::string text(const Field& f) { return std::string(reinterpret_cast<const char*>(f.data), f.size); }

// A repeated fixed-width field (float_data: 4 bytes, double_data: 8): packed, or one value per field.
template <class Word>
void words(const Reader& r, const Field& f, std::vector<Word>& out, const char* what) {
  if (f.wire != 2) {
    out.push_back(static_cast<Word>(f.varint));
    return;
  }
  if (f.size % sizeof(Word)) r.fail(std::string(what) + " not a whole number of elements");
  for (std::size_t i = 0; i < f.size; i += sizeof(Word)) {
    Word v;
    std::memcpy(&v, f.data + i, sizeof(Word));
    out.push_back(v);
  }
}

// A repeated varint field: packed (one length-delimited run) or one value per field.
void varints(const Reader& r, const Field& f, std::vector<std::uint64_t>& out, const char* what) {
  if (f.wire != 2) {
    out.push_back(f.varint);
    return;
  }
  const unsigned char* q = f.data;
  const unsigned char* e = f.data + f.size;
  while (q < e) {
    std::uint64_t v = 0;
    for (int shift = 0;; shift += 7) {
      if (q >= e || shift >= 64) r.fail(std::string("truncated packed ") + what);
      const unsigned char b = *q++;
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) break;
    }
    out.push_back(v);
  }
}

// ONNX TensorProto.DataType codes qmac reads.
std::optional<StoredType> stored_type(std::uint64_t t) {
  switch (t) {
    case 1: return StoredType::F32;
    case 10: return StoredType::F16;
    case 11: return StoredType::F64;
    case 16: return StoredType::BF16;
    default: return std::nullopt;
  }
}

struct Parsed {
  Tensor t;
  bool readable = false;  // a float type
};

Parsed tensor_proto(const std::string& path, const unsigned char* p, std::size_t n, const std::string& name_if_unnamed) {
  Reader r(path, p, n);
  Parsed out;
  std::vector<std::int64_t> dims;
  std::uint64_t type = 0;
  std::vector<unsigned char> raw;
  std::vector<std::uint32_t> f32;          // float_data (bits)
  std::vector<std::uint64_t> f64, i32;     // double_data, int32_data (FP16/BF16 codes)
  while (!r.done()) {
    const Field f = r.next();
    switch (f.number) {
      case 1: {  // dims
        std::vector<std::uint64_t> d;
        varints(r, f, d, "dims");
        for (auto v : d) dims.push_back(static_cast<std::int64_t>(v));
        break;
      }
      case 2: type = f.varint; break;
      case 4: words(r, f, f32, "float_data"); break;
      case 5: varints(r, f, i32, "int32_data"); break;  // FP16/BF16 as their codes
      case 8: out.t.name = text(f); break;
      case 9: raw.assign(f.data, f.data + f.size); break;
      case 10: words(r, f, f64, "double_data"); break;
      case 14:
        if (f.varint == 1) throw TensorFileError(path + ": tensor '" + out.t.name + "' keeps its data in an external file; qmac reads only embedded data");
        break;
      default: break;
    }
  }
  if (out.t.name.empty()) out.t.name = name_if_unnamed;
  const auto st = stored_type(type);
  if (!st) return out;
  const std::string where = path + ": tensor '" + out.t.name + "'";
  const std::size_t count = checked_element_count(dims, where);
  std::vector<unsigned char> bytes;
  if (!raw.empty()) {
    bytes = std::move(raw);
  } else if (*st == StoredType::F32) {
    bytes.resize(f32.size() * 4);
    if (!f32.empty()) std::memcpy(bytes.data(), f32.data(), bytes.size());
  } else if (*st == StoredType::F64) {
    bytes.resize(f64.size() * 8);
    if (!f64.empty()) std::memcpy(bytes.data(), f64.data(), bytes.size());
  } else {
    for (auto v : i32) {
      bytes.push_back(static_cast<unsigned char>(v & 0xFF));
      bytes.push_back(static_cast<unsigned char>((v >> 8) & 0xFF));
    }
  }
  const std::size_t want = count * static_cast<std::size_t>(element_bytes(*st));
  if (bytes.size() != want)
    throw TensorFileError(where + ": " + std::to_string(bytes.size()) + " bytes of data for " + std::to_string(count) + " " +
                          dtype_name(*st) + " elements (" + std::to_string(want) + " bytes)");
  out.t.source = path;
  out.t.dtype = dtype_name(*st);
  out.t.shape = dims;
  out.t.fp32 = to_fp32(bytes.data(), count, *st);
  out.readable = true;
  return out;
}

void transpose(Tensor& t) {
  const std::int64_t r = t.shape[0], c = t.shape[1];
  std::vector<std::uint32_t> v(t.fp32.size());
  for (std::int64_t i = 0; i < r; ++i)
    for (std::int64_t j = 0; j < c; ++j) v[static_cast<std::size_t>(j * r + i)] = t.fp32[static_cast<std::size_t>(i * c + j)];
  t.fp32 = std::move(v);
  t.shape = {c, r};
}

}  // namespace

std::vector<Tensor> read_onnx(const std::string& path, const std::vector<std::string>& names) {
  std::vector<unsigned char> bytes;
  try {
    bytes = io::read_bytes(path, kMaxTensorFileBytes);
  } catch (const std::runtime_error& e) {
    throw TensorFileError(e.what());
  }
  Reader model(path, bytes.data(), bytes.size());
  std::optional<Field> graph;
  while (!model.done()) {
    const Field f = model.next();
    if (f.number == 7 && f.wire == 2) graph = f;
  }
  if (!graph) throw TensorFileError(path + ": no graph (ModelProto field 7): not an ONNX model");
  std::vector<Parsed> found;
  std::set<std::string> weight_kn;  // MatMul B inputs, Gemm B inputs without transB: K x N on file
  Reader g(path, graph->data, graph->size);
  while (!g.done()) {
    const Field f = g.next();
    if (f.wire != 2) continue;
    if (f.number == 5) found.push_back(tensor_proto(path, f.data, f.size, "initializer" + std::to_string(found.size())));
    if (f.number != 1) continue;
    Reader node(path, f.data, f.size);
    std::string op, output;
    std::vector<std::string> inputs;
    std::optional<Field> value;
    bool trans_b = false;
    while (!node.done()) {
      const Field nf = node.next();
      if (nf.number == 1 && nf.wire == 2) inputs.push_back(text(nf));
      if (nf.number == 2 && nf.wire == 2 && output.empty()) output = text(nf);
      if (nf.number == 4 && nf.wire == 2) op = text(nf);
      if (nf.number == 5 && nf.wire == 2) {
        Reader attr(path, nf.data, nf.size);
        std::string aname;
        std::optional<Field> t;
        std::uint64_t i = 0;
        while (!attr.done()) {
          const Field af = attr.next();
          if (af.number == 1 && af.wire == 2) aname = text(af);
          if (af.number == 5 && af.wire == 2) t = af;
          if (af.number == 3 && af.wire == 0) i = af.varint;
        }
        if (aname == "value" && t) value = t;
        if (aname == "transB") trans_b = i != 0;
      }
    }
    if (op == "Constant" && value) {
      Parsed p = tensor_proto(path, value->data, value->size, output);
      if (!output.empty()) p.t.name = output;  // a Constant is known by what it outputs
      found.push_back(std::move(p));
    }
    if ((op == "MatMul" || (op == "Gemm" && !trans_b)) && inputs.size() >= 2) weight_kn.insert(inputs[1]);
  }
  std::vector<Tensor> out;
  const std::set<std::string> wanted(names.begin(), names.end());
  std::set<std::string> missing = wanted;
  for (auto& p : found) {
    const bool named = wanted.count(p.t.name) > 0;
    if (!wanted.empty() && !named) continue;
    if (!p.readable) {
      if (named) throw TensorFileError(path + ": tensor '" + p.t.name + "' is not FLOAT, FLOAT16, BFLOAT16 or DOUBLE");
      continue;
    }
    if (wanted.empty() && p.t.shape.size() < 2) continue;  // biases, scalars, shapes
    if (weight_kn.count(p.t.name) && p.t.shape.size() == 2) {
      transpose(p.t);
      p.t.source += " (MatMul weight K x N, transposed to N x K)";
    }
    missing.erase(p.t.name);
    out.push_back(std::move(p.t));
  }
  if (!missing.empty()) throw TensorFileError(path + ": no initializer or Constant named '" + *missing.begin() + "'");
  if (out.empty()) throw TensorFileError(path + ": no FLOAT/FLOAT16/BFLOAT16/DOUBLE tensor of rank 2 or more");
  return out;
}

}  // namespace qmac::tensors
