#include "sim/lm/token_file.hpp"

#include <stdexcept>

#include "sim/io/input_file.hpp"
#include "sim/io/text_number.hpp"
#include "sim/lm/input_bytes.hpp"
#include "sim/io/report_file.hpp"
#include "sim/tensors/npy_reader.hpp"

namespace qmac::lm {

namespace {
constexpr std::uint64_t kMaxTokenFileBytes = std::uint64_t{1} << 30;

std::string text_of(const std::string& path) {
  const auto b = input_bytes(path, kMaxTokenFileBytes);
  return std::string(b.begin(), b.end());
}
}  // namespace

std::vector<int> parse_token_ids(std::string_view text, const std::string& origin) {
  std::vector<int> out;
  std::size_t line = 1, line_start = 0, i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (c == '\n') ++line, line_start = i + 1;
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != '\t' && text[j] != '\r' && text[j] != '\n') ++j;
    const std::string_view word = text.substr(i, j - i);
    std::uint64_t v = 0;
    const bool digits = word.find_first_not_of("0123456789") == std::string_view::npos;
    if (!digits || !io::parse_uint(std::string(word), v) || v > 2147483647u) {
      const std::string shown(word.substr(0, 40));
      throw std::invalid_argument(origin + ":" + std::to_string(line) + ":" + std::to_string(i - line_start + 1) +
                                  ": expected a token id (an integer 0..2147483647), not '" + shown + "'");
    }
    out.push_back(static_cast<int>(v));
    i = j;
  }
  if (out.empty()) throw std::invalid_argument(origin + ": expected token ids (whitespace-separated integers), found none");
  return out;
}

std::vector<int> read_token_ids(const std::string& path) { return parse_token_ids(text_of(path), path); }

std::vector<std::vector<int>> read_token_file(const std::string& path) {
  if (path.size() < 4 || path.compare(path.size() - 4, 4, ".npy") != 0) return {read_token_ids(path)};
  tensors::IntArray a;
  try {
    a = tensors::read_npy_ints(path);
  } catch (const tensors::TensorFileError& e) {
    throw std::invalid_argument(e.what());
  }
  if (a.shape.size() != 1 && a.shape.size() != 2)
    throw std::invalid_argument(path + ": expected token ids of shape [sequences, length] or [length], not " + std::to_string(a.shape.size()) +
                                " dimensions");
  if (a.values.empty()) throw std::invalid_argument(path + ": expected token ids, found none");
  for (std::size_t i = 0; i < a.values.size(); ++i)
    if (a.values[i] < 0 || a.values[i] > 2147483647)
      throw std::invalid_argument(path + ": element " + std::to_string(i) + ": expected a token id (0..2147483647), not " +
                                  std::to_string(a.values[i]));
  const std::size_t cols = static_cast<std::size_t>(a.shape.back()), rows = a.shape.size() == 2 ? static_cast<std::size_t>(a.shape[0]) : 1;
  std::vector<std::vector<int>> out(rows);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t c = 0; c < cols; ++c) out[r].push_back(static_cast<int>(a.values[r * cols + c]));
  return out;
}

void write_token_npy(const std::string& path, const std::vector<std::vector<int>>& rows) {
  const std::size_t cols = rows.empty() ? 0 : rows.front().size();
  std::string h = "{'descr': '<i4', 'fortran_order': False, 'shape': (" + std::to_string(rows.size()) + ", " + std::to_string(cols) + "), }";
  while ((10 + h.size() + 1) % 64) h += ' ';
  h += '\n';
  std::string b = "\x93NUMPY";
  b += '\x01';
  b += '\x00';
  b += static_cast<char>(h.size() & 0xFF);
  b += static_cast<char>(h.size() >> 8);
  b += h;
  for (const auto& r : rows) {
    if (r.size() != cols) throw std::invalid_argument("write_token_npy: rows of different lengths");
    for (int t : r)
      for (int i = 0; i < 4; ++i) b += static_cast<char>((static_cast<std::uint32_t>(t) >> (8 * i)) & 0xFF);
  }
  io::write_atomically(path, b);
}

std::vector<int> read_byte_tokens(const std::string& path) {
  const std::string t = text_of(path);
  if (t.empty()) throw std::invalid_argument(path + ": expected bytes to use as tokens, found an empty file");
  std::vector<int> out(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) out[i] = static_cast<unsigned char>(t[i]);
  return out;
}

std::vector<std::vector<int>> windows(const std::vector<int>& tokens, int sequences, int length, int context, const std::string& origin) {
  if (sequences < 0 || length < 0) throw std::invalid_argument("--sequences and --length must not be negative");
  const int total = static_cast<int>(std::min<std::size_t>(tokens.size(), 1u << 30));
  int L = length ? length : std::min(context, total);
  if (L < 2) throw std::invalid_argument("a sequence needs at least 2 tokens (the first is context only), not " + std::to_string(L));
  if (L > context)
    throw std::invalid_argument("--length " + std::to_string(L) + " is longer than the model's context (" + std::to_string(context) + ")");
  const int fit = total / L;
  const int n = sequences ? sequences : fit;
  if (n < 1 || n > fit)
    throw std::invalid_argument(origin + ": " + std::to_string(total) + " tokens hold " + std::to_string(fit) + " windows of " +
                                std::to_string(L) + ", not " + std::to_string(n));
  std::vector<std::vector<int>> out(static_cast<std::size_t>(n));
  for (int s = 0; s < n; ++s)
    out[static_cast<std::size_t>(s)].assign(tokens.begin() + static_cast<std::ptrdiff_t>(s) * L, tokens.begin() + static_cast<std::ptrdiff_t>(s + 1) * L);
  return out;
}

std::vector<std::vector<int>> sequences_of(const std::vector<std::vector<int>>& rows, int sequences, int length, int context,
                                           const std::string& origin) {
  if (rows.size() == 1) return windows(rows.front(), sequences, length, context, origin);
  if (sequences < 0 || length < 0) throw std::invalid_argument("--sequences and --length must not be negative");
  const std::size_t n = sequences ? static_cast<std::size_t>(sequences) : rows.size();
  if (n > rows.size())
    throw std::invalid_argument(origin + ": " + std::to_string(rows.size()) + " sequences, not " + std::to_string(n));
  std::vector<std::vector<int>> out;
  for (std::size_t s = 0; s < n; ++s) {
    const int have = static_cast<int>(rows[s].size());
    const int L = length ? length : have;
    if (L > have) throw std::invalid_argument(origin + ": sequence " + std::to_string(s) + " has " + std::to_string(have) + " tokens, not " + std::to_string(L));
    if (L < 2) throw std::invalid_argument("a sequence needs at least 2 tokens (the first is context only), not " + std::to_string(L));
    if (L > context)
      throw std::invalid_argument(origin + ": sequences of " + std::to_string(L) + " tokens are longer than the model's context (" +
                                  std::to_string(context) + "); --length cuts them");
    out.emplace_back(rows[s].begin(), rows[s].begin() + L);
  }
  return out;
}

}  // namespace qmac::lm
