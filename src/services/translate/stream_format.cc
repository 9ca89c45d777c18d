// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/stream_format.h"

#include <cctype>
#include <cstring>

namespace lathe::services::translate {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '~'; }

// apertium-destxt escapes every reserved character but '*'.
bool DestxtEscapes(char c) { return c != '*' && IsStreamSpecial(c); }

// A blank run that holds a blank line: destxt ends the sentence before it.
bool IsParagraphBreak(std::string_view run) {
  return run.find("\n\n") != std::string_view::npos ||
         run.find("\r\n\r\n") != std::string_view::npos;
}

// Appends `text` deformatted; `sentence_ends` adds destxt's ".[]" marks (plain text only).
void AppendDeformatted(std::string_view text, bool sentence_ends, bool at_end, std::string* out,
                       const std::vector<ProtectedSpan>& spans = {}) {
  size_t pos = 0;
  size_t next_span = 0;
  while (pos < text.size()) {
    while (next_span < spans.size() && spans[next_span].begin < pos) ++next_span;
    if (next_span < spans.size() && spans[next_span].begin == pos && spans[next_span].end > pos &&
        spans[next_span].end <= text.size()) {
      out->append(Superblank(spans[next_span].text));
      pos = spans[next_span].end;
      continue;
    }
    const char c = text[pos];
    if (!IsBlank(c)) {
      if (DestxtEscapes(c)) out->push_back('\\');
      out->push_back(c);
      ++pos;
      continue;
    }
    size_t end = pos;
    while (end < text.size() && IsBlank(text[end])) ++end;
    const std::string_view run = text.substr(pos, end - pos);
    const bool last = at_end && end == text.size();
    if (sentence_ends && (last || IsParagraphBreak(run))) out->append(".[]");
    if (run == " ") {
      out->push_back(' ');
    } else {
      out->push_back('[');
      out->append(run);
      out->push_back(']');
    }
    pos = end;
  }
}

