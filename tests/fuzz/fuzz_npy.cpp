// .npy reader: any byte string is a tensor (floats) or an integer array, or
// a TensorFileError; the shape always describes the values read.
#include "sim/tensors/npy_reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string path = qmac::fuzz::input_file(data, size, ".npy");
  try {
    const auto t = qmac::tensors::read_npy(path);
    std::size_t n = 1;
    for (auto d : t.shape) n *= static_cast<std::size_t>(d);
    if (n != t.fp32.size()) __builtin_trap();  // the shape must describe the values read
  } catch (const qmac::tensors::TensorFileError&) {
  }
  try {
    const auto a = qmac::tensors::read_npy_ints(path);
    std::size_t n = 1;
    for (auto d : a.shape) n *= static_cast<std::size_t>(d);
    if (n != a.values.size()) __builtin_trap();
  } catch (const qmac::tensors::TensorFileError&) {
  }
  return 0;
}
