// report.html as a reader sees it: headless Chromium (Debian's `chromium`,
// installed by make deps) opens it, and the test checks the rendered DOM has
// the charts with a bar per drawn value, and the screenshot shows them (the
// palette's colours are on screen, the page is not blank). The SVG writer's
// geometry is checked on its own against the values it was given.
#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "sim/report/svg_chart.hpp"
#include "tests/sim/shell.hpp"

namespace fs = std::filesystem;

namespace {

using qmac::test::shell;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::uint32_t be32(const std::string& s, std::size_t at) {
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint8_t(s[at + 3]);
}

// A decoded 8-bit RGB(A) PNG, enough for Chromium's screenshots.
struct Image {
  std::uint32_t w = 0, h = 0, channels = 0;
  std::vector<std::uint8_t> px;  // rows of w * channels bytes
};

Image decode_png(const std::string& f) {
  Image im;
  if (f.size() < 8 || f.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return im;
  std::string idat;
  int colour_type = -1;
  for (std::size_t at = 8; at + 8 <= f.size();) {
    const std::uint32_t len = be32(f, at);
    const std::string type = f.substr(at + 4, 4);
    if (type == "IHDR") {
      im.w = be32(f, at + 8);
      im.h = be32(f, at + 12);
      if (f[at + 16] != 8 || f[at + 20] != 0) return {};  // 8 bits per channel, not interlaced
      colour_type = std::uint8_t(f[at + 17]);
    } else if (type == "IDAT") {
      idat += f.substr(at + 8, len);
    }
    at += 12 + len;
  }
  im.channels = colour_type == 6 ? 4 : colour_type == 2 ? 3 : 0;
  if (im.channels == 0) return {};
  const std::size_t stride = std::size_t(im.w) * im.channels;
  std::vector<std::uint8_t> raw((stride + 1) * im.h);
  uLongf n = raw.size();
  if (uncompress(raw.data(), &n, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK || n != raw.size()) return {};
  im.px.assign(stride * im.h, 0);
  for (std::uint32_t y = 0; y < im.h; ++y) {
    const std::uint8_t filter = raw[y * (stride + 1)];
    const std::uint8_t* in = &raw[y * (stride + 1) + 1];
    std::uint8_t* out = &im.px[y * stride];
    const std::uint8_t* up = y ? &im.px[(y - 1) * stride] : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= im.channels ? out[i - im.channels] : 0, b = up ? up[i] : 0,
                c = (up && i >= im.channels) ? up[i - im.channels] : 0;
      int pred = 0;
      switch (filter) {
        case 0: pred = 0; break;
        case 1: pred = a; break;
        case 2: pred = b; break;
        case 3: pred = (a + b) / 2; break;
        case 4: {
          const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
          pred = (pa <= pb && pa <= pc) ? a : pb <= pc ? b : c;
          break;
        }
        default: return {};
      }
      out[i] = static_cast<std::uint8_t>(in[i] + pred);
    }
  }
  return im;
}

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlReport, ChromiumRendersTheCharts) {
  const fs::path d = fs::temp_directory_path() / ("qmac_html_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  int st = 0;
  ASSERT_EQ(shell("command -v chromium", &st).empty(), false) << "chromium is not installed (make deps installs it)";
  std::ofstream(d / "w.yaml") << "tokens: 4\ngemms:\n  - {name: proj, m: 4, k: 64, n: 32, repeat: 2}\n"
                                 "  - {name: attn_scores, m: 4, k: 32, n: 4}\n  - {name: head, m: 4, k: 64, n: 48}\n";
  const std::string run = shell(std::string(QMAC_BINARY) + " run " + QMAC_SOURCE_DIR "/configs/arch/default.yaml " + (d / "w.yaml").string() +
                                    " --out " + (d / "o").string(),
                                &st);
  ASSERT_EQ(st, 0) << run;
  EXPECT_NE(run.find("report.html"), std::string::npos) << run;
  EXPECT_FALSE(fs::exists(d / "o" / "COMPUTE_REPORT.csv")) << "SCALE-Sim's reports only for SCALE-Sim topologies";
  const std::string url = "file://" + (d / "o" / "report.html").string();
  const std::string chrome = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars ";
  const std::string dom = shell(chrome + "--dump-dom " + url + " 2>/dev/null", &st);
  ASSERT_EQ(st, 0) << dom;
  // Four charts: energy per layer, energy by component, cycles per layer, area.
  EXPECT_EQ(count(dom, "<svg"), 4u) << dom.substr(0, 2000);
  for (const char* title : {"Energy per layer", "Energy by component", "Cycles per layer", "Area by component"})
    EXPECT_NE(dom.find(title), std::string::npos) << title;
  EXPECT_GE(count(dom, "class=\"bar\""), 3u * 2 + 3) << "every layer has energy and compute bars";
  for (const char* layer : {"proj", "attn_scores", "head"}) EXPECT_NE(dom.find(layer), std::string::npos) << layer;
  EXPECT_NE(dom.find("qmac " QMAC_VERSION), std::string::npos) << "the page names the qmac that produced it";

  const fs::path png = d / "shot.png";
  shell(chrome + "--window-size=1200,2400 --screenshot=" + png.string() + " " + url + " 2>/dev/null", &st);
  ASSERT_EQ(st, 0);
  const Image im = decode_png(slurp(png));
  ASSERT_EQ(im.w, 1200u);
  ASSERT_EQ(im.h, 2400u);
  // The palette's first two colours (a bar of each series 0 and 1) are on screen, and the page is not blank.
  std::size_t blue = 0, orange = 0, ink = 0;
  for (std::size_t i = 0; i + 2 < im.px.size(); i += im.channels) {
    const int r = im.px[i], g = im.px[i + 1], b = im.px[i + 2];
    blue += r == 0x4e && g == 0x79 && b == 0xa7;
    orange += r == 0xf2 && g == 0x8e && b == 0x2b;
    ink += r + g + b < 3 * 200;
  }
  EXPECT_GT(blue, 500u);
  EXPECT_GT(orange, 100u);
  EXPECT_GT(ink, 10000u);
  fs::remove_all(d);
}

// The SVG writer alone: bar widths proportional to the values they draw, on one axis.
TEST(SvgChart, SegmentWidthsAreProportionalToTheirValues) {
  namespace svg = qmac::report::svg;
  const svg::StackedBars c{"t", "cycles", {"a", "b"}, {"x", "y"}, {{300, 100}, {50, 0}}, {}};
  const std::string s = svg::stacked_bars(c);
  std::vector<double> w;
  const std::regex rect("<rect class=\"bar\" x=\"[0-9.]+\" y=\"[0-9]+\" width=\"([0-9.]+)\"");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), rect); it != std::sregex_iterator(); ++it) w.push_back(std::stod((*it)[1]));
  ASSERT_EQ(w.size(), 3u) << s;  // a zero draws nothing
  EXPECT_NEAR(w[0] / w[1], 3.0, 1e-3);
  EXPECT_NEAR(w[0] / w[2], 6.0, 1e-3);
  EXPECT_NE(s.find("400 cycles"), std::string::npos) << "each bar's total is printed";
  EXPECT_EQ(svg::escape("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
  EXPECT_EQ(svg::si(1.5e6, "cycles"), "1.5 Mcycles");
  EXPECT_EQ(svg::si(2.5e9, "J"), "2.5 mJ");
}

// A plot with nothing to place (every pair uncosted: no finite point), or one
// point, still draws its axes: the tick loops once ran forever on such a range
// and filled the memory (explore --arch with only W:A pairs it cannot cost).
TEST(SvgChart, ScatterWithoutFinitePointsOrWithOneDrawsItsAxes) {
  namespace svg = qmac::report::svg;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (bool log_x : {true, false}) {
    const std::string none = svg::scatter({"t", "energy", "SQNR", log_x, {"a", "b"}, {nan, nan}, {nan, 3.0}, {false, false}});
    EXPECT_NE(none.find("<svg"), std::string::npos);
    EXPECT_NE(none.find("</svg>"), std::string::npos);
    EXPECT_LT(none.size(), 20000u) << "a handful of ticks, not an unbounded list";
    const std::string one = svg::scatter({"t", "energy", "SQNR", log_x, {"a"}, {5.0}, {3.0}, {true}});
    EXPECT_NE(one.find(">a<"), std::string::npos) << one;
  }
}

}  // namespace

