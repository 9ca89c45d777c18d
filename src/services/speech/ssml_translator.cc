// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/ssml_translator.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "services/speech/lexicon.h"
#include "services/speech/phonemes.h"
#include "services/speech/speech_errors.h"
#include "services/speech/xml_reader.h"

namespace lathe::services::speech {
namespace {

constexpr double kMaxBreakMs = 10000;  // Polly: a break is at most 10 seconds

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool OneOf(std::string_view value, std::initializer_list<std::string_view> options) {
  return std::find(options.begin(), options.end(), value) != options.end();
}

// A signed or unsigned decimal number followed by exactly `unit`; nullopt otherwise.
std::optional<double> NumberWithUnit(std::string_view value, std::string_view unit) {
  if (value.size() <= unit.size() || value.substr(value.size() - unit.size()) != unit) {
    return std::nullopt;
  }
  std::string_view number = value.substr(0, value.size() - unit.size());
  if (!number.empty() && number[0] == '+') number.remove_prefix(1);
  double out = 0;
  auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), out);
  if (ec != std::errc() || end != number.data() + number.size() || !std::isfinite(out)) {
    return std::nullopt;
  }
  return out;
}

std::string Percent(double value) { return std::to_string(std::lround(value)) + "%"; }

class Translator {
 public:
  Translator(std::string_view ssml, const std::vector<const Lexicon*>& lexicons)
      : ssml_(ssml), lexicons_(lexicons) {}

  Result<SpeechText> Run() {
    Result<XmlNode> root = ParseXml(ssml_);
    if (!root.ok()) {
      return SpeechError(SpeechErrorKind::kInvalidSsml,
                         "SSML does not parse: " + root.status().message());
    }
    if (root->name != "speak") {
      return Error(*root, "the root element is <" + root->name + ">; SSML starts with <speak>");
    }
    out_.spoken.AppendMarkup("<speak>");
    LATHE_RETURN_IF_ERROR(Children(*root));
    out_.spoken.AppendMarkup("</speak>");
    return std::move(out_);
  }

 private:
  Status Error(const XmlNode& node, const std::string& message) const {
    return SpeechError(SpeechErrorKind::kInvalidSsml,
                       XmlPosition(ssml_, node.begin) + ": " + message)
        .WithDetail("offset", node.begin);
  }

  Status BadValue(const XmlNode& node, std::string_view attribute, const std::string& value,
                  std::string_view expected) const {
    return Error(node, "<" + node.name + "> " + std::string(attribute) + " '" + value +
                           "': expected " + std::string(expected));
  }

  Status Children(const XmlNode& node) {
    for (const XmlNode& child : node.children) {
      if (child.is_text) {
        out_.billed_characters += CodePoints(child.text);
        out_.spoken.AppendText(child.text, child.source, lexicons_);
      } else {
        LATHE_RETURN_IF_ERROR(Element(child));
      }
    }
    return Status::Ok();
  }

  // The input range of an element's text content (for <sub>, <phoneme>), or of the element.
  static SourceRange ContentRange(const XmlNode& node) {
    if (node.children.size() == 1 && node.children[0].is_text) {
      return {node.children[0].begin, node.children[0].end};
    }
    return {node.begin, node.end};
  }

  // Text content that is spoken some other way still counts as billed characters.
  void Bill(const XmlNode& node) {
    for (const XmlNode& child : node.children) {
      if (child.is_text) {
        out_.billed_characters += CodePoints(child.text);
      } else {
        Bill(child);
      }
    }
  }

