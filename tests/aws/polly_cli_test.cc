// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Polly conformance: the real aws CLI (Debian's awscli, SigV4-signed with a Lathe invoke
// key) calls `lathe serve` with --endpoint-url over Polly's rest-json routes; audio files are
// checked with file(1), raw JSON answers member by member against polly/2016-06-10.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "aws/aws_cli_harness.h"

namespace lathe::testing {
namespace {

using nlohmann::json;

class PollyCliTest : public AwsCliTest {
 protected:
  PollyCliTest() : AwsCliTest("polly", "polly/2016-06-10", "") {}

  std::filesystem::path Path(const std::string& name) { return server().work_dir() / name; }

  std::string ReadFile(const std::string& name) {
    std::ifstream in(Path(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

  // file(1)'s description of an output file.
  std::string FileType(const std::string& name) {
    std::string cmd = "file -b " + ShellQuote(Path(name).string());
    std::string out;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (pipe == nullptr) return out;
    char buf[512];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    pclose(pipe);
    return out;
  }

  std::vector<json> JsonLines(const std::string& name) {
    std::vector<json> out;
    std::istringstream in(ReadFile(name));
    for (std::string line; std::getline(in, line);)
      out.push_back(json::parse(line, nullptr, false));
    return out;
  }
};

const std::string kPls =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" "
    "alphabet=\"ipa\" xml:lang=\"en-US\">\n"
    "  <lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>\n"
    "</lexicon>\n";

TEST_F(PollyCliTest, SynthesizeSpeechWritesAPlayableMp3) {
  AwsRun run = Aws({"synthesize-speech", "--output-format", "mp3", "--voice-id", "Joanna", "--text",
                    "Hello from Lathe, a platform on your own machine.", "out.mp3"});
  ASSERT_EQ(run.exit_code, 0) << run;
  EXPECT_EQ(run.Json()["ContentType"], "audio/mpeg") << run;
  // botocore reads the x-amzn-RequestCharacters header; the CLI prints it as text.
  const json characters = run.Json()["RequestCharacters"];
  EXPECT_TRUE(characters == 49 || characters == "49") << run;
  EXPECT_NE(FileType("out.mp3").find("MPEG ADTS, layer III"), std::string::npos)
      << FileType("out.mp3");
  EXPECT_GT(std::filesystem::file_size(Path("out.mp3")), 5000u);  // ~3 s at 48 kbps
}

TEST_F(PollyCliTest, OggVorbisAndPcmAtTheirSampleRates) {
  AwsRun ogg = Aws({"synthesize-speech", "--output-format", "ogg_vorbis", "--voice-id", "Brian",
                    "--sample-rate", "24000", "--text", "Good evening.", "out.ogg"});
  ASSERT_EQ(ogg.exit_code, 0) << ogg;
  EXPECT_EQ(ogg.Json()["ContentType"], "audio/ogg");
  EXPECT_NE(FileType("out.ogg").find("Ogg data, Vorbis audio, mono, 24000 Hz"), std::string::npos)
      << FileType("out.ogg");
  AwsRun pcm8 = Aws({"synthesize-speech", "--output-format", "pcm", "--voice-id", "Brian",
                     "--sample-rate", "8000", "--text", "Good evening.", "out8.pcm"});
  AwsRun pcm16 = Aws({"synthesize-speech", "--output-format", "pcm", "--voice-id", "Brian",
                      "--text", "Good evening.", "out16.pcm"});
  ASSERT_EQ(pcm8.exit_code, 0) << pcm8;
  ASSERT_EQ(pcm16.exit_code, 0) << pcm16;
  EXPECT_EQ(pcm16.Json()["ContentType"], "audio/pcm");
  const double samples8 = std::filesystem::file_size(Path("out8.pcm")) / 2.0;
  const double samples16 = std::filesystem::file_size(Path("out16.pcm")) / 2.0;  // default 16000
  EXPECT_NEAR(samples16 / samples8, 2.0, 0.005);  // same speech, twice the samples
  EXPECT_GT(samples8, 8000 * 0.5);
}

TEST_F(PollyCliTest, SpeechMarksAsJsonLines) {
  const std::string text = "The quick brown fox. It jumps over the lazy dog.";
  AwsRun run = Aws({"synthesize-speech", "--output-format", "json", "--voice-id", "Matthew",
                    "--speech-mark-types", "word", "sentence", "--text", text, "marks.json"});
  ASSERT_EQ(run.exit_code, 0) << run;
  EXPECT_EQ(run.Json()["ContentType"], "application/x-json-stream");
  std::vector<std::string> words;
  int sentences = 0;
  double last = -1;
  for (const json& m : JsonLines("marks.json")) {
    ASSERT_FALSE(m.is_discarded());
    EXPECT_GE(m["time"].get<double>(), last);
    last = m["time"].get<double>();
    const size_t start = m["start"], end = m["end"];
    EXPECT_EQ(text.substr(start, end - start), m["value"]) << m;
    if (m["type"] == "word") words.push_back(m["value"]);
    sentences += m["type"] == "sentence";
  }
  EXPECT_EQ(sentences, 2);
  EXPECT_EQ(words.size(), 10u);
  EXPECT_EQ(words[3], "fox");
  // SSML marks point at the <mark/> tag.
  const std::string ssml = "<speak>One <mark name=\"two\"/>two <break time=\"1s\"/>three</speak>";
  AwsRun marks =
      Aws({"synthesize-speech", "--output-format", "json", "--voice-id", "Amy", "--text-type",
           "ssml", "--speech-mark-types", "ssml", "word", "--text", ssml, "ssml.json"});
  ASSERT_EQ(marks.exit_code, 0) << marks;
  std::map<std::string, json> by_value;
  for (const json& m : JsonLines("ssml.json"))
    by_value[m["type"].get<std::string>() + ":" + m["value"].get<std::string>()] = m;
  ASSERT_EQ(by_value.size(), 4u) << ReadFile("ssml.json");
  EXPECT_EQ(by_value["ssml:two"]["start"], ssml.find("<mark"));
  EXPECT_EQ(by_value["word:three"]["start"], ssml.find("three"));
  // The one-second break lies between "two" and "three".
  EXPECT_GE(
      by_value["word:three"]["time"].get<double>() - by_value["word:two"]["time"].get<double>(),
      1000);
}

TEST_F(PollyCliTest, DescribeVoicesWithLanguageFilter) {
  AwsRun run = Aws({"describe-voices", "--language-code", "en-GB"});
  ASSERT_EQ(run.exit_code, 0) << run;
  std::set<std::string> ids;
  const json out = run.Json();
  for (const json& v : out["Voices"]) {
    EXPECT_EQ(v["LanguageCode"], "en-GB");
    ids.insert(v["Id"].get<std::string>());
  }
  EXPECT_TRUE(ids.count("Amy") && ids.count("Brian") && ids.count("Emma")) << run;
  AwsRun all = Aws({"describe-voices"});
  ASSERT_EQ(all.exit_code, 0) << all;
  const json every = all.Json();
  EXPECT_GT(every["Voices"].size(), 60u);
  HttpResult raw = Get(server().url("/v1/voices?LanguageCode=es-US"));
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("DescribeVoices", raw.Json()), "") << raw.body;
  EXPECT_EQ(raw.Json()["Voices"].size(), 4u);  // Lupe, Miguel, Pedro, Penelope
}

TEST_F(PollyCliTest, LexiconsPutGetListApplyDelete) {
  { std::ofstream(Path("w3c.pls")) << kPls; }
  AwsRun put = Aws({"put-lexicon", "--name", "w3c", "--content", "file://w3c.pls"});
  ASSERT_EQ(put.exit_code, 0) << put;
  AwsRun get = Aws({"get-lexicon", "--name", "w3c"});
  ASSERT_EQ(get.exit_code, 0) << get;
  EXPECT_EQ(get.Json()["Lexicon"]["Content"], kPls);
  EXPECT_EQ(get.Json()["LexiconAttributes"]["LexemesCount"], 1);
  EXPECT_EQ(get.Json()["LexiconAttributes"]["Alphabet"], "ipa");
  AwsRun list = Aws({"list-lexicons"});
  ASSERT_EQ(list.exit_code, 0) << list;
  ASSERT_EQ(list.Json()["Lexicons"].size(), 1u);
  EXPECT_EQ(list.Json()["Lexicons"][0]["Name"], "w3c");
  HttpResult raw_get = Get(server().url("/v1/lexicons/w3c"));
  EXPECT_EQ(model().Conformance("GetLexicon", raw_get.Json()), "") << raw_get.body;
  HttpResult raw_list = Get(server().url("/v1/lexicons"));
  EXPECT_EQ(model().Conformance("ListLexicons", raw_list.Json()), "") << raw_list.body;
  // Applied: the alias is much longer to say than "W3C".
  AwsRun plain = Aws({"synthesize-speech", "--output-format", "pcm", "--voice-id", "Joanna",
                      "--text", "The W3C.", "plain.pcm"});
  AwsRun aliased = Aws({"synthesize-speech", "--output-format", "pcm", "--voice-id", "Joanna",
                        "--lexicon-names", "w3c", "--text", "The W3C.", "alias.pcm"});
  ASSERT_EQ(aliased.exit_code, 0) << aliased;
  EXPECT_GT(std::filesystem::file_size(Path("alias.pcm")),
            std::filesystem::file_size(Path("plain.pcm")) + 16000);  // +0.5 s at 16 kHz
  AwsRun del = Aws({"delete-lexicon", "--name", "w3c"});
  ASSERT_EQ(del.exit_code, 0) << del;
  AwsRun gone = Aws({"get-lexicon", "--name", "w3c"});
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_NE(gone.err.find("LexiconNotFoundException"), std::string::npos) << gone;
  AwsRun missing = Aws({"synthesize-speech", "--output-format", "mp3", "--voice-id", "Joanna",
                        "--lexicon-names", "w3c", "--text", "x", "x.mp3"});
  EXPECT_NE(missing.err.find("LexiconNotFoundException"), std::string::npos) << missing;
  { std::ofstream(Path("bad.pls")) << "<lexicon alphabet=\"ipa\"><lexeme></lexicon>"; }
  AwsRun bad = Aws({"put-lexicon", "--name", "bad", "--content", "file://bad.pls"});
  EXPECT_NE(bad.err.find("InvalidLexiconException"), std::string::npos) << bad;
  EXPECT_NE(bad.err.find("line 1, column"), std::string::npos) << bad;
}

TEST_F(PollyCliTest, BadInputGetsTheModeledExceptions) {
  AwsRun voice = Aws({"synthesize-speech", "--output-format", "mp3", "--voice-id", "Nobody",
                      "--text", "hi", "x.mp3"});
  EXPECT_NE(voice.exit_code, 0);
  EXPECT_NE(voice.err.find("ValidationException"), std::string::npos) << voice;
  EXPECT_NE(voice.err.find("VoiceId 'Nobody'"), std::string::npos) << voice;
  AwsRun ssml =
      Aws({"synthesize-speech", "--output-format", "mp3", "--voice-id", "Joanna", "--text-type",
           "ssml", "--text", "<speak>Hi <prosody rate='slow'>there</speak>", "x.mp3"});
  EXPECT_NE(ssml.err.find("InvalidSsmlException"), std::string::npos) << ssml;
  EXPECT_NE(ssml.err.find("line 1, column 37"), std::string::npos) << ssml;
  AwsRun long_text = Aws({"synthesize-speech", "--output-format", "mp3", "--voice-id", "Joanna",
                          "--text", std::string(3001, 'a'), "x.mp3"});
  EXPECT_NE(long_text.err.find("TextLengthExceededException"), std::string::npos) << long_text;
  AwsRun rate = Aws({"synthesize-speech", "--output-format", "pcm", "--voice-id", "Joanna",
                     "--sample-rate", "22050", "--text", "hi", "x.pcm"});
  EXPECT_NE(rate.err.find("InvalidSampleRateException"), std::string::npos) << rate;
  AwsRun marks = Aws({"synthesize-speech", "--output-format", "mp3", "--voice-id", "Joanna",
                      "--speech-mark-types", "word", "--text", "hi", "x.mp3"});
  EXPECT_NE(marks.err.find("MarksNotSupportedForFormatException"), std::string::npos) << marks;
  AwsRun neural = Aws({"synthesize-speech", "--output-format", "mp3", "--voice-id", "Joanna",
                       "--engine", "neural", "--text", "hi", "x.mp3"});
  EXPECT_NE(neural.err.find("EngineNotSupportedException"), std::string::npos) << neural;
  HttpResult raw = Send("POST", server().url("/v1/speech"), "{not json", "application/json");
  EXPECT_EQ(raw.status, 400);
  EXPECT_EQ(raw.Header("x-amzn-errortype"), "ValidationException");
}

TEST_F(PollyCliTest, LongTextIsStreamedInChunks) {
  std::string text;
  while (text.size() < 2800) text += "This sentence is one of many in a long text. ";
  const auto start = std::chrono::steady_clock::now();
  HttpResult raw = Send("POST", server().url("/v1/speech"),
                        json{{"Text", text}, {"VoiceId", "Joanna"}, {"OutputFormat", "mp3"}}.dump(),
                        "application/json");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(raw.Header("transfer-encoding"), "chunked");
  EXPECT_EQ(raw.Header("x-amzn-requestcharacters"), std::to_string(text.size()));
  EXPECT_GT(raw.body.size(), 48000 / 8 * 60u);  // over a minute of 48 kbps audio
  EXPECT_LT(seconds, 60);
  // Three at once: espeak-ng runs them one after another and each stream completes (espeak-ng
  // is not bit-exact from one call to the next, so the lengths are compared).
  std::vector<HttpResult> parallel(3);
  std::vector<std::thread> threads;
  for (HttpResult& r : parallel) {
    threads.emplace_back([&r, &text, this] {
      r = Send("POST", server().url("/v1/speech"),
               json{{"Text", text}, {"VoiceId", "Joanna"}, {"OutputFormat", "mp3"}}.dump(),
               "application/json");
    });
  }
  for (std::thread& t : threads) t.join();
  for (const HttpResult& r : parallel) {
    EXPECT_EQ(r.status, 200) << r.status;
    EXPECT_NEAR(static_cast<double>(r.body.size()) / raw.body.size(), 1.0, 0.01);
  }
  // The native route gives the same audio format.
  HttpResult native =
      Send("POST", server().url("/api/v1/speech"),
           json{{"text", "Hello."}, {"voice", "Amy"}, {"format", "ogg_vorbis"}}.dump(),
           "application/json");
  ASSERT_EQ(native.status, 200) << native;
  EXPECT_EQ(native.Header("content-type"), "audio/ogg");
  EXPECT_EQ(native.body.substr(0, 4), "OggS");
  HttpResult bad =
      Send("POST", server().url("/api/v1/speech"),
           json{{"text", "<speak>x"}, {"text_type", "ssml"}}.dump(), "application/json");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("line 1, column 1"), std::string::npos) << bad;
}

TEST_F(PollyCliTest, EveryVoiceIdOfTheModelIsSpoken) {
  const json enum_ids = model().json()["shapes"]["VoiceId"]["enum"];
  ASSERT_GT(enum_ids.size(), 80u);
  AwsRun all = Aws({"describe-voices"});
  ASSERT_EQ(all.exit_code, 0) << all;
  std::set<std::string> listed;
  const json voices = all.Json();  // kept: a range-for over a temporary's member would dangle
  for (const json& v : voices["Voices"]) listed.insert(v["Id"].get<std::string>());
  for (const json& id : enum_ids) EXPECT_TRUE(listed.count(id.get<std::string>())) << id;
  for (const char* id : {"Adriano", "Elin", "Ida", "Laura", "Ola", "Pedro", "Thiago"}) {
    AwsRun run = Aws({"synthesize-speech", "--output-format", "mp3", "--voice-id", id, "--text",
                      "Hola, hello.", std::string(id) + ".mp3"});
    ASSERT_EQ(run.exit_code, 0) << run;
    EXPECT_NE(FileType(std::string(id) + ".mp3").find("MPEG ADTS, layer III"), std::string::npos)
        << id;
  }
}

TEST_F(PollyCliTest, SynthesisTaskRunsAndItsOutputUriServesTheAudio) {
  AwsRun start = Aws({"start-speech-synthesis-task", "--output-format", "mp3", "--voice-id",
                      "Joanna", "--output-s3-bucket-name", "my-bucket", "--output-s3-key-prefix",
                      "news/today.", "--text", "Good morning. This was made by a task."});
  ASSERT_EQ(start.exit_code, 0) << start;
  const json task = start.Json()["SynthesisTask"];
  const std::string id = task["TaskId"];
  EXPECT_TRUE(task["TaskStatus"] == "scheduled" || task["TaskStatus"] == "inProgress" ||
              task["TaskStatus"] == "completed")
      << start;
  EXPECT_EQ(task["RequestCharacters"], 38);
  EXPECT_EQ(task["VoiceId"], "Joanna");
  json done;
  for (int i = 0; i < 600; ++i) {
    AwsRun get = Aws({"get-speech-synthesis-task", "--task-id", id});
    ASSERT_EQ(get.exit_code, 0) << get;
    done = get.Json()["SynthesisTask"];
    if (done["TaskStatus"] == "completed" || done["TaskStatus"] == "failed") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(done["TaskStatus"], "completed") << done;
  const std::string uri = done["OutputUri"];
  // An absolute URL on the host the CLI called.
  EXPECT_EQ(uri, server().url("/api/v1/speech/tasks/" + id + "/output"));
  EXPECT_EQ(uri.rfind("http://127.0.0.1:", 0), 0u) << uri;
  HttpResult audio = Get(uri);
  ASSERT_EQ(audio.status, 200) << audio.status;
  std::ofstream(Path("task.mp3"), std::ios::binary) << audio.body;
  EXPECT_NE(FileType("task.mp3").find("MPEG ADTS, layer III"), std::string::npos)
      << FileType("task.mp3");
  // The file is under <data dir>/speech-tasks/<bucket>/<prefix><id>.mp3.
  EXPECT_TRUE(std::filesystem::exists(server().data_dir() / "speech-tasks" / "my-bucket" / "news" /
                                      ("today." + id + ".mp3")));

  HttpResult raw_get = Get(server().url("/v1/synthesisTasks/" + id));
  ASSERT_EQ(raw_get.status, 200) << raw_get;
  EXPECT_EQ(model().Conformance("GetSpeechSynthesisTask", raw_get.Json()), "") << raw_get.body;
  HttpResult raw_start =
      Send("POST", server().url("/v1/synthesisTasks"),
           json({{"Text", "Marks."}, {"VoiceId", "Brian"}, {"OutputFormat", "json"},
                 {"SpeechMarkTypes", {"word"}}, {"OutputS3BucketName", "marks"}})
               .dump(),
           "application/json", {});
  ASSERT_EQ(raw_start.status, 200) << raw_start;
  EXPECT_EQ(model().Conformance("StartSpeechSynthesisTask", raw_start.Json()), "")
      << raw_start.body;

  // --page-size is the CLI's MaxResults; it follows NextToken through both pages.
  AwsRun list = Aws({"list-speech-synthesis-tasks", "--page-size", "1"});
  ASSERT_EQ(list.exit_code, 0) << list;
  ASSERT_EQ(list.Json()["SynthesisTasks"].size(), 2u) << list;
  HttpResult raw_list = Get(server().url("/v1/synthesisTasks?MaxResults=1"));
  ASSERT_EQ(raw_list.status, 200) << raw_list;
  EXPECT_EQ(model().Conformance("ListSpeechSynthesisTasks", raw_list.Json()), "")
      << raw_list.body;
  EXPECT_EQ(raw_list.Json()["NextToken"], "1");
  AwsRun completed = Aws({"list-speech-synthesis-tasks", "--status", "completed"});
  ASSERT_EQ(completed.exit_code, 0) << completed;
  bool found = false;
  const json completed_tasks = completed.Json();
  for (const json& t : completed_tasks["SynthesisTasks"]) found = found || t["TaskId"] == id;
  EXPECT_TRUE(found) << completed;
}

TEST_F(PollyCliTest, SynthesisTaskBadInputGetsTheModeledExceptions) {
  auto start = [&](const std::string& bucket, const std::string& prefix) {
    return Aws({"start-speech-synthesis-task", "--output-format", "mp3", "--voice-id", "Joanna",
                "--output-s3-bucket-name", bucket, "--output-s3-key-prefix", prefix, "--text",
                "x"});
  };
  AwsRun bucket = start("../escape", "");
  EXPECT_NE(bucket.err.find("InvalidS3BucketException"), std::string::npos) << bucket;
  AwsRun key = start("bucket", "../../etc/");
  EXPECT_NE(key.err.find("InvalidS3KeyException"), std::string::npos) << key;
  EXPECT_NE(key.err.find("'..'"), std::string::npos) << key;
  AwsRun missing = Aws({"get-speech-synthesis-task", "--task-id", "st_nosuchtask"});
  EXPECT_NE(missing.err.find("SynthesisTaskNotFoundException"), std::string::npos) << missing;
  AwsRun bad_id = Aws({"get-speech-synthesis-task", "--task-id", "a.b"});
  EXPECT_NE(bad_id.err.find("InvalidTaskIdException"), std::string::npos) << bad_id;
  HttpResult token = Get(server().url("/v1/synthesisTasks?NextToken=garbage"));
  EXPECT_EQ(token.status, 400) << token;
  EXPECT_EQ(token.Header("X-Amzn-ErrorType"), "InvalidNextTokenException") << token;
  AwsRun ssml = Aws({"start-speech-synthesis-task", "--output-format", "mp3", "--voice-id",
                     "Joanna", "--output-s3-bucket-name", "bucket", "--text-type", "ssml",
                     "--text", "<speak>open"});
  EXPECT_NE(ssml.err.find("InvalidSsmlException"), std::string::npos) << ssml;
  std::string long_text;
  while (long_text.size() <= 100000) long_text += "Words and more words. ";
  { std::ofstream(Path("long.txt")) << long_text; }
  AwsRun too_long = Aws({"start-speech-synthesis-task", "--output-format", "mp3", "--voice-id",
                         "Joanna", "--output-s3-bucket-name", "bucket", "--text",
                         "file://long.txt"});
  EXPECT_NE(too_long.err.find("TextLengthExceededException"), std::string::npos) << too_long;
  HttpResult none = Get(server().url("/v1/synthesisTasks"));
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(none.Json()["SynthesisTasks"].empty()) << none.body;  // nothing refused was kept
}

TEST_F(PollyCliTest, ATaskInterruptedByARestartIsFailed) {
  std::string long_text;
  while (long_text.size() < 90000) long_text += "A long text that keeps the synthesis busy. ";
  { std::ofstream(Path("long.txt")) << long_text; }
  AwsRun start = Aws({"start-speech-synthesis-task", "--output-format", "ogg_vorbis", "--voice-id",
                      "Joanna", "--output-s3-bucket-name", "bucket", "--text", "file://long.txt"});
  ASSERT_EQ(start.exit_code, 0) << start;
  const std::string id = start.Json()["SynthesisTask"]["TaskId"];
  ASSERT_TRUE(server().Restart());
  AwsRun get = Aws({"get-speech-synthesis-task", "--task-id", id});
  ASSERT_EQ(get.exit_code, 0) << get;
  EXPECT_EQ(get.Json()["SynthesisTask"]["TaskStatus"], "failed") << get;
  EXPECT_NE(get.Json()["SynthesisTask"]["TaskStatusReason"].get<std::string>().find("interrupted"),
            std::string::npos)
      << get;
  HttpResult output = Get(server().url("/api/v1/speech/tasks/" + id + "/output"));
  EXPECT_EQ(output.status, 409) << output;  // no output for a failed task
}

}  // namespace
}  // namespace lathe::testing
