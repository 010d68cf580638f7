// Token ids for qmac eval: a text file of whitespace-separated ids, or a
// file whose every byte is a token (byte-level models: token id = byte).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qmac::lm {

// Throws std::invalid_argument "origin:LINE:COL: expected a token id (0..2^31-1), not '...'"; an empty file is refused.
std::vector<int> parse_token_ids(std::string_view text, const std::string& origin);
std::vector<int> read_token_ids(const std::string& path);
std::vector<int> read_byte_tokens(const std::string& path);

// `tokens` cut into `sequences` windows of `length` (consecutive, from the
// start; length 0: the model's context, or all tokens if fewer; sequences 0:
// as many whole windows as fit). Throws std::invalid_argument when fewer
// tokens than asked for (or than 2 per window) are there.
std::vector<std::vector<int>> windows(const std::vector<int>& tokens, int sequences, int length, int context, const std::string& origin);

}  // namespace qmac::lm
