// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/xml_reader.h"

#include <cstdint>

namespace lathe::services::speech {
namespace {

bool IsNameStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
bool IsNameChar(unsigned char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

class Parser {
 public:
  explicit Parser(std::string_view input) : in_(input) {}

  Result<XmlNode> Document() {
    SkipMisc();
    if (pos_ >= in_.size() || in_[pos_] != '<') {
      return Error(pos_, in_.empty() ? "the document is empty; expected a root element such as "
                                       "<speak>"
                                     : "expected a root element ('<'), found text");
    }
    XmlNode root;
    LATHE_RETURN_IF_ERROR(Element(&root, 0));
    SkipMisc();
    if (pos_ < in_.size())
      return Error(pos_, "content after the root element </" + root.name + ">");
    return root;
  }

 private:
  Status Error(size_t offset, const std::string& message) const {
    return InvalidArgumentError(XmlPosition(in_, offset) + ": " + message)
        .WithDetail("offset", offset);
  }

  bool StartsWith(std::string_view s) const { return in_.substr(pos_, s.size()) == s; }

  // Whitespace, comments and processing instructions (the XML declaration) between elements.
  void SkipMisc() {
    while (pos_ < in_.size()) {
      if (IsSpace(in_[pos_])) {
        ++pos_;
      } else if (StartsWith("<!--")) {
        size_t close = in_.find("-->", pos_ + 4);
        if (close == std::string_view::npos) return;  // reported by the caller as text
        pos_ = close + 3;
      } else if (StartsWith("<?")) {
        size_t close = in_.find("?>", pos_ + 2);
        if (close == std::string_view::npos) return;
        pos_ = close + 2;
      } else {
        return;
      }
    }
  }

  Result<std::string> Name() {
    const size_t start = pos_;
    if (pos_ >= in_.size() || !IsNameStart(static_cast<unsigned char>(in_[pos_]))) {
      return Error(pos_, "expected a name");
    }
    while (pos_ < in_.size() && IsNameChar(static_cast<unsigned char>(in_[pos_]))) ++pos_;
    return std::string(in_.substr(start, pos_ - start));
  }

  // Decodes an entity or character reference at pos_ ('&'); appends it to *out.
  Status Reference(std::string* out) {
    const size_t start = pos_;
    const size_t semi = in_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 12) {
      return Error(start, "'&' must start an entity such as &amp; (write a literal & as &amp;)");
    }
    std::string_view ref = in_.substr(pos_ + 1, semi - pos_ - 1);
    pos_ = semi + 1;
    if (ref == "amp")
      out->push_back('&');
    else if (ref == "lt")
      out->push_back('<');
    else if (ref == "gt")
      out->push_back('>');
    else if (ref == "quot")
      out->push_back('"');
    else if (ref == "apos")
      out->push_back('\'');
    else if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      std::string_view digits = ref.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      if (digits.empty()) return Error(start, "empty character reference");
      for (char c : digits) {
        int d = (c >= '0' && c <= '9')        ? c - '0'
                : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                              : -1;
        if (d < 0) return Error(start, "bad character reference &" + std::string(ref) + ";");
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        if (cp > 0x10FFFF) return Error(start, "character reference out of range");
      }
      if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return Error(start, "character reference to an invalid character");
      }
      AppendUtf8(cp, out);
    } else {
      return Error(start, "unknown entity &" + std::string(ref) +
                              "; (only amp, lt, gt, quot, "
                              "apos and numeric references are defined)");
    }
    return Status::Ok();
  }

  Status Attributes(XmlNode* node) {
    while (true) {
      const size_t before = pos_;
      while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
      if (pos_ >= in_.size()) return Error(node->begin, "unclosed start tag <" + node->name);
      if (in_[pos_] == '>' || StartsWith("/>")) return Status::Ok();
      if (pos_ == before) return Error(pos_, "expected whitespace before an attribute");
      const size_t name_at = pos_;
      LATHE_ASSIGN_OR_RETURN(std::string name, Name());
      while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
      if (pos_ >= in_.size() || in_[pos_] != '=') {
        return Error(pos_, "attribute '" + name + "' needs a value (name=\"value\")");
      }
      ++pos_;
      while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
      if (pos_ >= in_.size() || (in_[pos_] != '"' && in_[pos_] != '\'')) {
        return Error(pos_, "the value of attribute '" + name + "' must be quoted");
      }
      const char quote = in_[pos_++];
      std::string value;
      while (pos_ < in_.size() && in_[pos_] != quote) {
        if (in_[pos_] == '<') return Error(pos_, "'<' in the value of attribute '" + name + "'");
        if (in_[pos_] == '&') {
          LATHE_RETURN_IF_ERROR(Reference(&value));
        } else {
          value.push_back(in_[pos_++]);
        }
      }
      if (pos_ >= in_.size())
        return Error(name_at, "unterminated value of attribute '" + name + "'");
      ++pos_;
      for (const auto& [existing, unused] : node->attributes) {
        if (existing == name) return Error(name_at, "duplicate attribute '" + name + "'");
      }
      node->attributes.emplace_back(std::move(name), std::move(value));
    }
  }