namespace {

// explore's report.html: the two Pareto plots render in Chromium, every
// costed format is a labelled point, no two labels overlap, and the cost
// columns are the figures `qmac run --mac KIND` reports for the same files.
TEST(ExploreHtml, ParetoPlotsRenderAndCostsEqualRunsReports) {
  const fs::path d = fs::temp_directory_path() / ("qmac_exhtml_" + std::to_string(::getpid()));
  fs::remove_all(d);
  fs::create_directories(d);
  std::ofstream(d / "a.yaml") << "array: {rows: 8, cols: 8, dataflow: ws}\nmac: {format: int8}\n";
  std::ofstream(d / "w.yaml") << "gemms:\n  - {name: proj, m: 16, k: 256, n: 64}\n";
  int st = 0;
  const std::string formats = "mxfp4,dialectfp4,int8,e4m3,mxfp8_e4m3,posit8,nf4:bf16";
  const std::string out = shell(std::string(QMAC_BINARY) + " explore --arch " + (d / "a.yaml").string() + " --workload " +
                                    (d / "w.yaml").string() + " --formats " + formats +
                                    " --weights gaussian:64x256:sigma=0.02 --activations outliers:16x256 --out " + (d / "x").string(),
                                &st);
  ASSERT_EQ(st, 0) << out;
  EXPECT_NE(out.find("Accuracy and cost on"), std::string::npos) << out;

  // Cost columns = qmac run's report for the same architecture, workload and MAC kind.
  const std::string json = slurp(d / "x" / "report.json");
  for (const char* kind : {"mxfp4", "int8", "posit8"}) {
    const std::string run = shell(std::string(QMAC_BINARY) + " run " + (d / "a.yaml").string() + " " + (d / "w.yaml").string() +
                                      " --mac " + kind + " --out " + (d / kind).string(),
                                  &st);
    ASSERT_EQ(st, 0) << run;
    const std::string rj = slurp(d / kind / "report.json");
    const auto field = [](const std::string& s, std::size_t from, const std::string& key) {
      const auto at = s.find("\"" + key + "\": ", from);
      return at == std::string::npos ? std::string() : s.substr(at + key.size() + 4, s.find_first_of(",}", at + key.size() + 4) - at - key.size() - 4);
    };
    const std::size_t row = json.find("{\"format\": \"" + std::string(kind) + "\", \"weight_bits\"");
    ASSERT_NE(row, std::string::npos) << kind;
    const std::size_t total = rj.find("\"total\": {\n");
    ASSERT_NE(total, std::string::npos);
    EXPECT_EQ(field(json, row, "cycles"), field(rj, total, "total_cycles")) << kind;
    EXPECT_NEAR(std::stod(field(json, row, "energy_pj")), std::stod(field(rj, rj.find("\"energy_pj\": {", total), "total")),
                1e-9 * std::stod(field(json, row, "energy_pj")))
        << kind;
    // Both printed to 10 significant digits or more: equal to that precision.
    EXPECT_NEAR(std::stod(field(json, row, "area_um2")), std::stod(field(rj, rj.find("\"area_um2\": {"), "total")),
                1e-9 * std::stod(field(json, row, "area_um2")))
        << kind;
  }
  // joint.csv: a row per pair, the uncosted one saying why.
  const std::string jcsv = slurp(d / "x" / "joint.csv");
  EXPECT_EQ(count(jcsv, "\n"), 1u + 7u) << jcsv;
  EXPECT_NE(jcsv.find("nf4:bf16,"), std::string::npos);
  EXPECT_NE(jcsv.find("need a mixed MAC unit"), std::string::npos);
  EXPECT_NE(json.find("\"format\": \"nf4:bf16\""), std::string::npos);
  EXPECT_NE(json.find("\"missing\": \"weights in nf4 and activations in bf16"), std::string::npos);

  // Rendered: two scatter plots with a point per costed format (6) and the frontier.
  const std::string url = "file://" + (d / "x" / "report.html").string();
  const std::string chrome = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars ";
  const std::string dom = shell(chrome + "--dump-dom " + url + " 2>/dev/null", &st);
  ASSERT_EQ(st, 0);
  EXPECT_EQ(count(dom, "class=\"chart scatter\""), 2u);
  EXPECT_EQ(count(dom, "class=\"point\""), 2u * 6u) << "nf4:bf16 has no hardware model: listed, not plotted";
  EXPECT_EQ(count(dom, "class=\"frontier\""), 2u);
  for (const char* f : {"mxfp4", "dialectfp4", "int8", "e4m3", "mxfp8_e4m3", "posit8"})
    EXPECT_GE(count(dom, std::string(">") + f), 2u) << f << " labelled in both plots";
  EXPECT_NE(dom.find("synthetic tensors (seed 1)"), std::string::npos) << "titles say where the tensors came from";
  // No two labels of a plot overlap (12 px sans-serif: at most 7 px a character, 13 px high).
  const std::string html = slurp(d / "x" / "report.html");
  const std::regex label("<text class=\"label\" x=\"([-0-9.]+)\" y=\"([-0-9.]+)\">([^<]*)</text>");
  std::size_t plot_start = 0;
  for (int plot = 0; plot < 2; ++plot) {
    plot_start = html.find("class=\"chart scatter\"", plot_start + 1);
    const std::size_t plot_end = html.find("</svg>", plot_start);
    const std::string svg = html.substr(plot_start, plot_end - plot_start);
    std::vector<std::array<double, 4>> boxes;
    for (auto it = std::sregex_iterator(svg.begin(), svg.end(), label); it != std::sregex_iterator(); ++it) {
      const double x = std::stod((*it)[1]), y = std::stod((*it)[2]), w = 7.0 * (*it)[3].length();
      boxes.push_back({x, y - 11, x + w, y + 2});
    }
    EXPECT_EQ(boxes.size(), 6u);
    for (std::size_t i = 0; i < boxes.size(); ++i)
      for (std::size_t j = i + 1; j < boxes.size(); ++j)
        EXPECT_FALSE(boxes[i][0] < boxes[j][2] && boxes[j][0] < boxes[i][2] && boxes[i][1] < boxes[j][3] && boxes[j][1] < boxes[i][3])
            << "plot " << plot << ": labels " << i << " and " << j << " overlap";
  }
  const fs::path png = d / "shot.png";
  shell(chrome + "--window-size=1100,1600 --screenshot=" + png.string() + " " + url + " 2>/dev/null", &st);
  const Image im = decode_png(slurp(png));
  ASSERT_EQ(im.w, 1100u);
  std::size_t red = 0;
  for (std::size_t i = 0; i + 2 < im.px.size(); i += im.channels)
    red += im.px[i] == 0xe1 && im.px[i + 1] == 0x57 && im.px[i + 2] == 0x59;
  EXPECT_GT(red, 200u) << "the points and the frontier are drawn";
  fs::remove_all(d);
}

}  // namespace

