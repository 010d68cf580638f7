// Token ids for qmac eval: a text file of whitespace-separated ids, or a
// file whose every byte is a token (byte-level models: token id = byte).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace qmac::lm {

// Throws std::invalid_argument "origin:LINE:COL: expected a token id (0..2^31-1), not '...'"; an empty file is refused.
std::vector<int> parse_token_ids(std::string_view text, const std::string& origin);
// Token rows from a file: a .npy of integers, [sequences, length] (a row per
// sequence) or 1-D (one stream); else a text file of ids (one stream).
std::vector<std::vector<int>> read_token_file(const std::string& path);
std::vector<int> read_token_ids(const std::string& path);
// Rows of equal length as an int32 .npy [rows, length] (what read_token_file reads back).
void write_token_npy(const std::string& path, const std::vector<std::vector<int>>& rows);
std::vector<int> read_byte_tokens(const std::string& path);

// The sequences to score. One stream is cut into `sequences` consecutive
// windows of `length` (length 0: the model's context, or all tokens if
// fewer; sequences 0: as many whole windows as fit). Rows (a 2-D .npy) are
// the sequences: the first `sequences` (0: all), each its first `length`
// tokens (0: all of it). Throws std::invalid_argument when fewer tokens than
// asked for (or than 2 per sequence) are there, or a sequence is longer than
// the context.
std::vector<std::vector<int>> windows(const std::vector<int>& tokens, int sequences, int length, int context, const std::string& origin);
std::vector<std::vector<int>> sequences_of(const std::vector<std::vector<int>>& rows, int sequences, int length, int context,
                                           const std::string& origin);

}  // namespace qmac::lm
