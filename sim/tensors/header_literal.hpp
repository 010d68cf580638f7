// HeaderLiteral: the small literal language of tensor-file headers, parsed
// strictly and without recursion limits a hostile file could exhaust:
// .npy's Python dict literal ({'descr': '<f4', 'fortran_order': False,
// 'shape': (3, 4), }) and safetensors' JSON header. Objects, lists/tuples,
// strings, integers (exact; anything else numeric is kept as text and refused
// where an integer is needed), booleans and null. Nesting is limited to
// kMaxDepth; a duplicate key is an error.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace qmac::tensors {

struct HeaderLiteral {
  enum class Kind { Object, List, String, Integer, Number, Bool, Null } kind = Kind::Null;
  std::string text;        // String: the value; Number: the literal as written
  std::int64_t integer = 0;
  bool boolean = false;
  std::vector<HeaderLiteral> items;  // List
  struct Member;                     // (a std::pair of an incomplete type is not allowed)
  std::vector<Member> members;       // Object, in file order

  const HeaderLiteral* find(const std::string& key) const;
};

struct HeaderLiteral::Member {
  std::string key;
  HeaderLiteral value;
};

enum class LiteralDialect { Python, Json };
inline constexpr int kMaxHeaderDepth = 8;

// Parses the whole of `text`; on error returns nothing and sets `error` to
// "at byte N: what was expected".
std::optional<HeaderLiteral> parse_header_literal(const std::string& text, LiteralDialect dialect, std::string& error);

}  // namespace qmac::tensors
