// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// A small, strict XML reader for the two documents the speech service reads: SSML and PLS
// lexicons. It keeps what they need and nothing more: elements with attributes, text with the
// five predefined entities and numeric character references, comments, CDATA, and the XML
// declaration. Every node remembers its byte range in the input, so speech marks can point back
// into the text the client sent. No DTDs, no namespaces beyond keeping "prefix:name" as the name.
// Stateless, thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(XmlNode root, ParseXml(ssml));  // root.name == "speak"
//   // An error says where: "line 2, column 14: </s> closes <prosody> opened at line 1, column 8"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace lathe::services::speech {

struct XmlNode {
  bool is_text = false;
  std::string name;  // element name ("speak", "amazon:effect"); "" for text
  std::vector<std::pair<std::string, std::string>> attributes;  // decoded values, in order
  std::vector<XmlNode> children;
  // Text nodes: the decoded text, and for each of its bytes the byte range in the input it came
  // from (an entity's bytes all point at the whole "&amp;").
  std::string text;
  std::vector<std::pair<size_t, size_t>> source;
  size_t begin = 0;  // input byte offset of '<' (elements) or of the first byte (text)
  size_t end = 0;    // one past the last byte (after the end tag, or "/>")

  // The attribute's value, or nullptr.
  const std::string* Attribute(std::string_view name) const;
};

// Parses a whole document with exactly one root element. InvalidArgument on malformed input,
// the message starting "line L, column C: " (1-based; the column counts characters).
Result<XmlNode> ParseXml(std::string_view input);

// "line L, column C" of a byte offset in `input` (for messages about well-formed but invalid
// documents).
std::string XmlPosition(std::string_view input, size_t offset);

}  // namespace lathe::services::speech
