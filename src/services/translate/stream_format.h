// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Apertium's stream format at the two ends of a translation pipeline. Deformat turns plain text
// into the stream the first stage reads, exactly as `apertium-destxt` does (special characters
// escaped, blank runs in superblanks, ".[]" sentence ends at paragraphs and at the end), so a
// persistent pipeline gives the bytes the `apertium <pair>` command prints; Reformat undoes it
// as `apertium-retxt` does. DeformatHtml keeps markup (tags, comments, entities, script and style
// bodies) in superblanks so it comes back verbatim. Superblank(text) carries text through the
// pipeline untouched (used for terminology). Stateless and thread-safe.
//
//   std::string stream = Deformat("Hello [world]\n\nBye");  // "Hello \\[world\\].[][\n\n]Bye.[]"
//   std::string text = Reformat(pipeline_output);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lathe::services::translate {

// True for the characters the stream format reserves: ^ $ [ ] / \ @ < > { } *.
bool IsStreamSpecial(char c);

// `text` with a backslash before every reserved character (IsStreamSpecial).
std::string EscapeStream(std::string_view text);

// Bytes [begin, end) of a text replaced by `text` carried verbatim (a terminology's target term).
struct ProtectedSpan {
  size_t begin = 0;
  size_t end = 0;
  std::string text;
};

// Plain text to stream format, as apertium-destxt: reserved characters escaped (except '*',
// which destxt leaves alone), a single space kept, any other run of blanks (space, tab, CR, LF,
// '~') put in a superblank "[...]", ".[]" inserted before a run holding a blank line and at the
// end. `spans` (sorted, non-overlapping) become superblanks holding their replacement text.
std::string Deformat(std::string_view text, const std::vector<ProtectedSpan>& spans = {});

// HTML to stream format: tags, comments, doctype, entities and the bodies of <script> and
// <style> become superblanks; text between them is deformatted as Deformat does (without the
// sentence ends). `spans` (sorted, non-overlapping, each inside one range of HtmlTextRanges)
// become superblanks holding their replacement text, as in Deformat. The pipeline output goes
// back through Reformat.
std::string DeformatHtml(std::string_view html, const std::vector<ProtectedSpan>& spans = {});

// The byte ranges [begin, end) of `html` that are text (what DeformatHtml translates): outside
// tags, comments, entities and script/style bodies. Sorted, non-overlapping, none empty.
std::vector<std::pair<size_t, size_t>> HtmlTextRanges(std::string_view html);

// A superblank carrying `text` verbatim through every stage: "[" + escaped text + "]".
std::string Superblank(std::string_view text);

// A pipeline's answer made fit to be the next pipeline's input (pivot translation): reserved
// characters the generator wrote bare ('@' before untranslated words, '*', '/') are escaped
// again; superblanks and escapes are kept as they are.
std::string Restream(std::string_view stream);

// Stream format back to text, as apertium-retxt: ".[]" removed, superblank brackets removed,
// "\x" unescaped for reserved x (other backslashes kept).
std::string Reformat(std::string_view stream);

}  // namespace lathe::services::translate
