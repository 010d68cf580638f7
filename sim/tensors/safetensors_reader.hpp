// Reads .safetensors files: an 8-byte little-endian header length, a JSON
// header {"name": {"dtype", "shape", "data_offsets"}, "__metadata__": ...},
// then the data. F16, BF16 and F32 tensors are read; other dtypes, a
// truncated file, a bad header or offsets past the end are TensorFileErrors.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sim/tensors/tensor.hpp"

namespace qmac::tensors {

// A .safetensors file mapped into memory (mmap): its header parsed and
// checked once, each tensor converted to FP32 only when read, so a model
// larger than memory is read a layer at a time.
class SafetensorsFile {
 public:
  explicit SafetensorsFile(const std::string& path);  // throws TensorFileError
  ~SafetensorsFile();
  SafetensorsFile(const SafetensorsFile&) = delete;
  SafetensorsFile& operator=(const SafetensorsFile&) = delete;
  const std::string& path() const;
  std::vector<std::string> names() const;  // in the header's order
  bool has(const std::string& name) const;
  Tensor read(const std::string& name) const;  // throws TensorFileError for an unknown name

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Every tensor, or only those named (an unknown name is an error).
std::vector<Tensor> read_safetensors(const std::string& path, const std::vector<std::string>& names = {});

}  // namespace qmac::tensors