bool StartsWithNoCase(std::string_view s, size_t pos, std::string_view prefix) {
  if (s.size() - pos < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[pos + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

// End (exclusive) of the markup starting at html[pos] == '<' or '&'; npos if it is plain text.
size_t MarkupEnd(std::string_view html, size_t pos) {
  if (html[pos] == '&') {
    size_t end = pos + 1;
    while (end < html.size() && end - pos <= 32 &&
           (std::isalnum(static_cast<unsigned char>(html[end])) || html[end] == '#')) {
      ++end;
    }
    return end < html.size() && html[end] == ';' && end > pos + 1 ? end + 1 : std::string::npos;
  }
  if (html.compare(pos, 4, "<!--") == 0) {
    size_t end = html.find("-->", pos + 4);
    return end == std::string_view::npos ? html.size() : end + 3;
  }
  if (pos + 1 >= html.size()) return std::string::npos;
  const char next = html[pos + 1];
  if (!std::isalpha(static_cast<unsigned char>(next)) && next != '/' && next != '!' &&
      next != '?') {
    return std::string::npos;  // a lone '<' in text
  }
  // Skip quoted attribute values so '>' inside them does not end the tag.
  char quote = 0;
  for (size_t end = pos + 1; end < html.size(); ++end) {
    const char c = html[end];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      return end + 1;
    }
  }
  return html.size();
}

// A run of HTML: text to translate, or one piece of markup kept verbatim.
struct HtmlPiece {
  size_t begin = 0;
  size_t end = 0;
  bool is_text = false;
};

// `html` cut into text runs and markup pieces (tags, comments, entities, a <script> or <style>
// element whole), in order, covering every byte.
std::vector<HtmlPiece> SplitHtml(std::string_view html) {
  std::vector<HtmlPiece> pieces;
  size_t text_start = 0;
  size_t pos = 0;
  while (pos < html.size()) {
    const char c = html[pos];
    size_t end = (c == '<' || c == '&') ? MarkupEnd(html, pos) : std::string::npos;
    if (end == std::string::npos) {
      ++pos;
      continue;
    }
    // The body of <script> and <style> is code, not text: keep it with its tags.
    for (std::string_view raw : {std::string_view("script"), std::string_view("style")}) {
      if (c == '<' && StartsWithNoCase(html, pos + 1, raw)) {
        const std::string close = "</" + std::string(raw);
        size_t close_pos = end;
        while (close_pos < html.size() && !StartsWithNoCase(html, close_pos, close)) ++close_pos;
        end = close_pos < html.size() ? MarkupEnd(html, close_pos) : html.size();
        if (end == std::string::npos) end = html.size();
      }
    }
    if (pos > text_start) pieces.push_back({.begin = text_start, .end = pos, .is_text = true});
    pieces.push_back({.begin = pos, .end = end, .is_text = false});
    pos = end;
    text_start = end;
  }
  if (html.size() > text_start) {
    pieces.push_back({.begin = text_start, .end = html.size(), .is_text = true});
  }
  return pieces;
}

}  // namespace

bool IsStreamSpecial(char c) { return c != '\0' && std::strchr("^$[]/\\@<>{}*", c) != nullptr; }

std::string EscapeStream(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    if (IsStreamSpecial(c)) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string Deformat(std::string_view text, const std::vector<ProtectedSpan>& spans) {
  std::string out;
  out.reserve(text.size() + text.size() / 8 + 8);
  AppendDeformatted(text, /*sentence_ends=*/true, /*at_end=*/true, &out, spans);
  // destxt ends every input with a sentence end; a trailing blank run already carries it.
  if (text.empty() || !IsBlank(text.back())) out.append(".[]");
  return out;
}

std::vector<std::pair<size_t, size_t>> HtmlTextRanges(std::string_view html) {
  std::vector<std::pair<size_t, size_t>> ranges;
  for (const HtmlPiece& piece : SplitHtml(html)) {
    if (piece.is_text) ranges.emplace_back(piece.begin, piece.end);
  }
  return ranges;
}

std::string DeformatHtml(std::string_view html, const std::vector<ProtectedSpan>& spans) {
  std::string out;
  out.reserve(html.size() + html.size() / 4);
  size_t next_span = 0;
  for (const HtmlPiece& piece : SplitHtml(html)) {
    const std::string_view bytes = html.substr(piece.begin, piece.end - piece.begin);
    if (!piece.is_text) {
      out.append(Superblank(bytes));
      continue;
    }
    // The spans inside this text, shifted to its start.
    std::vector<ProtectedSpan> local;
    while (next_span < spans.size() && spans[next_span].begin < piece.end) {
      const ProtectedSpan& span = spans[next_span++];
      if (span.begin >= piece.begin && span.end <= piece.end) {
        local.push_back({.begin = span.begin - piece.begin,
                         .end = span.end - piece.begin,
                         .text = span.text});
      }
    }
    AppendDeformatted(bytes, false, false, &out, local);
  }
  return out;
}

std::string Superblank(std::string_view text) { return "[" + EscapeStream(text) + "]"; }

std::string Restream(std::string_view stream) {
  std::string out;
  out.reserve(stream.size() + 16);
  bool in_block = false;
  for (size_t pos = 0; pos < stream.size(); ++pos) {
    const char c = stream[pos];
    if (c == '\\' && pos + 1 < stream.size()) {
      out.push_back(c);
      out.push_back(stream[++pos]);
    } else if (c == '[' && !in_block) {
      in_block = true;
      out.push_back(c);
    } else if (c == ']' && in_block) {
      in_block = false;
      out.push_back(c);
    } else if (c == '\0') {
      continue;
    } else {
      if (!in_block && IsStreamSpecial(c)) out.push_back('\\');
      out.push_back(c);
    }
  }
  return out;
}

std::string Reformat(std::string_view stream) {
  std::string out;
  out.reserve(stream.size());
  for (size_t pos = 0; pos < stream.size();) {
    const char c = stream[pos];
    if (c == '\\' && pos + 1 < stream.size() && IsStreamSpecial(stream[pos + 1])) {
      out.push_back(stream[pos + 1]);
      pos += 2;
    } else if (c == '.' && stream.compare(pos, 3, ".[]") == 0) {
      pos += 3;
    } else if (c == '[' || c == ']' || c == '\0') {
      ++pos;
    } else {
      out.push_back(c);
      ++pos;
    }
  }
  return out;
}

}  // namespace lathe::services::translate
