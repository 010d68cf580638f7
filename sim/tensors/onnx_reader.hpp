// Reads the weights of an ONNX model: its graph's initializers and the
// tensors of its Constant nodes, straight from the protobuf wire format
// (onnx.proto: ModelProto.graph = 7; GraphProto.node = 1, initializer = 5;
// NodeProto.output = 2, op_type = 4, attribute = 5; AttributeProto.name = 1,
// t = 5; TensorProto.dims = 1, data_type = 2, float_data = 4, int32_data = 5,
// name = 8, raw_data = 9, double_data = 10, data_location = 14). FLOAT,
// FLOAT16, BFLOAT16 and DOUBLE tensors are read; without names, those of rank
// 2 and more (the weight matrices). The weight input of a MatMul (K x N), or
// of a Gemm without transB, is transposed to N x K so that K is the last
// dimension, as explore takes weights; its source says so. External data, a
// truncated file or a malformed message is a TensorFileError naming the file.
#pragma once

#include <string>
#include <vector>

#include "sim/tensors/tensor.hpp"

namespace qmac::tensors {

std::vector<Tensor> read_onnx(const std::string& path, const std::vector<std::string>& names = {});

}  // namespace qmac::tensors
