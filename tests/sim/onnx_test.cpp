// The ONNX reader on model files this test writes itself with a protobuf
// encoder of its own (onnx.proto field numbers): initializers (raw_data,
// float_data, FLOAT16 in int32_data), a Constant node, a MatMul weight
// transposed to N x K, and the errors.
#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/tensors/onnx_reader.hpp"

namespace qmac::test {
namespace {

std::string varint(std::uint64_t v) {
  std::string o;
  do {
    unsigned char b = v & 0x7F;
    v >>= 7;
    if (v) b |= 0x80;
    o.push_back(static_cast<char>(b));
  } while (v);
  return o;
}
std::string key(int field, int wire) { return varint(static_cast<std::uint64_t>(field) << 3 | static_cast<std::uint64_t>(wire)); }
std::string bytes_field(int field, const std::string& b) { return key(field, 2) + varint(b.size()) + b; }
std::string int_field(int field, std::uint64_t v) { return key(field, 0) + varint(v); }

std::string floats(const std::vector<float>& v) {
  std::string o(v.size() * 4, '\0');
  for (std::size_t i = 0; i < v.size(); ++i) {
    const auto b = std::bit_cast<std::uint32_t>(v[i]);
    for (int j = 0; j < 4; ++j) o[i * 4 + static_cast<std::size_t>(j)] = static_cast<char>((b >> (8 * j)) & 0xFF);
  }
  return o;
}

// TensorProto with dims (unpacked), data_type and a name, plus its data fields.
std::string tensor(const std::string& name, const std::vector<std::int64_t>& dims, int type, const std::string& data) {
  std::string t;
  for (auto d : dims) t += int_field(1, static_cast<std::uint64_t>(d));
  t += int_field(2, static_cast<std::uint64_t>(type));
  t += bytes_field(8, name);
  return t + data;
}

std::string write(const std::string& name, const std::string& graph) {
  const std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << int_field(1, 8) /* ir_version */ << bytes_field(7, graph);
  return path;
}

TEST(OnnxReader, InitializersConstantsAndMatMulWeights) {
  // W1: 4 x 3 FLOAT in raw_data, the B input of a MatMul (K x N on file).
  const std::vector<float> w1 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  std::string g = bytes_field(5, tensor("W1", {4, 3}, 1, bytes_field(9, floats(w1))));
  // W2: 2 x 2 FLOAT16 as codes in int32_data (1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800, 0).
  g += bytes_field(5, tensor("W2", {2, 2}, 10, int_field(5, 0x3C00) + int_field(5, 0xC000) + int_field(5, 0x3800) + int_field(5, 0)));
  // A bias (rank 1) and an INT64 shape: skipped when no names are asked for.
  g += bytes_field(5, tensor("bias", {3}, 1, bytes_field(9, floats({1, 1, 1}))));
  g += bytes_field(5, tensor("shape", {2}, 7, bytes_field(9, std::string(16, '\0'))));
  // A Constant node whose value is a 2 x 3 FLOAT tensor in packed float_data.
  const std::string value = bytes_field(1, "value") + bytes_field(5, tensor("", {2, 3}, 1, bytes_field(4, floats({-1, -2, -3, 0.25f, 0.5f, 0.75f})))) +
                            int_field(20, 4);
  g += bytes_field(1, bytes_field(2, "C") + bytes_field(4, "Constant") + bytes_field(5, value));
  g += bytes_field(1, bytes_field(1, "X") + bytes_field(1, "W1") + bytes_field(2, "Y") + bytes_field(4, "MatMul"));
  const std::string path = write("m.onnx", g);

  const auto t = tensors::read_onnx(path);
  ASSERT_EQ(t.size(), 3u) << "W1, W2 and C; bias and shape skipped";
  EXPECT_EQ(t[0].name, "W1");
  EXPECT_EQ(t[0].shape, (std::vector<std::int64_t>{3, 4})) << "MatMul weight transposed to N x K";
  for (int n = 0; n < 3; ++n)
    for (int k = 0; k < 4; ++k) EXPECT_EQ(std::bit_cast<float>(t[0].fp32[static_cast<std::size_t>(n * 4 + k)]), w1[static_cast<std::size_t>(k * 3 + n)]);
  EXPECT_NE(t[0].source.find("transposed"), std::string::npos);
  EXPECT_EQ(t[1].name, "W2");
  EXPECT_EQ(t[1].dtype, "float16");
  EXPECT_EQ(t[1].fp32, (std::vector<std::uint32_t>{0x3F800000u, 0xC0000000u, 0x3F000000u, 0u}));
  EXPECT_EQ(t[2].name, "C");
  EXPECT_EQ(t[2].shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(std::bit_cast<float>(t[2].fp32[3]), 0.25f);
  // By name, a rank-1 tensor too.
  const auto b = tensors::read_onnx(path, {"bias"});
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].shape, (std::vector<std::int64_t>{3}));
}

TEST(OnnxReader, BadFilesNameTheFileAndTheReason) {
  auto error_of = [](const std::string& path, std::vector<std::string> names = {}) {
    try {
      tensors::read_onnx(path, names);
    } catch (const tensors::TensorFileError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const std::string good = write("g.onnx", bytes_field(5, tensor("W", {2, 2}, 1, bytes_field(9, floats({1, 2, 3, 4})))));
  std::ifstream in(good, std::ios::binary);
  std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string cut = ::testing::TempDir() + "/cut.onnx";
  std::ofstream(cut, std::ios::binary) << all.substr(0, all.size() - 5);
  EXPECT_NE(error_of(cut).find(cut + ": malformed ONNX (protobuf): truncated"), std::string::npos) << error_of(cut);
  const std::string short_data = write("s.onnx", bytes_field(5, tensor("W", {2, 2}, 1, bytes_field(9, floats({1, 2, 3})))));
  EXPECT_NE(error_of(short_data).find("tensor 'W': 12 bytes of data for 4 float32 elements (16 bytes)"), std::string::npos)
      << error_of(short_data);
  const std::string ext = write("e.onnx", bytes_field(5, tensor("W", {2, 2}, 1, int_field(14, 1))));
  EXPECT_NE(error_of(ext).find("external file"), std::string::npos) << error_of(ext);
  const std::string none = ::testing::TempDir() + "/none.onnx";
  std::ofstream(none, std::ios::binary) << int_field(1, 8);
  EXPECT_NE(error_of(none).find("no graph"), std::string::npos);
  EXPECT_NE(error_of(good, {"Z"}).find("no initializer or Constant named 'Z'"), std::string::npos);
}

}  // namespace
}  // namespace qmac::test