  Status Element(const XmlNode& node) {
    const std::string& name = node.name;
    if (name == "break") return Break(node);
    if (name == "prosody") return Prosody(node);
    if (name == "say-as") return SayAs(node);
    if (name == "emphasis") {
      const std::string* level = node.Attribute("level");
      std::string value = level ? *level : "moderate";
      if (!OneOf(value, {"strong", "moderate", "reduced", "none"})) {
        return BadValue(node, "level", value, "strong, moderate or reduced");
      }
      return Wrap(node, "<emphasis level=\"" + value + "\">", "</emphasis>");
    }
    if (name == "p" || name == "s") return Wrap(node, "<" + name + ">", "</" + name + ">");
    if (name == "sub") {
      const std::string* alias = node.Attribute("alias");
      if (alias == nullptr) return Error(node, "<sub> needs an alias attribute");
      Bill(node);
      out_.spoken.AppendAlias(*alias, ContentRange(node));
      return Status::Ok();
    }
    if (name == "phoneme") return Phoneme(node);
    if (name == "mark") {
      const std::string* mark = node.Attribute("name");
      if (mark == nullptr || mark->empty()) return Error(node, "<mark> needs a name attribute");
      out_.spoken.AppendMark(*mark, {node.begin, node.end});
      return Children(node);
    }
    if (name == "speak") return Error(node, "<speak> may only be the root element");
    if (name == "amazon:breath") return Status::Ok();
    if (OneOf(name,
              {"lang", "w", "voice", "amazon:effect", "amazon:domain", "amazon:auto-breaths"})) {
      return Children(node);  // spoken with the request's voice, as plain content
    }
    return Error(node, "unsupported SSML element <" + name +
                           "> (supported: speak, break, prosody, say-as, emphasis, p, s, sub, "
                           "phoneme, mark, lang, w, amazon:*)");
  }

  Status Wrap(const XmlNode& node, const std::string& open, const std::string& close) {
    out_.spoken.AppendMarkup(open);
    LATHE_RETURN_IF_ERROR(Children(node));
    out_.spoken.AppendMarkup(close);
    return Status::Ok();
  }

  Status Break(const XmlNode& node) {
    if (!node.children.empty()) return Error(node, "<break> must be empty (<break/>)");
    if (const std::string* time = node.Attribute("time")) {
      std::optional<double> ms = NumberWithUnit(*time, "ms");
      if (!ms) {
        if (std::optional<double> s = NumberWithUnit(*time, "s")) ms = *s * 1000;
      }
      if (!ms || *ms < 0) return BadValue(node, "time", *time, "a duration such as 500ms or 2s");
      if (*ms > kMaxBreakMs) return BadValue(node, "time", *time, "at most 10s");
      out_.spoken.AppendMarkup("<break time=\"" + std::to_string(std::lround(*ms)) + "ms\"/>");
      return Status::Ok();
    }
    const std::string* strength = node.Attribute("strength");
    const std::string value = strength ? *strength : "medium";
    if (!OneOf(value, {"none", "x-weak", "weak", "medium", "strong", "x-strong"})) {
      return BadValue(node, "strength", value, "none, x-weak, weak, medium, strong or x-strong");
    }
    out_.spoken.AppendMarkup("<break strength=\"" + value + "\"/>");
    return Status::Ok();
  }

  Result<std::string> Rate(const XmlNode& node, const std::string& v) const {
    static constexpr std::array<std::pair<std::string_view, int>, 6> kNamed = {{{"x-slow", 60},
                                                                                {"slow", 80},
                                                                                {"medium", 100},
                                                                                {"default", 100},
                                                                                {"fast", 125},
                                                                                {"x-fast", 160}}};
    for (const auto& [n, pct] : kNamed) {
      if (v == n) return Percent(pct);
    }
    std::optional<double> pct = NumberWithUnit(v, "%");
    if (!pct || *pct < 20 || *pct > 200 || v[0] == '-') {
      return BadValue(node, "rate", v, "x-slow, slow, medium, fast, x-fast or 20% to 200%");
    }
    return Percent(*pct);
  }

  Result<std::string> Pitch(const XmlNode& node, const std::string& v) const {
    if (OneOf(v, {"x-low", "low", "medium", "high", "x-high"})) return v;
    if (v == "default") return std::string("medium");
    std::optional<double> pct = NumberWithUnit(v, "%");
    if (!pct || (v[0] != '+' && v[0] != '-') || *pct < -33.3 || *pct > 50) {
      return BadValue(node, "pitch", v, "x-low, low, medium, high, x-high or -33.3% to +50%");
    }
    return (*pct >= 0 ? "+" : "") + std::to_string(std::lround(*pct)) + "%";
  }

