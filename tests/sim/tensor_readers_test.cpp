// .npy and .safetensors readers on fixtures written here, and every error the
// issue names: unsupported dtype, truncated file, bad header, a header that
// claims more data than the file holds.
#include <filesystem>

#include <gtest/gtest.h>

#include <bit>
#include <cstring>
#include <fstream>

#include "sim/tensors/npy_reader.hpp"
#include "sim/tensors/safetensors_reader.hpp"

namespace qmac::test {
namespace {

using tensors::TensorFileError;

std::string tmp(const std::string& name) { return ::testing::TempDir() + "/" + name; }

void write(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

std::string npy(const std::string& descr, bool fortran, const std::string& shape, const std::string& data, int version = 1) {
  std::string header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': (" + shape + "), }";
  const std::size_t pre = version == 1 ? 10 : 12;
  while ((pre + header.size() + 1) % 64) header += ' ';
  header += '\n';
  std::string out = "\x93NUMPY";
  out += static_cast<char>(version);
  out += '\0';
  const std::size_t n = header.size();
  out += static_cast<char>(n & 0xFF);
  out += static_cast<char>((n >> 8) & 0xFF);
  if (version != 1) out += std::string(2, '\0');
  return out + header + data;
}

template <class T>
std::string le(std::initializer_list<T> v) {
  std::string s;
  for (T x : v) s.append(reinterpret_cast<const char*>(&x), sizeof x);
  return s;
}

TEST(NpyReader, Float32COrder) {
  write(tmp("a.npy"), npy("<f4", false, "2, 3", le<float>({1, 2, 3, 4, 5, 6})));
  const auto t = tensors::read_npy(tmp("a.npy"));
  ASSERT_EQ(t.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(t.fp32[4], std::bit_cast<std::uint32_t>(5.0f));
  EXPECT_EQ(t.rows(), 2);
  EXPECT_EQ(t.cols(), 3);
}

TEST(NpyReader, FortranOrderIsTransposedToC) {
  // Column-major 2x3 [[1,2,3],[4,5,6]] is stored 1,4,2,5,3,6.
  write(tmp("f.npy"), npy("<f4", true, "2, 3", le<float>({1, 4, 2, 5, 3, 6}), 2));
  const auto t = tensors::read_npy(tmp("f.npy"));
  for (int i = 0; i < 6; ++i) EXPECT_EQ(t.fp32[static_cast<std::size_t>(i)], std::bit_cast<std::uint32_t>(static_cast<float>(i + 1)));
}

TEST(NpyReader, Float16Float64AndBigEndian) {
  write(tmp("h.npy"), npy("<f2", false, "2,", le<std::uint16_t>({0x3C00, 0xC000})));  // 1, -2
  auto t = tensors::read_npy(tmp("h.npy"));
  EXPECT_EQ(t.fp32, (std::vector<std::uint32_t>{0x3F800000u, 0xC0000000u}));
  EXPECT_EQ(t.dtype, "float16");
  write(tmp("d.npy"), npy("<f8", false, "1,", le<double>({1.0 + 0x1p-30})));  // rounds to 1.0f
  EXPECT_EQ(tensors::read_npy(tmp("d.npy")).fp32[0], 0x3F800000u);
  write(tmp("b.npy"), npy(">f4", false, "1,", std::string("\x3f\x80\x00\x00", 4)));
  EXPECT_EQ(tensors::read_npy(tmp("b.npy")).fp32[0], 0x3F800000u);
}

void expect_error(const std::function<void()>& f, const std::string& needle) {
  try {
    f();
    ADD_FAILURE() << "expected an error containing '" << needle << "'";
  } catch (const TensorFileError& e) {
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

TEST(NpyReader, Errors) {
  write(tmp("bad.npy"), "not a numpy file at all");
  expect_error([] { tensors::read_npy(tmp("bad.npy")); }, "bad.npy: not a .npy file");
  write(tmp("int.npy"), npy("<i4", false, "1,", le<int>({1})));
  expect_error([] { tensors::read_npy(tmp("int.npy")); }, "unsupported dtype '<i4'");
  write(tmp("short.npy"), npy("<f4", false, "4,", le<float>({1, 2})));
  expect_error([] { tensors::read_npy(tmp("short.npy")); }, "truncated data");
  std::string cut = npy("<f4", false, "1,", le<float>({1}));
  write(tmp("cut.npy"), cut.substr(0, 20));
  expect_error([] { tensors::read_npy(tmp("cut.npy")); }, "truncated header");
  write(tmp("nodescr.npy"), npy("<f4", false, "1,", le<float>({1})).replace(11, 5, "xxxxx"));
  expect_error([] { tensors::read_npy(tmp("nodescr.npy")); }, "bad header");
  expect_error([] { tensors::read_npy(tmp("missing.npy")); }, "missing.npy: no such file");
}

// Headers that lie: each was a crash, a hang or a silent misread once (issue 10).
TEST(NpyReader, HostileHeadersAreRefusedWithTheReason) {
  auto refuse = [](const std::string& name, const std::string& file, const std::string& needle) {
    write(tmp(name), file);
    expect_error([&] { tensors::read_npy(tmp(name)); }, needle);
  };
  refuse("neg.npy", npy("<f4", false, "-1, 4", le<float>({1})), "negative dimension -1");
  refuse("float.npy", npy("<f4", false, "1.5,", le<float>({1})), "shape dimension '1.5' is not a non-negative integer");
  refuse("wrap.npy", npy("<f4", false, "4294967296, 4294967296", ""), "more than 1073741824 elements");
  refuse("huge.npy", npy("<f4", false, "99999999999999999999,", ""), "is not a non-negative integer");
  refuse("past.npy", npy("<f4", false, "1,", le<float>({1, 2})), "data past the shape");
  // A 30 KB header (a regex once overflowed the stack on it) parses or fails cleanly.
  refuse("long.npy", npy("<f4", false, "1," + std::string(30000, ' ') + "x", le<float>({1})), "bad header");
  refuse("dup.npy", npy("<f4', 'descr': '<f4", false, "1,", le<float>({1})), "duplicate key 'descr'");
  // A directory is not a file.
  std::filesystem::create_directories(tmp("dir.npy"));
  expect_error([] { tensors::read_npy(tmp("dir.npy")); }, "is a directory");
}

std::string safetensors(const std::string& json, const std::string& data) {
  std::string out;
  const std::uint64_t n = json.size();
  out.append(reinterpret_cast<const char*>(&n), 8);
  return out + json + data;
}

TEST(SafetensorsReader, F16Bf16F32AndSelection) {
  const std::string data = le<std::uint16_t>({0x3C00, 0x4000}) + le<std::uint16_t>({0x3F80}) + le<float>({3.0f, -1.0f});
  const std::string json =
      R"({"__metadata__":{"format":"pt"},"h":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},)"
      R"("b":{"dtype":"BF16","shape":[1,1],"data_offsets":[4,6]},"f":{"dtype":"F32","shape":[2],"data_offsets":[6,14]}})";
  write(tmp("m.safetensors"), safetensors(json, data));
  const auto all = tensors::read_safetensors(tmp("m.safetensors"));
  ASSERT_EQ(all.size(), 3u);
  const auto f = tensors::read_safetensors(tmp("m.safetensors"), {"f", "b"});
  ASSERT_EQ(f.size(), 2u);
  for (const auto& t : f) {
    if (t.name == "f") EXPECT_EQ(t.fp32, (std::vector<std::uint32_t>{0x40400000u, 0xBF800000u}));
    if (t.name == "b") EXPECT_EQ(t.fp32, (std::vector<std::uint32_t>{0x3F800000u}));
  }
  for (const auto& t : all)
    if (t.name == "h") EXPECT_EQ(t.fp32, (std::vector<std::uint32_t>{0x3F800000u, 0x40000000u}));
  expect_error([] { tensors::read_safetensors(tmp("m.safetensors"), {"nope"}); }, "no tensor named 'nope'");
}

TEST(SafetensorsReader, Errors) {
  write(tmp("f64.safetensors"), safetensors(R"({"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})", le<double>({1.0})));
  expect_error([] { tensors::read_safetensors(tmp("f64.safetensors")); }, "unsupported dtype 'F64'");
  write(tmp("trunc.safetensors"), safetensors(R"({"x":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", le<float>({1, 2})));
  expect_error([] { tensors::read_safetensors(tmp("trunc.safetensors")); }, "outside the 8 data bytes");
  write(tmp("shape.safetensors"), safetensors(R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", le<float>({1, 2})));
  expect_error([] { tensors::read_safetensors(tmp("shape.safetensors")); }, "shape needs 12 bytes");
  write(tmp("json.safetensors"), safetensors(R"({"x": {"dtype": )", ""));
  expect_error([] { tensors::read_safetensors(tmp("json.safetensors")); }, "bad JSON header");
  std::string claim = safetensors("{}", "");
  claim[0] = 100;
  write(tmp("claim.safetensors"), claim);
  expect_error([] { tensors::read_safetensors(tmp("claim.safetensors")); }, "truncated header: it claims 100 bytes");
  write(tmp("tiny.safetensors"), "abc");
  expect_error([] { tensors::read_safetensors(tmp("tiny.safetensors")); }, "truncated");
}

TEST(SafetensorsReader, HostileHeadersAreRefusedWithTheReason) {
  auto refuse = [](const std::string& name, const std::string& json, const std::string& data, const std::string& needle) {
    write(tmp(name), safetensors(json, data));
    expect_error([&] { tensors::read_safetensors(tmp(name)); }, needle);
  };
  const std::string two = le<float>({1, 2});
  refuse("neg.safetensors", R"({"x":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", two, "negative dimension -2");
  refuse("flt.safetensors", R"({"x":{"dtype":"F32","shape":[2.0],"data_offsets":[0,8]}})", two, "shape dimension '2.0' is not an integer");
  refuse("wrap.safetensors", R"({"x":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}})", "",
         "more than 1073741824 elements");
  refuse("past.safetensors", R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}})", two, "4 data bytes past the last tensor");
  refuse("dup.safetensors", R"({"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
         two, "duplicate key 'x'");
  refuse("over.safetensors", R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})",
         two, "overlap");
  refuse("array.safetensors", R"([1, 2])", "", "expected a JSON object of tensors");
  refuse("negoff.safetensors", R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[-8,0]}})", two, "non-negative integers");
  // Deep nesting once overflowed the stack of a recursive JSON parser.
  refuse("deep.safetensors", std::string(100000, '[') + std::string(100000, ']'), "", "nested deeper than");
}

}  // namespace
}  // namespace qmac::test
