#include "sim/tensors/safetensors_reader.hpp"

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>

#include "sim/tensors/element_conversion.hpp"

namespace qmac::tensors {
namespace {

[[noreturn]] void fail(const std::string& path, const std::string& what) { throw TensorFileError(path + ": " + what); }

}  // namespace

std::vector<Tensor> read_safetensors(const std::string& path, const std::vector<std::string>& names) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, "cannot open file");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.size() < 8) fail(path, "truncated: shorter than the 8-byte header length");
  std::uint64_t n = 0;
  for (int i = 0; i < 8; ++i) n |= static_cast<std::uint64_t>(bytes[static_cast<std::size_t>(i)]) << (8 * i);
  if (n > bytes.size() - 8) fail(path, "truncated header: it claims " + std::to_string(n) + " bytes, the file holds " + std::to_string(bytes.size() - 8));
  const std::size_t data_start = 8 + static_cast<std::size_t>(n);
  const std::size_t data_size = bytes.size() - data_start;
  boost::property_tree::ptree header;
  try {
    std::istringstream js(std::string(bytes.begin() + 8, bytes.begin() + static_cast<long>(data_start)));
    boost::property_tree::read_json(js, header);
  } catch (const boost::property_tree::json_parser_error& e) {
    fail(path, "bad JSON header at line " + std::to_string(e.line()) + ": " + e.message());
  }
  const std::set<std::string> wanted(names.begin(), names.end());
  std::set<std::string> found;
  std::vector<Tensor> out;
  for (const auto& [name, info] : header) {
    if (name == "__metadata__") continue;
    if (!wanted.empty() && !wanted.count(name)) continue;
    found.insert(name);
    const std::string dtype = info.get<std::string>("dtype", "");
    StoredType t;
    if (dtype == "F16") t = StoredType::F16;
    else if (dtype == "BF16") t = StoredType::BF16;
    else if (dtype == "F32") t = StoredType::F32;
    else fail(path, "tensor '" + name + "': unsupported dtype '" + dtype + "' (expected F16, BF16 or F32)");
    Tensor ts;
    ts.name = name;
    ts.source = path;
    ts.dtype = dtype_name(t);
    std::size_t count = 1;
    const auto shape = info.get_child_optional("shape");
    if (!shape) fail(path, "tensor '" + name + "': no 'shape'");
    for (const auto& d : *shape) {
      ts.shape.push_back(d.second.get_value<std::int64_t>());
      count *= static_cast<std::size_t>(ts.shape.back());
    }
    const auto offs = info.get_child_optional("data_offsets");
    if (!offs || offs->size() != 2) fail(path, "tensor '" + name + "': 'data_offsets' must be [begin, end]");
    const std::size_t begin = offs->front().second.get_value<std::size_t>();
    const std::size_t end = offs->back().second.get_value<std::size_t>();
    if (end < begin || end > data_size)
      fail(path, "tensor '" + name + "': data_offsets [" + std::to_string(begin) + ", " + std::to_string(end) +
                     "] lie outside the " + std::to_string(data_size) + " data bytes (truncated file?)");
    if (end - begin != count * static_cast<std::size_t>(element_bytes(t)))
      fail(path, "tensor '" + name + "': shape needs " + std::to_string(count * static_cast<std::size_t>(element_bytes(t))) +
                     " bytes but data_offsets span " + std::to_string(end - begin));
    ts.fp32 = to_fp32(bytes.data() + data_start + begin, count, t);
    out.push_back(std::move(ts));
  }
  for (const auto& w : wanted)
    if (!found.count(w)) fail(path, "no tensor named '" + w + "'");
  return out;
}

}  // namespace qmac::tensors
