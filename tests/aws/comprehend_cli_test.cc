// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Comprehend conformance: the real aws CLI (Debian's awscli at /usr/bin/aws, SigV4-signed
// with a Lathe invoke key) calls `lathe serve` with --endpoint-url, and the raw responses are
// checked member by member against the service model that awscli ships
// (botocore/data/comprehend/2017-11-27/service-2.json): names, types, required members, enums.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "aws/aws_cli_harness.h"

namespace lathe::testing {
namespace {

using nlohmann::json;

class ComprehendCliTest : public AwsCliTest {
 protected:
  ComprehendCliTest() : AwsCliTest("comprehend", "comprehend/2017-11-27", "Comprehend_20171127") {}
};

const std::string kFrench =
    "Le marché du samedi matin attire toujours beaucoup de monde, surtout quand il fait beau.";
const std::string kGerman =
    "Wir treffen uns morgen früh am Bahnhof und fahren dann gemeinsam in die Berge.";
// Vietnamese before the PII: character offsets differ from byte offsets.
const std::string kPiiText =
    "Gửi cho Nguyễn Văn An: email an.nguyen@example.com, card 4111 1111 1111 1111, "
    "SSN 123-45-6789, server 10.0.0.12.";

size_t CodePoints(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

TEST_F(ComprehendCliTest, DetectDominantLanguage) {
  AwsRun run = Aws({"detect-dominant-language", "--text", kFrench});
  ASSERT_EQ(run.exit_code, 0) << run;
  json out = run.Json();
  ASSERT_FALSE(out["Languages"].empty()) << run;
  EXPECT_EQ(out["Languages"][0]["LanguageCode"], "fr");
  EXPECT_GT(out["Languages"][0]["Score"].get<double>(), 0.9);
  HttpResult raw = Raw("DetectDominantLanguage", {{"Text", kGerman}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(raw.Header("content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(model().Conformance("DetectDominantLanguage", raw.Json()), "") << raw.body;
  EXPECT_EQ(raw.Json()["Languages"][0]["LanguageCode"], "de");
}

TEST_F(ComprehendCliTest, BatchDetectDominantLanguage) {
  AwsRun run = Aws({"batch-detect-dominant-language", "--text-list", kFrench, kGerman});
  ASSERT_EQ(run.exit_code, 0) << run;
  json out = run.Json();
  ASSERT_EQ(out["ResultList"].size(), 2u) << run;
  EXPECT_EQ(out["ResultList"][0]["Index"], 0);
  EXPECT_EQ(out["ResultList"][0]["Languages"][0]["LanguageCode"], "fr");
  EXPECT_EQ(out["ResultList"][1]["Index"], 1);
  EXPECT_EQ(out["ResultList"][1]["Languages"][0]["LanguageCode"], "de");
  EXPECT_TRUE(out["ErrorList"].empty());
  HttpResult raw = Raw("BatchDetectDominantLanguage", {{"TextList", {kFrench, kGerman}}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("BatchDetectDominantLanguage", raw.Json()), "") << raw.body;
}

TEST_F(ComprehendCliTest, DetectPiiEntitiesWithCharacterOffsets) {
  AwsRun run = Aws({"detect-pii-entities", "--text", kPiiText, "--language-code", "en"});
  ASSERT_EQ(run.exit_code, 0) << run;
  std::map<std::string, json> by_type;
  const json out = run.Json();
  for (const json& e : out["Entities"]) by_type[e["Type"].get<std::string>()] = e;
  ASSERT_TRUE(by_type.count("EMAIL")) << run;
  const size_t email = CodePoints(kPiiText.substr(0, kPiiText.find("an.nguyen@")));
  EXPECT_EQ(by_type["EMAIL"]["BeginOffset"], email);
  EXPECT_EQ(by_type["EMAIL"]["EndOffset"], email + std::string("an.nguyen@example.com").size());
  EXPECT_TRUE(by_type.count("CREDIT_DEBIT_NUMBER")) << run;
  EXPECT_TRUE(by_type.count("SSN")) << run;
  EXPECT_TRUE(by_type.count("IP_ADDRESS")) << run;
  HttpResult raw = Raw("DetectPiiEntities", {{"Text", kPiiText}, {"LanguageCode", "en"}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("DetectPiiEntities", raw.Json()), "") << raw.body;
}

TEST_F(ComprehendCliTest, ContainsPiiEntities) {
  AwsRun run = Aws({"contains-pii-entities", "--text", kPiiText, "--language-code", "en"});
  ASSERT_EQ(run.exit_code, 0) << run;
  std::set<std::string> names;
  const json out = run.Json();
  for (const json& l : out["Labels"]) names.insert(l["Name"].get<std::string>());
  EXPECT_TRUE(names.count("EMAIL") && names.count("SSN") && names.count("CREDIT_DEBIT_NUMBER"))
      << run;
  AwsRun clean = Aws({"contains-pii-entities", "--text", "Nothing personal here at all.",
                      "--language-code", "en"});
  ASSERT_EQ(clean.exit_code, 0) << clean;
  EXPECT_TRUE(clean.Json()["Labels"].empty()) << clean;
  HttpResult raw = Raw("ContainsPiiEntities", {{"Text", kPiiText}, {"LanguageCode", "en"}});
  EXPECT_EQ(model().Conformance("ContainsPiiEntities", raw.Json()), "") << raw.body;
}

TEST_F(ComprehendCliTest, DetectKeyPhrases) {
  AwsRun run = Aws({"detect-key-phrases", "--language-code", "en", "--text",
                    "The city council approved the new public library on Monday."});
  ASSERT_EQ(run.exit_code, 0) << run;
  std::set<std::string> phrases;
  const json out = run.Json();
  for (const json& p : out["KeyPhrases"]) phrases.insert(p["Text"].get<std::string>());
  EXPECT_TRUE(phrases.count("city council approved new public library") ||
              phrases.count("new public library"))
      << run;
  EXPECT_TRUE(phrases.count("Monday")) << run;
  AwsRun batch = Aws({"batch-detect-key-phrases", "--language-code", "es", "--text-list",
                      "La biblioteca municipal abre el lunes.", "El tren llega tarde."});
  ASSERT_EQ(batch.exit_code, 0) << batch;
  EXPECT_EQ(batch.Json()["ResultList"].size(), 2u);
  HttpResult raw = Raw("BatchDetectKeyPhrases",
                       {{"TextList", {"La biblioteca municipal abre el lunes."}},
                        {"LanguageCode", "es"}});
  EXPECT_EQ(model().Conformance("BatchDetectKeyPhrases", raw.Json()), "") << raw.body;
}

TEST_F(ComprehendCliTest, TwentySixDocumentsIsBatchSizeLimitExceeded) {
  std::vector<std::string> args = {"batch-detect-dominant-language", "--text-list"};
  for (int i = 0; i < 26; ++i) args.push_back("Document number " + std::to_string(i) + " here.");
  AwsRun run = Aws(args);
  EXPECT_NE(run.exit_code, 0) << run;
  EXPECT_NE(run.err.find("BatchSizeLimitExceededException"), std::string::npos) << run;
  args.pop_back();  // 25 is allowed
  AwsRun ok = Aws(args);
  ASSERT_EQ(ok.exit_code, 0) << ok;
  EXPECT_EQ(ok.Json()["ResultList"].size(), 25u);
}

TEST_F(ComprehendCliTest, TooLongTextIsTextSizeLimitExceeded) {
  std::string text;
  while (text.size() <= 100000) text += "The committee met again. ";
  AwsRun run = Aws({"detect-pii-entities", "--language-code", "en", "--text", text});
  EXPECT_NE(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("TextSizeLimitExceededException"), std::string::npos) << run.err;
  // A batch document over 5,000 bytes too.
  AwsRun batch = Aws({"batch-detect-dominant-language", "--text-list", text.substr(0, 5001)});
  EXPECT_NE(batch.err.find("TextSizeLimitExceededException"), std::string::npos) << batch.err;
}

TEST_F(ComprehendCliTest, UnsupportedLanguage) {
  AwsRun run = Aws({"detect-pii-entities", "--language-code", "fr", "--text", kFrench});
  EXPECT_NE(run.exit_code, 0) << run;
  EXPECT_NE(run.err.find("UnsupportedLanguageException"), std::string::npos) << run;
  AwsRun kp = Aws({"detect-key-phrases", "--language-code", "xx", "--text", kFrench});
  EXPECT_NE(kp.err.find("UnsupportedLanguageException"), std::string::npos) << kp;
}

TEST_F(ComprehendCliTest, BadRequestsAreAwsErrorsAndTheServerStaysUp) {
  HttpResult no_target = Send("POST", server().url("/"), "{}", "application/x-amz-json-1.1");
  EXPECT_EQ(no_target.status, 400) << no_target;
  EXPECT_EQ(no_target.Json()["__type"], "UnknownOperationException");
  EXPECT_NE(no_target.Json()["message"].get<std::string>().find("X-Amz-Target"),
            std::string::npos);
  HttpResult unknown = Raw("DetectSentimentTypo", {{"Text", "hi"}});
  EXPECT_EQ(unknown.Json()["__type"], "UnknownOperationException") << unknown;
  HttpResult malformed = Send("POST", server().url("/"), "{\"Text\": ", "application/x-amz-json-1.1",
                              {"X-Amz-Target: Comprehend_20171127.DetectDominantLanguage"});
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(malformed.Json()["__type"], "SerializationException") << malformed;
  HttpResult missing = Raw("DetectPiiEntities", {{"Text", "hello there"}});
  EXPECT_EQ(missing.Json()["__type"], "InvalidRequestException") << missing;
  EXPECT_NE(missing.body.find("LanguageCode"), std::string::npos) << missing;
  HttpResult empty = Raw("DetectDominantLanguage", {{"Text", ""}});
  EXPECT_EQ(empty.Json()["__type"], "InvalidRequestException") << empty;
  HttpResult wrong_type = Raw("BatchDetectDominantLanguage", {{"TextList", "not a list"}});
  EXPECT_EQ(wrong_type.Json()["__type"], "InvalidRequestException") << wrong_type;
  // GET / is still the studio.
  HttpResult studio = Get(server().url("/"));
  EXPECT_EQ(studio.status, 200) << studio;
  EXPECT_NE(studio.Header("content-type").find("text/html"), std::string::npos);
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

TEST_F(ComprehendCliTest, WrongSecretIsRefused) {
  secret_ += "x";
  AwsRun run = Aws({"detect-dominant-language", "--text", kFrench});
  EXPECT_NE(run.exit_code, 0) << run;
  EXPECT_NE(run.err.find("signature"), std::string::npos) << run;
  // The exception is named, as AWS names it (the JSON 1.1 body carries __type).
  EXPECT_NE(run.err.find("(InvalidSignatureException)"), std::string::npos) << run;
}

TEST_F(ComprehendCliTest, NativeRestDetectsAndRedacts) {
  HttpResult r = Post(server().url("/api/v1/text/detect-pii?redact=true"),
                      json{{"text", kPiiText}}.dump(), "application/json");
  ASSERT_EQ(r.status, 200) << r;
  const std::string redacted = r.Json()["redacted_text"];
  EXPECT_NE(redacted.find("email [EMAIL], card [CREDIT_DEBIT_NUMBER], SSN [SSN]"),
            std::string::npos)
      << redacted;
  EXPECT_EQ(redacted.find("4111"), std::string::npos);
  HttpResult lang = Post(server().url("/api/v1/text/detect-language"),
                         json{{"text", kGerman}}.dump(), "application/json");
  ASSERT_EQ(lang.status, 200) << lang;
  EXPECT_EQ(lang.Json()["languages"][0]["language_code"], "de");
  HttpResult contains = Post(server().url("/api/v1/text/contains-pii"),
                             json{{"text", "mail me: a@example.org"}}.dump(), "application/json");
  EXPECT_EQ(contains.Json()["labels"][0]["name"], "EMAIL") << contains;
  HttpResult bad = Post(server().url("/api/v1/text/detect-pii"),
                        json{{"text", "x"}, {"language_code", "fr"}}.dump(), "application/json");
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_NE(bad.body.find("language_code"), std::string::npos);
}

// Sentiment: the four scores sum to 1.
double ScoreSum(const json& scores) {
  return scores["Positive"].get<double>() + scores["Negative"].get<double>() +
         scores["Neutral"].get<double>() + scores["Mixed"].get<double>();
}

TEST_F(ComprehendCliTest, DetectSentiment) {
  AwsRun run = Aws({"detect-sentiment", "--language-code", "en", "--text",
                    "I love this phone, the screen is absolutely wonderful!"});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json out = run.Json();
  EXPECT_EQ(out["Sentiment"], "POSITIVE") << run;
  EXPECT_NEAR(ScoreSum(out["SentimentScore"]), 1.0, 1e-4) << run;
  EXPECT_GT(out["SentimentScore"]["Positive"].get<double>(), 0.7) << run;
  HttpResult raw = Raw("DetectSentiment", {{"Text", "The delivery was late and the box was "
                                                    "damaged. Not happy at all."},
                                           {"LanguageCode", "en"}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("DetectSentiment", raw.Json()), "") << raw.body;
  EXPECT_EQ(raw.Json()["Sentiment"], "NEGATIVE") << raw.body;
}

TEST_F(ComprehendCliTest, BatchDetectSentiment) {
  AwsRun run = Aws({"batch-detect-sentiment", "--language-code", "en", "--text-list",
                    "Fantastic service, thank you so much!", "This is the worst purchase I ever made.",
                    "The store opens at nine on weekdays."});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json out = run.Json();
  ASSERT_EQ(out["ResultList"].size(), 3u) << run;
  EXPECT_EQ(out["ResultList"][0]["Sentiment"], "POSITIVE") << run;
  EXPECT_EQ(out["ResultList"][1]["Sentiment"], "NEGATIVE") << run;
  EXPECT_EQ(out["ResultList"][2]["Sentiment"], "NEUTRAL") << run;
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(out["ResultList"][i]["Index"], i);
    EXPECT_NEAR(ScoreSum(out["ResultList"][i]["SentimentScore"]), 1.0, 1e-4);
  }
  EXPECT_TRUE(out["ErrorList"].empty());
  HttpResult raw = Raw("BatchDetectSentiment",
                       {{"TextList", {"Good food, rude staff."}}, {"LanguageCode", "en"}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("BatchDetectSentiment", raw.Json()), "") << raw.body;
}

// Spanish, French, Italian and Portuguese have lexicons; the answer has the English one's shape.
TEST_F(ComprehendCliTest, DetectSentimentInFrench) {
  AwsRun run = Aws({"detect-sentiment", "--language-code", "fr", "--text",
                    "Le personnel était très aimable et la chambre magnifique."});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json out = run.Json();
  EXPECT_EQ(model().Conformance("DetectSentiment", out), "") << run;
  EXPECT_EQ(out["Sentiment"], "POSITIVE") << run;
  EXPECT_NEAR(ScoreSum(out["SentimentScore"]), 1.0, 1e-4) << run;
  AwsRun batch = Aws({"batch-detect-sentiment", "--language-code", "fr", "--text-list",
                      "Le repas était horrible et le service désagréable.",
                      "Le film n'était pas agréable.",
                      "La réunion est lundi à dix heures dans la salle quatre."});
  ASSERT_EQ(batch.exit_code, 0) << batch;
  const json results = batch.Json()["ResultList"];
  ASSERT_EQ(results.size(), 3u) << batch;
  EXPECT_EQ(results[0]["Sentiment"], "NEGATIVE") << batch;
  EXPECT_EQ(results[1]["Sentiment"], "NEGATIVE") << batch;  // "n'... pas" negates "agréable"
  EXPECT_EQ(results[2]["Sentiment"], "NEUTRAL") << batch;
  HttpResult native = Post(server().url("/api/v1/text/sentiment"),
                           json{{"text", "Il cibo era orribile e il servizio pessimo."},
                                {"language_code", "it"}}.dump(),
                           "application/json");
  ASSERT_EQ(native.status, 200) << native;
  EXPECT_EQ(native.Json()["sentiment"], "NEGATIVE") << native;
}

TEST_F(ComprehendCliTest, SentimentBadInput) {
  // German is a Comprehend language without a lexicon here (SentiWS is CC BY-NC-SA).
  AwsRun german = Aws({"detect-sentiment", "--language-code", "de", "--text", kGerman});
  EXPECT_NE(german.exit_code, 0) << german;
  EXPECT_NE(german.err.find("UnsupportedLanguageException"), std::string::npos) << german;
  EXPECT_NE(german.err.find("en, es, fr, it, pt"), std::string::npos) << german;
  // DetectSentiment takes 5,000 bytes (the model's documented limit), not 100 KB.
  std::string text;
  while (text.size() <= 5000) text += "Lovely day. ";
  AwsRun big = Aws({"detect-sentiment", "--language-code", "en", "--text", text});
  EXPECT_NE(big.err.find("TextSizeLimitExceededException"), std::string::npos) << big;
  std::vector<std::string> args = {"batch-detect-sentiment", "--language-code", "en",
                                   "--text-list"};
  for (int i = 0; i < 26; ++i) args.push_back("Nice " + std::to_string(i));
  AwsRun batch = Aws(args);
  EXPECT_NE(batch.err.find("BatchSizeLimitExceededException"), std::string::npos) << batch;
  HttpResult missing = Raw("DetectSentiment", {{"Text", "fine"}});
  EXPECT_EQ(missing.Json()["__type"], "InvalidRequestException") << missing;
  EXPECT_NE(missing.body.find("LanguageCode"), std::string::npos) << missing;
  HttpResult empty = Raw("DetectSentiment", {{"Text", ""}, {"LanguageCode", "en"}});
  EXPECT_EQ(empty.Json()["__type"], "InvalidRequestException") << empty;
  HttpResult bad_item =
      Raw("BatchDetectSentiment", {{"TextList", {"ok", 7}}, {"LanguageCode", "en"}});
  EXPECT_EQ(bad_item.Json()["__type"], "InvalidRequestException") << bad_item;
  EXPECT_NE(bad_item.body.find("TextList[1]"), std::string::npos) << bad_item;
  // Invalid UTF-8 never reaches the analysis: a 400, and the server stays up.
  HttpResult not_utf8 = Send("POST", server().url("/"),
                             "{\"Text\": \"caf\xC3\x28\", \"LanguageCode\": \"en\"}",
                             "application/x-amz-json-1.1",
                             {"X-Amz-Target: Comprehend_20171127.DetectSentiment"});
  EXPECT_EQ(not_utf8.status, 400) << not_utf8;
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

TEST_F(ComprehendCliTest, NativeRestSentiment) {
  HttpResult r = Post(server().url("/api/v1/text/sentiment"),
                      json{{"text", "The staff were friendly and the room was spotless."}}.dump(),
                      "application/json");
  ASSERT_EQ(r.status, 200) << r;
  EXPECT_EQ(r.Json()["sentiment"], "POSITIVE") << r;
  const json body = r.Json();
  const json& s = body["scores"];
  EXPECT_NEAR(s["positive"].get<double>() + s["negative"].get<double>() +
                  s["neutral"].get<double>() + s["mixed"].get<double>(),
              1.0, 1e-9);
  HttpResult bad = Post(server().url("/api/v1/text/sentiment"),
                        json{{"text", "Guten Tag"}, {"language_code", "de"}}.dump(),
                        "application/json");
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_NE(bad.body.find("language_code"), std::string::npos) << bad;
}

TEST_F(ComprehendCliTest, DetectSyntax) {
  // "Đà Nẵng" first: character offsets differ from byte offsets.
  const std::string text = "Đà Nẵng is beautiful. We didn't leave.";
  AwsRun run = Aws({"detect-syntax", "--language-code", "en", "--text", text});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json tokens = run.Json()["SyntaxTokens"];
  ASSERT_GE(tokens.size(), 9u) << run;
  std::map<std::string, json> by_text;
  for (const json& t : tokens) by_text[t["Text"].get<std::string>()] = t;
  ASSERT_TRUE(by_text.count("beautiful")) << run;
  EXPECT_EQ(by_text["beautiful"]["BeginOffset"], 11);
  EXPECT_EQ(by_text["beautiful"]["EndOffset"], 20);
  EXPECT_EQ(by_text["beautiful"]["PartOfSpeech"]["Tag"], "ADJ");
  EXPECT_EQ(by_text["is"]["PartOfSpeech"]["Tag"], "AUX");
  EXPECT_EQ(by_text["We"]["PartOfSpeech"]["Tag"], "PRON");
  EXPECT_EQ(by_text["n't"]["PartOfSpeech"]["Tag"], "PART");
  EXPECT_EQ(by_text["."]["PartOfSpeech"]["Tag"], "PUNCT");
  EXPECT_EQ(tokens[0]["TokenId"], 1);
  HttpResult raw = Raw("DetectSyntax", {{"Text", text}, {"LanguageCode", "en"}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("DetectSyntax", raw.Json()), "") << raw.body;
  HttpResult batch = Raw("BatchDetectSyntax", {{"TextList", {"Hola amigos.", "Buenos días."}},
                                               {"LanguageCode", "es"}});
  ASSERT_EQ(batch.status, 200) << batch;
  EXPECT_EQ(model().Conformance("BatchDetectSyntax", batch.Json()), "") << batch.body;
  EXPECT_EQ(batch.Json()["ResultList"].size(), 2u);
  AwsRun japanese = Aws({"detect-syntax", "--language-code", "ja", "--text", "こんにちは"});
  EXPECT_NE(japanese.err.find("UnsupportedLanguageException"), std::string::npos) << japanese;
  std::string big;
  while (big.size() <= 5000) big += "Words and more words. ";
  AwsRun too_big = Aws({"detect-syntax", "--language-code", "en", "--text", big});
  EXPECT_NE(too_big.err.find("TextSizeLimitExceededException"), std::string::npos) << too_big;
}

TEST_F(ComprehendCliTest, DetectEntities) {
  const std::string text =
      "Đà Nẵng, March 3, 2026: Dr. Ada Lovelace of Acme Widgets Inc flew to France with 3 kg of "
      "tea and paid $42.";
  AwsRun run = Aws({"detect-entities", "--language-code", "en", "--text", text});
  ASSERT_EQ(run.exit_code, 0) << run;
  std::map<std::string, json> by_text;
  const json out = run.Json();
  for (const json& e : out["Entities"]) by_text[e["Text"].get<std::string>()] = e;
  ASSERT_TRUE(by_text.count("March 3, 2026")) << run;
  EXPECT_EQ(by_text["March 3, 2026"]["Type"], "DATE");
  EXPECT_EQ(by_text["March 3, 2026"]["BeginOffset"], 9);
  EXPECT_EQ(by_text["March 3, 2026"]["EndOffset"], 22);
  EXPECT_EQ(by_text["Ada Lovelace"]["Type"], "PERSON") << run;
  EXPECT_EQ(by_text["Acme Widgets Inc"]["Type"], "ORGANIZATION") << run;
  EXPECT_EQ(by_text["France"]["Type"], "LOCATION") << run;
  EXPECT_EQ(by_text["3 kg"]["Type"], "QUANTITY") << run;
  EXPECT_EQ(by_text["$42"]["Type"], "QUANTITY") << run;
  HttpResult raw = Raw("DetectEntities", {{"Text", text}, {"LanguageCode", "en"}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("DetectEntities", raw.Json()), "") << raw.body;
  AwsRun batch = Aws({"batch-detect-entities", "--language-code", "en", "--text-list",
                      "Paris in May.", "Nothing here."});
  ASSERT_EQ(batch.exit_code, 0) << batch;
  EXPECT_EQ(batch.Json()["ResultList"].size(), 2u);
  EXPECT_EQ(batch.Json()["ResultList"][0]["Entities"][0]["Text"], "Paris") << batch;
  EXPECT_TRUE(batch.Json()["ResultList"][1]["Entities"].empty()) << batch;
  HttpResult raw_batch =
      Raw("BatchDetectEntities", {{"TextList", {"Berlin, 2026-01-02."}}, {"LanguageCode", "de"}});
  ASSERT_EQ(raw_batch.status, 200) << raw_batch;
  EXPECT_EQ(model().Conformance("BatchDetectEntities", raw_batch.Json()), "") << raw_batch.body;
  HttpResult endpoint = Raw("DetectEntities",
                            {{"Text", "x"},
                             {"LanguageCode", "en"},
                             {"EndpointArn", "arn:aws:comprehend:us-east-1:1:entity-recognizer-endpoint/x"}});
  EXPECT_EQ(endpoint.Json()["__type"], "ResourceUnavailableException") << endpoint;
  HttpResult missing = Raw("DetectEntities", {{"LanguageCode", "en"}});
  EXPECT_EQ(missing.Json()["__type"], "InvalidRequestException") << missing;
  EXPECT_NE(missing.body.find("Text"), std::string::npos);
  AwsRun arabic = Aws({"detect-entities", "--language-code", "ar", "--text", "مرحبا"});
  EXPECT_NE(arabic.err.find("UnsupportedLanguageException"), std::string::npos) << arabic;
}

TEST_F(ComprehendCliTest, NativeRestSyntaxAndEntities) {
  HttpResult syntax = Post(server().url("/api/v1/text/syntax"),
                           json{{"text", "The runners were running."}}.dump(), "application/json");
  ASSERT_EQ(syntax.status, 200) << syntax;
  const json tokens = syntax.Json()["tokens"];
  ASSERT_EQ(tokens.size(), 5u) << syntax;
  EXPECT_EQ(tokens[3]["stem"], "run");
  EXPECT_EQ(tokens[1]["tag"], "NOUN");
  HttpResult entities = Post(server().url("/api/v1/text/entities"),
                             json{{"text", "We met in Paris on 2026-05-01."}}.dump(),
                             "application/json");
  ASSERT_EQ(entities.status, 200) << entities;
  ASSERT_EQ(entities.Json()["entities"].size(), 2u) << entities;
  EXPECT_EQ(entities.Json()["entities"][0]["type"], "LOCATION");
  EXPECT_EQ(entities.Json()["entities"][1]["type"], "DATE");
  HttpResult bad = Post(server().url("/api/v1/text/syntax"),
                        json{{"text", "x"}, {"language_code", "ja"}}.dump(), "application/json");
  EXPECT_EQ(bad.status, 400) << bad;
}

}  // namespace
}  // namespace lathe::testing
