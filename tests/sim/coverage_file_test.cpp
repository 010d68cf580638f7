// Verilator's coverage file as qmac verify --coverage reads and writes it:
// points of several models add up by key, a written table reads back the
// same, and a malformed file is refused with its name and line.
#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "sim/io/coverage_file.hpp"

namespace qmac::io {
namespace {

const std::string kLine = "\x01" "f\x02" "a.sv\x01" "l\x02" "3\x01" "page\x02" "v_line/m\x01" "o\x02" "block\x01" "h\x02" "TOP.m";
const std::string kUser = "\x01" "f\x02" "a.sv\x01" "l\x02" "9\x01" "page\x02" "v_user/m\x01" "o\x02" "c_tie\x01" "h\x02" "TOP.m";

TEST(CoverageFile, PointsOfTwoModelsAddUpByKey) {
  CoverageCounts c;
  add_coverage_text("# SystemC::Coverage-3\nC '" + kLine + "' 5\nC '" + kUser + "' 0\n", "one", c);
  add_coverage_text("# SystemC::Coverage-3\nC '" + kLine + "' 7\n", "two", c);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[kLine], 12u);
  EXPECT_EQ(c[kUser], 0u);
  EXPECT_EQ(coverage_field(kUser, "page"), "v_user/m");
  EXPECT_EQ(coverage_field(kUser, "o"), "c_tie");
  EXPECT_EQ(coverage_field(kUser, "h"), "TOP.m");  // the last field runs to the end of the key
  EXPECT_EQ(coverage_field(kUser, "x"), "");
}

TEST(CoverageFile, WrittenTableReadsBackTheSame) {
  const CoverageCounts c = {{kLine, 3}, {kUser, 18446744073709551615ull}};
  const std::string path = (std::filesystem::temp_directory_path() / "qmac_coverage_file_test.dat").string();
  write_coverage_file(path, c);
  CoverageCounts back;
  add_coverage_file(path, back);
  EXPECT_EQ(back, c);
  std::filesystem::remove(path);
}

TEST(CoverageFile, MalformedFileIsRefusedWithItsNameAndLine) {
  CoverageCounts c;
  auto error_of = [&](const std::string& text) {
    try {
      add_coverage_text(text, "w.dat", c);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error_of(""), "w.dat: expected a Verilator coverage file, found an empty file");
  EXPECT_NE(error_of("C 'x' 1\n").find("w.dat:1: expected the header"), std::string::npos);
  EXPECT_NE(error_of("# SystemC::Coverage-3\nC '" + kLine + "' x1\n").find("w.dat:2: expected a count"), std::string::npos);
  EXPECT_NE(error_of("# SystemC::Coverage-3\nC '" + kLine + "'\n").find("w.dat:2: expected a space and a count"), std::string::npos);
  EXPECT_NE(error_of("# SystemC::Coverage-3\n\nD '" + kLine + "' 1\n").find("w.dat:3: expected C '<key>' <count>"), std::string::npos);
  EXPECT_NE(error_of("# SystemC::Coverage-3\nC 'plain' 1\n").find("w.dat:2: expected a key of"), std::string::npos);
  EXPECT_THROW(add_coverage_file("/nonexistent/qmac.dat", c), std::runtime_error);
}

}  // namespace
}  // namespace qmac::io
