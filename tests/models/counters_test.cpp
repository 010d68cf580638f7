// The one list of counters: it names every member once, and the sums, the
// repeat scaling and both report formats follow it.
#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "models/counters.hpp"
#include "sim/report/run_report.hpp"

namespace qmac {
namespace {

TEST(Counters, TheListNamesEveryMemberOnce) {
  models::Counters c;
  std::set<const std::uint64_t*> seen;
  std::set<std::string> names;
  for (const auto& f : models::counter_fields()) {
    EXPECT_TRUE(seen.insert(&f.of(c)).second) << f.flat_name() << " points at a member another row has";
    EXPECT_TRUE(names.insert(f.flat_name()).second) << f.flat_name() << " twice";
  }
  EXPECT_EQ(seen.size() * sizeof(std::uint64_t), sizeof(models::Counters)) << "a member without a row";
}

TEST(Counters, SumAndScaleEveryCounter) {
  models::Counters a, b;
  std::uint64_t v = 1;
  for (const auto& f : models::counter_fields()) {
    f.of(a) = v;
    f.of(b) = 1000 * v;
    ++v;
  }
  models::Counters s = a;
  s += b;
  const models::Counters t = a.scaled(7);
  v = 1;
  for (const auto& f : models::counter_fields()) {
    EXPECT_EQ(f.of(s), 1001 * v) << f.flat_name();
    EXPECT_EQ(f.of(t), 7 * v) << f.flat_name();
    ++v;
  }
  EXPECT_FALSE(a == b);
}

// Every counter reaches report.json (a memory's inside its object) and report.csv.
TEST(Counters, BothReportsCarryEveryCounter) {
  report::RunReport r;
  r.arch.mac = golden::resolve_mac_kind({"int8", "int8", golden::AccumulatorKind::Int, 32, 32, {}});
  r.arch.clock_mhz = 1000;
  report::LayerReport l;
  l.layer = {"l", 2, 3, 4, 1, 0};
  std::uint64_t v = 11;
  for (const auto& f : models::counter_fields()) f.of(l.counters) = v++;
  r.layers.push_back(l);
  std::ostringstream json, csv;
  report::write_json(r, json);
  report::write_csv(r, csv);
  v = 11;
  for (const auto& f : models::counter_fields()) {
    const std::string want = "\"" + std::string(f.name) + "\": " + std::to_string(v);
    EXPECT_NE(json.str().find(want), std::string::npos) << want;
    ++v;
  }
  std::string header;
  std::getline(std::istringstream(csv.str()) >> std::ws, header);
  for (const auto& f : models::counter_fields()) EXPECT_NE(header.find("," + f.flat_name() + ","), std::string::npos) << f.flat_name();
}

}  // namespace
}  // namespace qmac