namespace qmac {
namespace {

// qmac eval's report.html in Chromium: the scores table with a row per
// format, the KL and perplexity charts, the per-layer table, the version; and
// report.json's format rows carry the names the issue gives (kld, ...).
TEST(EvalHtml, ChromiumRendersTheScoresAndCharts) {
  const fs::path d = fs::temp_directory_path() / ("qmac_eval_html_" + std::to_string(::getpid()));
  fs::remove_all(d);
  int st = 0;
  fs::create_directories(d);
  std::ofstream(d / "a.yaml") << "array: {rows: 8, cols: 8, dataflow: ws}\nmac: {format: int8}\n";
  const std::string run = shell(std::string(QMAC_BINARY) + " eval --model " QMAC_SHARED_DIR "/models/stories260K.bin --sample 2 --length 24 "
                                "--formats e4m3,mxfp4:e4m3 --per-layer --arch " + (d / "a.yaml").string() + " --out " + d.string(), &st);
  ASSERT_EQ(st, 0) << run;
  const std::string json = slurp(d / "report.json");
  // --arch: e4m3's cost is qmac run's total for the model's workload (written beside the report) with --mac e4m3.
  const std::string r = shell(std::string(QMAC_BINARY) + " run " + (d / "a.yaml").string() + " " + (d / "workload.yaml").string() +
                                  " --mac e4m3 --out " + (d / "run").string(), &st);
  ASSERT_EQ(st, 0) << r;
  const std::string rj = slurp(d / "run" / "report.json");
  const auto field = [](const std::string& s, std::size_t from, const std::string& key) {
    const auto at = s.find("\"" + key + "\": ", from);
    return at == std::string::npos ? std::string() : s.substr(at + key.size() + 4, s.find_first_of(",}", at + key.size() + 4) - at - key.size() - 4);
  };
  const std::size_t row = json.find("\"cost\": {\"mac\": \"e4m3\"");
  ASSERT_NE(row, std::string::npos) << json;
  const double e = std::stod(field(json, row, "energy_pj"));
  EXPECT_NEAR(e, std::stod(field(rj, rj.find("\"energy_pj\": {", rj.find("\"total\": {\n")), "total")), 1e-9 * e);
  EXPECT_NEAR(std::stod(field(json, row, "energy_pj_per_token")), e / 24, 1e-9 * e);
  EXPECT_NE(json.find("need a mixed MAC unit"), std::string::npos) << "mxfp4:e4m3 is not costed, and says why";
  for (const char* key : {"\"format\": \"e4m3\"", "\"format\": \"mxfp4:e4m3\"", "\"nll\": ", "\"perplexity\": ", "\"kld\": ",
                          "\"top1_agreement\": ", "\"per_layer\": [{\"layer\": 0", "\"qmac_version\": \"" QMAC_VERSION "\"", "\"sha1\": \""})
    EXPECT_NE(json.find(key), std::string::npos) << key;
  const std::string dom = shell("chromium --headless --no-sandbox --disable-gpu --dump-dom file://" + (d / "report.html").string() + " 2>/dev/null", &st);
  ASSERT_EQ(st, 0) << dom;
  EXPECT_EQ(count(dom, "<svg"), 3u) << "KL against energy, KL, perplexity";
  for (const char* text : {"KL(FP32 ‖ format)", "Perplexity", "mxfp4:e4m3", "layer 4", "qmac " QMAC_VERSION, "Quality against energy"})
    EXPECT_NE(dom.find(text), std::string::npos) << text;
  EXPECT_EQ(count(dom, "<tr>"), 1u + 3u + 1u + 2u + 1u + 2u)
      << "scores: header, fp32 and two formats; costs: header and two formats; per layer: header and two formats";
  fs::remove_all(d);
}

}  // namespace
}  // namespace qmac
