#include "sim/tensors/header_literal.hpp"

#include <cctype>
#include <charconv>
#include <set>

namespace qmac::tensors {

const HeaderLiteral* HeaderLiteral::find(const std::string& key) const {
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

namespace {

class Parser {
 public:
  Parser(const std::string& s, LiteralDialect d) : s_(s), d_(d) {}

  std::optional<HeaderLiteral> all(std::string& error) {
    HeaderLiteral v;
    if (!value(v, 0)) {
      error = "at byte " + std::to_string(pos_) + ": " + error_;
      return std::nullopt;
    }
    skip();
    if (pos_ != s_.size()) {
      error = "at byte " + std::to_string(pos_) + ": unexpected text after the header's value";
      return std::nullopt;
    }
    return v;
  }

 private:
  bool fail(std::string what) {
    error_ = std::move(what);
    return false;
  }
  void skip() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool eat(char c) {
    skip();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool word(const char* w) {
    const std::string ww(w);
    if (s_.compare(pos_, ww.size(), ww) != 0) return false;
    pos_ += ww.size();
    return true;
  }

  bool value(HeaderLiteral& v, int depth) {
    if (depth > kMaxHeaderDepth) return fail("nested deeper than " + std::to_string(kMaxHeaderDepth) + " levels");
    skip();
    if (pos_ >= s_.size()) return fail("unexpected end of the header");
    const char c = s_[pos_];
    if (c == '{') return object(v, depth);
    if (c == '[' || (c == '(' && d_ == LiteralDialect::Python)) return list(v, depth, c == '[' ? ']' : ')');
    if (c == '"' || (c == '\'' && d_ == LiteralDialect::Python)) {
      v.kind = HeaderLiteral::Kind::String;
      return string(v.text);
    }
    if (c == '-' || c == '+' || std::isdigit(static_cast<unsigned char>(c))) return number(v);
    const bool py = d_ == LiteralDialect::Python;
    if (word(py ? "True" : "true")) { v.kind = HeaderLiteral::Kind::Bool; v.boolean = true; return true; }
    if (word(py ? "False" : "false")) { v.kind = HeaderLiteral::Kind::Bool; v.boolean = false; return true; }
    if (word(py ? "None" : "null")) { v.kind = HeaderLiteral::Kind::Null; return true; }
    return fail(std::string("unexpected character '") + c + "'");
  }

  bool object(HeaderLiteral& v, int depth) {
    v.kind = HeaderLiteral::Kind::Object;
    ++pos_;
    std::set<std::string> seen;
    if (eat('}')) return true;
    for (;;) {
      skip();
      std::string key;
      const char q = pos_ < s_.size() ? s_[pos_] : 0;
      if (q != '"' && !(q == '\'' && d_ == LiteralDialect::Python)) return fail("expected a quoted key");
      if (!string(key)) return false;
      if (!seen.insert(key).second) return fail("duplicate key '" + key + "'");
      if (!eat(':')) return fail("expected ':' after key '" + key + "'");
      HeaderLiteral item;
      if (!value(item, depth + 1)) return false;
      v.members.push_back({std::move(key), std::move(item)});
      if (eat('}')) return true;
      if (!eat(',')) return fail("expected ',' or '}'");
      if (d_ == LiteralDialect::Python && eat('}')) return true;  // trailing comma
    }
  }

  bool list(HeaderLiteral& v, int depth, char close) {
    v.kind = HeaderLiteral::Kind::List;
    ++pos_;
    if (eat(close)) return true;
    for (;;) {
      HeaderLiteral item;
      if (!value(item, depth + 1)) return false;
      v.items.push_back(std::move(item));
      if (eat(close)) return true;
      if (!eat(',')) return fail(std::string("expected ',' or '") + close + "'");
      if (d_ == LiteralDialect::Python && eat(close)) return true;  // (3,)
    }
  }

  bool string(std::string& out) {
    const char q = s_[pos_++];
    while (pos_ < s_.size()) {
      const char c = s_[pos_++];
      if (c == q) return true;
      if (static_cast<unsigned char>(c) < 0x20) return fail("control character inside a string");
      if (c == '\\') {
        if (pos_ >= s_.size()) break;
        const char e = s_[pos_++];
        switch (e) {
          case '"': case '\'': case '\\': case '/': out += e; break;
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case 'r': out += '\r'; break;
          case 'b': out += '\b'; break;
          case 'f': out += '\f'; break;
          case 'u': {
            // Kept as written: names with \u escapes are matched as text.
            if (pos_ + 4 > s_.size()) return fail("truncated \\u escape");
            out += "\\u" + s_.substr(pos_, 4);
            pos_ += 4;
            break;
          }
          default: return fail(std::string("unknown escape '\\") + e + "'");
        }
        continue;
      }
      out += c;
    }
    return fail("unterminated string");
  }

  bool number(HeaderLiteral& v) {
    const std::size_t start = pos_;
    if (s_[pos_] == '-' || s_[pos_] == '+') ++pos_;
    while (pos_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.' ||
                                ((s_[pos_] == '-' || s_[pos_] == '+') && (s_[pos_ - 1] == 'e' || s_[pos_ - 1] == 'E'))))
      ++pos_;
    v.text = s_.substr(start, pos_ - start);
    const char* b = v.text.data() + (v.text[0] == '+' ? 1 : 0);
    const char* e = v.text.data() + v.text.size();
    const auto [p, ec] = std::from_chars(b, e, v.integer);
    v.kind = ec == std::errc() && p == e ? HeaderLiteral::Kind::Integer : HeaderLiteral::Kind::Number;
    return true;
  }

  const std::string& s_;
  LiteralDialect d_;
  std::size_t pos_ = 0;
  std::string error_;
};

}  // namespace

std::optional<HeaderLiteral> parse_header_literal(const std::string& text, LiteralDialect dialect, std::string& error) {
  return Parser(text, dialect).all(error);
}

}  // namespace qmac::tensors
