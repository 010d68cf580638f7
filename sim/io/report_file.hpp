// How every report reaches the disk: the output folder is checked before any
// work starts, each file is written to a temporary name, checked and renamed
// (an interrupted or failing write never leaves a truncated report), and
// text is escaped for JSON and quoted for CSV (RFC 4180).
#pragma once

#include <string>

namespace qmac::io {

// Creates `dir` if needed and proves it writable; throws std::runtime_error
// naming the folder and the reason (an empty name is refused).
void prepare_output_dir(const std::string& dir);
// Before the work: `path` can be a report file (not a folder, its folder
// created and writable); throws std::runtime_error naming it and the reason.
void prepare_output_file(const std::string& path);
// Writes `content` to `path` through `path`.tmp and a rename; throws
// std::runtime_error on any write error (a full disk included).
void write_atomically(const std::string& path, const std::string& content);

std::string json_string(const std::string& s);
// Text for XML (SVG, JUnit) content and attribute values: & < > " escaped.
std::string xml_text(const std::string& s);
// A CSV field, quoted when it holds a comma, a quote, CR or LF (quotes doubled).
std::string csv_field(const std::string& s);

}  // namespace qmac::io
