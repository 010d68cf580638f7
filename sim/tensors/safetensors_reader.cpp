#include "sim/tensors/safetensors_reader.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>

#include "sim/io/input_file.hpp"
#include "sim/tensors/element_conversion.hpp"
#include "sim/tensors/header_literal.hpp"

namespace qmac::tensors {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw TensorFileError(path + ": " + what); }

// The safetensors reference implementation refuses headers over 100 MB.
constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

struct Entry {
  std::string name;
  StoredType type;
  std::vector<std::int64_t> shape;
  std::size_t count = 0;
  std::uint64_t begin = 0, end = 0;
};

std::uint64_t offset(const std::string& path, const std::string& name, const HeaderLiteral& v) {
  if (v.kind != HeaderLiteral::Kind::Integer || v.integer < 0)
    fail(path, "tensor '" + name + "': data_offsets must be non-negative integers, not '" + v.text + "'");
  return static_cast<std::uint64_t>(v.integer);
}

}  // namespace

struct SafetensorsFile::Impl {
  std::string path;
  const unsigned char* map = nullptr;
  std::size_t size = 0;
  std::size_t data_start = 0;
  std::vector<Entry> entries;
  std::map<std::string, std::size_t> by_name;
  ~Impl() {
    if (map) ::munmap(const_cast<unsigned char*>(map), size);
  }
};

SafetensorsFile::SafetensorsFile(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  if (const auto why = io::unreadable_reason(path)) fail(path, *why);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(path, std::string("cannot open: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    fail(path, "not a regular file");
  }
  const std::size_t size = static_cast<std::size_t>(st.st_size);
  if (size >= 8) {
    void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (m == MAP_FAILED) {
      ::close(fd);
      fail(path, std::string("cannot map: ") + std::strerror(errno));
    }
    impl_->map = static_cast<const unsigned char*>(m);
    impl_->size = size;
  }
  ::close(fd);
  const unsigned char* bytes = impl_->map;
  if (size < 8) fail(path, "truncated: shorter than the 8-byte header length");
  std::uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<std::uint64_t>(bytes[i]) << (8 * i);
  if (n > kMaxHeaderBytes) fail(path, "header of " + std::to_string(n) + " bytes; at most 100000000 are read");
  if (n > size - 8) fail(path, "truncated header: it claims " + std::to_string(n) + " bytes, the file holds " + std::to_string(size - 8));
  const std::size_t data_start = 8 + static_cast<std::size_t>(n);
  impl_->data_start = data_start;
  const std::uint64_t data_size = size - data_start;
  std::string error;
  const auto header = parse_header_literal(std::string(bytes + 8, bytes + data_start), LiteralDialect::Json, error);
  if (!header) fail(path, "bad JSON header " + error);
  if (header->kind != HeaderLiteral::Kind::Object) fail(path, "bad header: expected a JSON object of tensors");

  std::vector<Entry>& entries = impl_->entries;
  for (const auto& [name, info] : header->members) {
    if (name == "__metadata__") continue;
    const std::string where = "tensor '" + name + "'";
    if (info.kind != HeaderLiteral::Kind::Object) fail(path, where + ": expected {dtype, shape, data_offsets}");
    Entry e;
    e.name = name;
    const HeaderLiteral* dtype = info.find("dtype");
    const std::string dt = dtype && dtype->kind == HeaderLiteral::Kind::String ? dtype->text : "";
    if (dt == "F16") e.type = StoredType::F16;
    else if (dt == "BF16") e.type = StoredType::BF16;
    else if (dt == "F32") e.type = StoredType::F32;
    else fail(path, where + ": unsupported dtype '" + dt + "' (expected F16, BF16 or F32)");
    const HeaderLiteral* shape = info.find("shape");
    if (!shape || shape->kind != HeaderLiteral::Kind::List) fail(path, where + ": no 'shape' list");
    for (const auto& d : shape->items) {
      if (d.kind != HeaderLiteral::Kind::Integer) fail(path, where + ": shape dimension '" + d.text + "' is not an integer");
      e.shape.push_back(d.integer);
    }
    e.count = checked_element_count(e.shape, path + ": " + where);
    const HeaderLiteral* offs = info.find("data_offsets");
    if (!offs || offs->kind != HeaderLiteral::Kind::List || offs->items.size() != 2)
      fail(path, where + ": 'data_offsets' must be [begin, end]");
    e.begin = offset(path, name, offs->items[0]);
    e.end = offset(path, name, offs->items[1]);
    if (e.end < e.begin || e.end > data_size)
      fail(path, where + ": data_offsets [" + std::to_string(e.begin) + ", " + std::to_string(e.end) + "] lie outside the " +
                     std::to_string(data_size) + " data bytes (truncated file?)");
    const std::uint64_t need = static_cast<std::uint64_t>(e.count) * static_cast<std::uint64_t>(element_bytes(e.type));
    if (e.end - e.begin != need)
      fail(path, where + ": shape needs " + std::to_string(need) + " bytes but data_offsets span " + std::to_string(e.end - e.begin));
    entries.push_back(std::move(e));
  }
  // The tensors tile the data section exactly (no overlap, no gap), as the format requires.
  std::vector<const Entry*> by_offset;
  for (const auto& e : entries) by_offset.push_back(&e);
  std::sort(by_offset.begin(), by_offset.end(), [](const Entry* a, const Entry* b) { return a->begin < b->begin; });
  std::uint64_t at = 0;
  for (const Entry* e : by_offset) {
    if (e->begin < at) fail(path, "tensor '" + e->name + "': data_offsets overlap another tensor's");
    if (e->begin > at) fail(path, "tensor '" + e->name + "': a gap of " + std::to_string(e->begin - at) + " bytes before its data");
    at = e->end;
  }
  if (at != data_size) fail(path, std::to_string(data_size - at) + " data bytes past the last tensor");

  for (std::size_t i = 0; i < entries.size(); ++i) impl_->by_name.emplace(entries[i].name, i);
}

SafetensorsFile::~SafetensorsFile() = default;

const std::string& SafetensorsFile::path() const { return impl_->path; }

std::vector<std::string> SafetensorsFile::names() const {
  std::vector<std::string> out;
  for (const auto& e : impl_->entries) out.push_back(e.name);
  return out;
}

bool SafetensorsFile::has(const std::string& name) const { return impl_->by_name.count(name) > 0; }

Tensor SafetensorsFile::read(const std::string& name) const {
  const auto it = impl_->by_name.find(name);
  if (it == impl_->by_name.end()) fail(impl_->path, "no tensor named '" + name + "'");
  const Entry& e = impl_->entries[it->second];
  Tensor ts;
  ts.name = e.name;
  ts.source = impl_->path;
  ts.dtype = dtype_name(e.type);
  ts.shape = e.shape;
  ts.fp32 = to_fp32(impl_->map + impl_->data_start + e.begin, e.count, e.type);
  return ts;
}

std::vector<Tensor> read_safetensors(const std::string& path, const std::vector<std::string>& names) {
  const SafetensorsFile f(path);
  const std::set<std::string> wanted(names.begin(), names.end());
  for (const auto& w : wanted)
    if (!f.has(w)) fail(path, "no tensor named '" + w + "'");
  std::vector<Tensor> out;
  for (const auto& n : f.names())
    if (wanted.empty() || wanted.count(n)) out.push_back(f.read(n));
  return out;
}

}  // namespace qmac::tensors