  // Parses the element starting at pos_ ('<') into *node.
  Status Element(XmlNode* node, int depth) {
    if (depth > 64) return Error(pos_, "elements nested more than 64 deep");
    node->begin = pos_++;
    LATHE_ASSIGN_OR_RETURN(node->name, Name());
    LATHE_RETURN_IF_ERROR(Attributes(node));
    if (StartsWith("/>")) {
      pos_ += 2;
      node->end = pos_;
      return Status::Ok();
    }
    ++pos_;  // '>'
    XmlNode* text = nullptr;
    while (true) {
      if (pos_ >= in_.size()) {
        return Error(node->begin, "<" + node->name + "> is never closed (expected </" + node->name +
                                      "> before the end)");
      }
      const char c = in_[pos_];
      if (StartsWith("</")) {
        const size_t close_at = pos_;
        pos_ += 2;
        LATHE_ASSIGN_OR_RETURN(std::string name, Name());
        while (pos_ < in_.size() && IsSpace(in_[pos_])) ++pos_;
        if (pos_ >= in_.size() || in_[pos_] != '>')
          return Error(pos_, "expected '>' after </" + name);
        ++pos_;
        if (name != node->name) {
          return Error(close_at, "</" + name + "> closes <" + node->name + "> opened at " +
                                     XmlPosition(in_, node->begin));
        }
        node->end = pos_;
        return Status::Ok();
      }
      if (StartsWith("<!--")) {
        size_t close = in_.find("-->", pos_ + 4);
        if (close == std::string_view::npos) return Error(pos_, "unterminated comment");
        pos_ = close + 3;
        continue;
      }
      if (StartsWith("<![CDATA[")) {
        size_t close = in_.find("]]>", pos_ + 9);
        if (close == std::string_view::npos) return Error(pos_, "unterminated CDATA section");
        text = TextNode(node, text);
        for (size_t i = pos_ + 9; i < close; ++i) Push(text, in_[i], i, i + 1);
        pos_ = close + 3;
        text->end = pos_;
        continue;
      }
      if (StartsWith("<?")) {
        size_t close = in_.find("?>", pos_ + 2);
        if (close == std::string_view::npos)
          return Error(pos_, "unterminated processing instruction");
        pos_ = close + 2;
        continue;
      }
      if (c == '<') {
        node->children.emplace_back();
        LATHE_RETURN_IF_ERROR(Element(&node->children.back(), depth + 1));
        text = nullptr;
        continue;
      }
      text = TextNode(node, text);
      if (c == '&') {
        const size_t start = pos_;
        std::string decoded;
        LATHE_RETURN_IF_ERROR(Reference(&decoded));
        for (char d : decoded) Push(text, d, start, pos_);
      } else {
        Push(text, c, pos_, pos_ + 1);
        ++pos_;
      }
      text->end = pos_;
    }
  }

  static XmlNode* TextNode(XmlNode* parent, XmlNode* current) {
    if (current != nullptr) return current;
    parent->children.emplace_back();
    XmlNode* text = &parent->children.back();
    text->is_text = true;
    return text;
  }

  static void Push(XmlNode* text, char c, size_t begin, size_t end) {
    if (text->text.empty()) text->begin = begin;
    text->text.push_back(c);
    text->source.emplace_back(begin, end);
  }

  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

const std::string* XmlNode::Attribute(std::string_view attribute) const {
  for (const auto& [key, value] : attributes) {
    if (key == attribute) return &value;
  }
  return nullptr;
}

Result<XmlNode> ParseXml(std::string_view input) { return Parser(input).Document(); }

std::string XmlPosition(std::string_view input, size_t offset) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < offset && i < input.size(); ++i) {
    if (input[i] == '\n') {
      ++line;
      column = 1;
    } else if ((static_cast<unsigned char>(input[i]) & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace lathe::services::speech