  Result<std::string> Volume(const XmlNode& node, const std::string& v) const {
    if (OneOf(v, {"silent", "x-soft", "soft", "medium", "loud", "x-loud"})) return v;
    if (v == "default") return std::string("medium");
    std::optional<double> db = NumberWithUnit(v, "dB");
    if (!db || (v[0] != '+' && v[0] != '-') || *db > 6 || *db < -60) {
      return BadValue(node, "volume", v,
                      "silent, x-soft, soft, medium, loud, x-loud or +NdB / "
                      "-NdB (at most +6dB)");
    }
    return Percent(100 * std::pow(10.0, *db / 20));
  }

  Status Prosody(const XmlNode& node) {
    std::string open = "<prosody";
    bool any = false;
    for (const auto& [key, value] : node.attributes) {
      Result<std::string> converted = std::string();
      if (key == "rate") {
        converted = Rate(node, value);
      } else if (key == "pitch") {
        converted = Pitch(node, value);
      } else if (key == "volume") {
        converted = Volume(node, value);
      } else if (key == "amazon:max-duration") {
        continue;  // accepted; espeak-ng cannot stretch to a target length
      } else {
        return Error(node, "<prosody> has no attribute '" + key + "' (rate, pitch, volume)");
      }
      if (!converted.ok()) return converted.status();
      open += " " + key + "=\"" + *converted + "\"";
      any = true;
    }
    if (!any) return Error(node, "<prosody> needs rate, pitch or volume");
    return Wrap(node, open + ">", "</prosody>");
  }

  Status SayAs(const XmlNode& node) {
    const std::string* kind = node.Attribute("interpret-as");
    if (kind == nullptr) return Error(node, "<say-as> needs an interpret-as attribute");
    if (OneOf(*kind, {"characters", "spell-out"})) {
      return Wrap(node, "<say-as interpret-as=\"characters\">", "</say-as>");
    }
    if (*kind == "digits") return Wrap(node, "<say-as interpret-as=\"tts:char\">", "</say-as>");
    if (*kind == "expletive") {  // Polly bleeps it; here it becomes silence of a similar length
      Bill(node);
      size_t chars = 0;
      for (const XmlNode& child : node.children)
        chars += child.is_text ? CodePoints(child.text) : 0;
      out_.spoken.AppendMarkup("<break time=\"" + std::to_string(150 * std::max<size_t>(chars, 2)) +
                               "ms\"/>");
      return Status::Ok();
    }
    if (OneOf(*kind, {"cardinal", "number", "ordinal", "fraction", "unit", "date", "time",
                      "address", "telephone"})) {
      return Children(node);  // espeak-ng reads numbers, dates and times as written
    }
    return BadValue(node, "interpret-as", *kind,
                    "characters, spell-out, cardinal, number, ordinal, digits, fraction, unit, "
                    "date, time, address, expletive or telephone");
  }

  Status Phoneme(const XmlNode& node) {
    const std::string* ph = node.Attribute("ph");
    if (ph == nullptr) return Error(node, "<phoneme> needs a ph attribute");
    const std::string* alphabet = node.Attribute("alphabet");
    const std::string value = alphabet ? *alphabet : "ipa";
    if (!OneOf(value, {"ipa", "x-sampa", "x-espeak"})) {
      return BadValue(node, "alphabet", value, "ipa, x-sampa or x-espeak");
    }
    Result<std::string> phonemes = ToEspeakPhonemes(value, *ph);
    if (!phonemes.ok()) return Children(node);  // a symbol espeak-ng lacks: say the text
    Bill(node);
    out_.spoken.AppendPhonemes(*phonemes, ContentRange(node));
    return Status::Ok();
  }

  std::string_view ssml_;
  const std::vector<const Lexicon*>& lexicons_;
  SpeechText out_;
};

}  // namespace

SpeechText PlainToSpoken(std::string_view text, const std::vector<const Lexicon*>& lexicons) {
  SpeechText out;
  std::vector<std::pair<size_t, size_t>> source(text.size());
  for (size_t i = 0; i < text.size(); ++i) source[i] = {i, i + 1};
  out.spoken.AppendMarkup("<speak>");
  out.spoken.AppendText(text, source, lexicons);
  out.spoken.AppendMarkup("</speak>");
  out.billed_characters = CodePoints(text);
  return out;
}

Result<SpeechText> SsmlToSpoken(std::string_view ssml,
                                const std::vector<const Lexicon*>& lexicons) {
  return Translator(ssml, lexicons).Run();
}

}  // namespace lathe::services::speech
