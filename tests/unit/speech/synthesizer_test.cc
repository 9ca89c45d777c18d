// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/synthesizer.h"

#include <cstdlib>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "services/speech/lexicon.h"
#include "services/speech/speech_errors.h"

namespace lathe::services::speech {
namespace {

using nlohmann::json;

// A request with the fields `edit` sets on top of text and voice.
SpeechRequest Req(std::string text, const std::function<void(SpeechRequest&)>& edit = nullptr,
                  std::string voice = "Joanna") {
  SpeechRequest r;
  r.text = std::move(text);
  r.voice_id = std::move(voice);
  if (edit) edit(r);
  return r;
}

// Raw pcm samples of `text` (16-bit little-endian).
std::vector<int16_t> Pcm(const std::string& text, bool ssml = false, int rate = 16000,
                         const std::vector<const Lexicon*>& lexicons = {},
                         const std::string& voice = "Joanna") {
  Result<std::string> bytes = SynthesizeToString(Req(
                                                     text,
                                                     [&](SpeechRequest& r) {
                                                       r.ssml = ssml;
                                                       r.output_format = "pcm";
                                                       r.sample_rate = rate;
                                                     },
                                                     voice),
                                                 lexicons);
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  std::vector<int16_t> out(bytes.ok() ? bytes->size() / 2 : 0);
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = static_cast<int16_t>(static_cast<uint8_t>((*bytes)[2 * i]) |
                                  (static_cast<uint8_t>((*bytes)[2 * i + 1]) << 8));
  }
  return out;
}

std::vector<json> Marks(const std::string& text, std::vector<std::string> types, bool ssml = false,
                        const std::vector<const Lexicon*>& lexicons = {}) {
  Result<std::string> lines = SynthesizeToString(Req(
                                                     text,
                                                     [&](SpeechRequest& r) {
                                                       r.ssml = ssml;
                                                       r.output_format = "json";
                                                       r.speech_mark_types = types;
                                                     },
                                                     "Matthew"),
                                                 lexicons);
  EXPECT_TRUE(lines.ok()) << lines.status().ToString();
  std::vector<json> out;
  std::istringstream in(lines.ok() ? *lines : "");
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

std::optional<SpeechErrorKind> ErrorOf(const SpeechRequest& request) {
  Result<PreparedSpeech> prepared = PrepareSpeech(request, {});
  return prepared.ok() ? std::nullopt : SpeechErrorKindOf(prepared.status());
}

// Longest run of near-silent samples.
size_t LongestSilence(const std::vector<int16_t>& pcm) {
  size_t best = 0, run = 0;
  for (int16_t s : pcm) {
    run = std::abs(s) < 300 ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

TEST(SynthesizerTest, AudioLengthGrowsWithText) {
  const size_t short_len = Pcm("Hello there.").size();
  const size_t long_len =
      Pcm("Hello there. This sentence is a good deal longer, and it has many more words.").size();
  EXPECT_GT(short_len, 16000u / 2);  // at least half a second
  EXPECT_GT(long_len, 3 * short_len);
}

TEST(SynthesizerTest, PcmSampleCountMatchesTheSampleRate) {
  const std::string text = "The quick brown fox jumps over the lazy dog.";
  const size_t at8k = Pcm(text, false, 8000).size();
  const size_t at16k = Pcm(text, false, 16000).size();
  EXPECT_NEAR(static_cast<double>(at16k), 2.0 * at8k, 2.0);
  // The same duration as espeak-ng's 22050 Hz audio, measured by the json marks' end.
  std::vector<json> marks = Marks(text, {"word"});
  ASSERT_FALSE(marks.empty());
  EXPECT_LT(marks.back()["time"].get<double>(), at16k / 16.0);  // last word starts before the end
}

TEST(SynthesizerTest, SsmlBreakAddsSilence) {
  const std::vector<int16_t> plain = Pcm("<speak>One two.</speak>", true);
  const std::vector<int16_t> paused = Pcm("<speak>One <break time=\"2s\"/>two.</speak>", true);
  const double added_seconds = (paused.size() - plain.size()) / 16000.0;
  EXPECT_NEAR(added_seconds, 2.0, 0.3);
  EXPECT_GT(LongestSilence(paused), 16000u * 18 / 10);  // 1.8 s of near-silence
  EXPECT_LT(LongestSilence(plain), 16000u / 2);
}

TEST(SynthesizerTest, WordAndSentenceMarksPointAtTheTextInTimeOrder) {
  const std::string text = "Mary had a little lamb. It followed her from the school.";
  std::vector<json> marks = Marks(text, {"sentence", "word"});
  std::vector<std::string> words, sentences;
  double last_time = -1;
  for (const json& m : marks) {
    const double time = m["time"].get<double>();
    EXPECT_GE(time, last_time) << m;
    last_time = time;
    const size_t start = m["start"], end = m["end"];
    EXPECT_EQ(text.substr(start, end - start), m["value"].get<std::string>()) << m;
    (m["type"] == "word" ? words : sentences).push_back(m["value"]);
  }
  EXPECT_EQ(words, (std::vector<std::string>{"Mary", "had", "a", "little", "lamb", "It", "followed",
                                             "her", "from", "the", "school"}));
  EXPECT_EQ(sentences, (std::vector<std::string>{"Mary had a little lamb.",
                                                 "It followed her from the school."}));
  EXPECT_GT(last_time, 1000);  // the second sentence is well over a second in
}

TEST(SynthesizerTest, MarksInSsmlUseByteOffsetsIntoTheSsml) {
  const std::string ssml =
      "<speak>Un café <mark name=\"here\"/>au <emphasis>lait</emphasis>, s'il vous plaît.</speak>";
  std::vector<json> marks = Marks(ssml, {"word", "ssml"}, true);
  std::map<std::string, json> by_value;
  for (const json& m : marks) by_value[m["value"].get<std::string>()] = m;
  ASSERT_TRUE(by_value.count("café")) << json(marks).dump();
  EXPECT_EQ(by_value["café"]["start"], ssml.find("café"));
  EXPECT_EQ(by_value["café"]["end"], ssml.find("café") + 5);  // é is two bytes
  EXPECT_EQ(by_value["lait"]["start"], ssml.find("lait"));
  ASSERT_TRUE(by_value.count("here"));
  EXPECT_EQ(by_value["here"]["type"], "ssml");
  EXPECT_EQ(by_value["here"]["start"], ssml.find("<mark"));
  EXPECT_GE(by_value["here"]["time"], by_value["café"]["time"]);
  EXPECT_LE(by_value["here"]["time"], by_value["lait"]["time"]);
}

TEST(SynthesizerTest, LexiconAliasChangesTheOutput) {
  Result<Lexicon> lexicon = Lexicon::Parse(
      "w3c",
      "<lexicon version=\"1.0\" alphabet=\"ipa\" xml:lang=\"en-US\"><lexeme>"
      "<grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme></lexicon>");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().ToString();
  const std::string text = "Ask the W3C.";
  const size_t without = Pcm(text).size();
  const size_t with = Pcm(text, false, 16000, {&*lexicon}).size();
  EXPECT_GT(with, without + 16000 / 2);  // "World Wide Web Consortium" takes longer to say
  std::vector<json> words = Marks(text, {"word"}, false, {&*lexicon});
  ASSERT_EQ(words.size(), 3u) << json(words).dump();
  EXPECT_EQ(words[2]["value"], "W3C");  // the alias is one word at the grapheme's offsets
  EXPECT_EQ(words[2]["start"], 8);
  EXPECT_EQ(words[2]["end"], 11);
}

TEST(SynthesizerTest, VoicesOfOneLanguageSoundDifferent) {
  EXPECT_NE(Pcm("Good morning.", false, 16000, {}, "Joanna"),
            Pcm("Good morning.", false, 16000, {}, "Matthew"));
}

TEST(SynthesizerTest, RefusesBadRequestsWithTheirKind) {
  EXPECT_EQ(ErrorOf(Req("hi", nullptr, "Nobody")), SpeechErrorKind::kUnknownVoice);
  EXPECT_EQ(ErrorOf(Req(std::string(3001, 'a'))), SpeechErrorKind::kTextTooLong);
  EXPECT_EQ(ErrorOf(Req(std::string(3000, 'a'))), std::nullopt);
  // Tags are not billed.
  EXPECT_EQ(ErrorOf(Req("<speak>" + std::string(2990, 'a') + "<break/></speak>",
                        [](SpeechRequest& r) { r.ssml = true; })),
            std::nullopt);
  EXPECT_EQ(ErrorOf(Req("hi",
                        [](SpeechRequest& r) {
                          r.output_format = "pcm";
                          r.sample_rate = 22050;
                        })),
            SpeechErrorKind::kInvalidSampleRate);
  EXPECT_EQ(ErrorOf(Req("hi", [](SpeechRequest& r) { r.speech_mark_types = {"word"}; })),
            SpeechErrorKind::kMarksNotForFormat);
  EXPECT_EQ(ErrorOf(Req("hi",
                        [](SpeechRequest& r) {
                          r.output_format = "json";
                          r.speech_mark_types = {"ssml"};
                        })),
            SpeechErrorKind::kSsmlMarksNotForText);
  EXPECT_EQ(ErrorOf(Req("hi", [](SpeechRequest& r) { r.engine = "neural"; })),
            SpeechErrorKind::kEngineNotSupported);
  EXPECT_EQ(ErrorOf(Req("<speak>hi", [](SpeechRequest& r) { r.ssml = true; })),
            SpeechErrorKind::kInvalidSsml);
  EXPECT_EQ(ErrorOf(Req("hi", [](SpeechRequest& r) { r.language_code = "fr-FR"; })),
            SpeechErrorKind::kLanguageNotSupported);
}

TEST(SynthesizerTest, SsmlTagsChangeTheAudio) {
  const size_t plain = Pcm("<speak>The cat sat on the mat.</speak>", true).size();
  EXPECT_GT(
      Pcm("<speak><prosody rate=\"x-slow\">The cat sat on the mat.</prosody></speak>", true).size(),
      plain * 13 / 10);
  EXPECT_LT(
      Pcm("<speak><prosody rate=\"x-fast\">The cat sat on the mat.</prosody></speak>", true).size(),
      plain * 9 / 10);
  // Spelled out letter by letter ("see ay tee") takes longer than the word, about as long as
  // the letter names written out.
  const double spelled =
      Pcm("<speak><say-as interpret-as=\"spell-out\">cat</say-as></speak>", true).size();
  EXPECT_GT(spelled, Pcm("<speak>cat</speak>", true).size() * 1.15);
  EXPECT_NEAR(spelled / Pcm("<speak>see ay tee</speak>", true).size(), 1.0, 0.15);
  // 1234 digit by digit ("one two three four") differs from the number.
  EXPECT_NE(Pcm("<speak><say-as interpret-as=\"digits\">1234</say-as></speak>", true).size(),
            Pcm("<speak>1234</speak>", true).size());
  // An IPA phoneme replaces the written word: "tomato" said as /təˈmɑːtoʊ/ differs from espeak's.
  EXPECT_NE(Pcm("<speak><phoneme alphabet=\"ipa\" ph=\"təˈmɑːtoʊ\">tomato</phoneme></speak>", true),
            Pcm("<speak>tomato</speak>", true));
}

TEST(SynthesizerTest, VisemesAreOrderedAndFromPollysSet) {
  std::vector<json> marks = Marks("Papa moves the boat.", {"viseme"});
  const std::set<std::string> polly = {"p", "t", "S", "T", "f", "k", "i", "r",  "s",
                                       "u", "@", "a", "e", "E", "o", "O", "sil"};
  ASSERT_GT(marks.size(), 8u);
  double last = -1;
  std::string sequence;
  for (const json& m : marks) {
    EXPECT_EQ(m["type"], "viseme");
    EXPECT_FALSE(m.contains("start"));
    EXPECT_TRUE(polly.count(m["value"].get<std::string>())) << m;
    EXPECT_GE(m["time"].get<double>(), last);
    last = m["time"].get<double>();
    if (m["value"] != "sil") sequence += m["value"].get<std::string>() + " ";
  }
  EXPECT_EQ(sequence.substr(0, 4), "p a ") << sequence;  // "Papa" starts with lips closed
}

TEST(SynthesizerTest, ASinkThatStopsCancelsTheSynthesis) {
  std::string text;
  while (text.size() < 2000) text += "A long text that the reader will not wait for. ";
  Result<PreparedSpeech> speech = PrepareSpeech(Req(text), {});
  ASSERT_TRUE(speech.ok());
  size_t calls = 0;
  Status status = RenderSpeech(*speech, [&calls](std::string_view) { return ++calls < 2; });
  EXPECT_EQ(status.code(), StatusCode::kCancelled) << status.ToString();
  EXPECT_EQ(calls, 2u);
  // The engine is free again afterwards.
  EXPECT_FALSE(Pcm("Still here.").empty());
}

TEST(SynthesizerTest, OddInputsStillRender) {
  for (const std::string& text : {std::string(""), std::string("   \n\t "), std::string("?!...;"),
                                  std::string("🙂 ok 🙂"), std::string(3000, 'a'),
                                  std::string("x\xff\xfe y"), std::string("[[ ]] <b> & \"q\"")}) {
    Result<std::string> audio = SynthesizeToString(Req(text), {});
    EXPECT_TRUE(audio.ok()) << text.substr(0, 20) << ": " << audio.status().ToString();
    std::vector<json> marks = Marks(text, {"word", "sentence"});
    for (const json& m : marks) {
      EXPECT_LE(m["end"].get<size_t>(), text.size()) << m;
      EXPECT_LE(m["start"].get<size_t>(), m["end"].get<size_t>()) << m;
    }
  }
  const std::string nested =
      "<speak><p><s><prosody rate=\"slow\"><emphasis>Deep <prosody pitch=\"+20%\">and "
      "<say-as interpret-as=\"characters\">AB</say-as></prosody></emphasis></prosody></s></p>"
      "<!-- a comment --><![CDATA[ x < y ]]></speak>";
  std::vector<json> marks = Marks(nested, {"word"}, true);
  std::vector<std::string> words;
  for (const json& m : marks) words.push_back(m["value"]);
  EXPECT_EQ(words, (std::vector<std::string>{"Deep", "and", "AB", "x", "y"}));
}

TEST(VoicesTest, TableCoversPollyLanguagesWithGenders) {
  EXPECT_EQ(FindVoice("Joanna")->language_code, "en-US");
  EXPECT_EQ(FindVoice("Joanna")->gender, "Female");
  EXPECT_EQ(FindVoice("Brian")->gender, "Male");
  EXPECT_EQ(FindVoice("joanna"), nullptr);  // case-sensitive, as Polly
  std::vector<const Voice*> es = ListVoices("es-ES");
  ASSERT_GE(es.size(), 2u);
  for (const Voice* v : es) EXPECT_EQ(v->language_code, "es-ES");
  // Every voice renders (its espeak-ng voice exists).
  for (const Voice* v : ListVoices()) {
    Result<std::string> out = SynthesizeToString(
        Req(
            "1", [](SpeechRequest& r) { r.output_format = "pcm"; }, std::string(v->id)),
        {});
    EXPECT_TRUE(out.ok()) << v->id << ": " << out.status().ToString();
  }
}

}  // namespace
}  // namespace lathe::services::speech
