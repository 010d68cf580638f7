// .safetensors reader: any byte string is a set of tensors or a TensorFileError.
#include "sim/tensors/safetensors_reader.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    for (const auto& t : qmac::tensors::read_safetensors(qmac::fuzz::input_file(data, size, ".safetensors"))) {
      std::size_t n = 1;
      for (auto d : t.shape) n *= static_cast<std::size_t>(d);
      if (n != t.fp32.size()) __builtin_trap();
    }
  } catch (const qmac::tensors::TensorFileError&) {
  }
  return 0;
}
