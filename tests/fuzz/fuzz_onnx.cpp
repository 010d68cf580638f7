// ONNX reader: any byte string is a list of tensors or a TensorFileError.
#include "sim/tensors/onnx_reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    for (const auto& t : qmac::tensors::read_onnx(qmac::fuzz::input_file(data, size, ".onnx"))) {
      std::size_t n = 1;
      for (auto d : t.shape) n *= static_cast<std::size_t>(d);
      if (n != t.fp32.size()) __builtin_trap();  // the shape must describe the values read
    }
  } catch (const qmac::tensors::TensorFileError&) {
  }
  return 0;
}
