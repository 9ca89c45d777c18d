// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Translate conformance: the real aws CLI (Debian's awscli 2.9, SigV4-signed with a Lathe
// invoke key) against `lathe serve`, each raw response checked against the service model awscli
// ships (botocore/data/translate/2017-07-01/service-2.json). That model predates
// TranslateDocument, so `aws translate translate-document` does not exist there: the operation is
// called raw and checked by hand. Tests needing Apertium's eng-spa skip without it.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "auth/crypto.h"
#include "aws/aws_cli_harness.h"

namespace lathe::testing {
namespace {

using nlohmann::json;

bool HavePair(const std::string& mode) {
  return std::filesystem::exists("/usr/share/apertium/modes/" + mode + ".mode");
}

class TranslateCliTest : public AwsCliTest {
 protected:
  TranslateCliTest()
      : AwsCliTest("translate", "translate/2017-07-01", "AWSShineFrontendService_20170701") {}

  // Writes a file into the server's work dir (the aws CLI runs there) and returns its name.
  std::string WriteFile(const std::string& name, const std::string& content) {
    std::ofstream(server().work_dir() / name, std::ios::binary) << content;
    return name;
  }

  std::string ErrorType(const HttpResult& r) { return r.Json().value("__type", ""); }
};

TEST_F(TranslateCliTest, TranslateText) {
  if (!HavePair("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  AwsRun run = Aws({"translate-text", "--text", "The dog.", "--source-language-code", "en",
                    "--target-language-code", "es"});
  ASSERT_EQ(run.exit_code, 0) << run;
  EXPECT_EQ(run.Json()["TranslatedText"], "El perro.") << run;
  EXPECT_EQ(run.Json()["SourceLanguageCode"], "en");
  EXPECT_EQ(run.Json()["TargetLanguageCode"], "es");

  HttpResult raw = Raw("TranslateText", {{"Text",
                                          "Mi hermano mayor trabaja en la ciudad y le "
                                          "gusta mucho su trabajo."},
                                         {"SourceLanguageCode", "auto"},
                                         {"TargetLanguageCode", "en"}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(raw.Json()["SourceLanguageCode"], "es") << raw;
  EXPECT_EQ(model().Conformance("TranslateText", raw.Json()), "") << raw.body;
}

TEST_F(TranslateCliTest, PivotIsConformantInAwsAndNamedInTheNativeApi) {
  if (!HavePair("eng-spa") || !HavePair("es-pt")) GTEST_SKIP() << "pairs missing";
  HttpResult raw = Raw("TranslateText", {{"Text", "The red car is in the street."},
                                         {"SourceLanguageCode", "en"},
                                         {"TargetLanguageCode", "pt-PT"}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("TranslateText", raw.Json()), "") << raw.body;
  HttpResult native = Post(server().url("/api/v1/translate"),
                           R"({"text":"The red car is in the street.","source":"en",)"
                           R"("target":"pt-PT"})",
                           "application/json");
  ASSERT_EQ(native.status, 200) << native;
  EXPECT_EQ(native.Json()["pivot"], "es");
  EXPECT_EQ(native.Json()["translated_text"], raw.Json()["TranslatedText"]);
}

TEST_F(TranslateCliTest, ListLanguages) {
  AwsRun run = Aws({"list-languages"});
  ASSERT_EQ(run.exit_code, 0) << run;
  std::vector<std::string> codes;
  const json listed = run.Json();  // kept alive: the loop reads into it
  for (const json& l : listed["Languages"]) codes.push_back(l["LanguageCode"].get<std::string>());
  if (HavePair("eng-spa")) {
    EXPECT_NE(std::find(codes.begin(), codes.end(), "en"), codes.end()) << run;
    EXPECT_NE(std::find(codes.begin(), codes.end(), "es"), codes.end()) << run;
  }
  HttpResult raw = Raw("ListLanguages", {{"MaxResults", 2}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("ListLanguages", raw.Json()), "") << raw.body;
  EXPECT_LE(raw.Json()["Languages"].size(), 2u);
  if (codes.size() > 2) {
    HttpResult next =
        Raw("ListLanguages", {{"MaxResults", 2}, {"NextToken", raw.Json()["NextToken"]}});
    ASSERT_EQ(next.status, 200) << next;
    EXPECT_EQ(next.Json()["Languages"][0]["LanguageCode"], codes[2]);
  }
}

TEST_F(TranslateCliTest, TerminologyLifeCycleAndUse) {
  const std::string csv = WriteFile("terms.csv", "en,es\nLathe,Torno Lathe\nbig city,Metrópolis\n");
  AwsRun imported = Aws({"import-terminology", "--name", "brands", "--merge-strategy", "OVERWRITE",
                         "--description", "product names", "--terminology-data", "Format=CSV",
                         "--data-file", "fileb://" + csv});
  ASSERT_EQ(imported.exit_code, 0) << imported;
  const json props = imported.Json()["TerminologyProperties"];
  EXPECT_EQ(props["Name"], "brands");
  EXPECT_EQ(props["TermCount"], 2);
  EXPECT_EQ(props["SourceLanguageCode"], "en");
  EXPECT_EQ(props["TargetLanguageCodes"], json::array({"es"}));

  AwsRun got = Aws({"get-terminology", "--name", "brands"});
  ASSERT_EQ(got.exit_code, 0) << got;
  EXPECT_EQ(got.Json()["TerminologyProperties"]["Description"], "product names");
  // An absolute URL on the host the CLI called (the endpoint URL's host and port).
  const std::string location = got.Json()["TerminologyDataLocation"]["Location"].get<std::string>();
  EXPECT_EQ(location, server().url("/api/v1/translate/terminologies/brands/data"));
  EXPECT_EQ(location.rfind("http://127.0.0.1:", 0), 0u) << location;
  HttpResult data = Get(location);
  ASSERT_EQ(data.status, 200) << data;
  EXPECT_EQ(data.body, "en,es\nLathe,Torno Lathe\nbig city,Metrópolis\n");

  AwsRun list = Aws({"list-terminologies"});
  ASSERT_EQ(list.exit_code, 0) << list;
  EXPECT_EQ(list.Json()["TerminologyPropertiesList"].size(), 1u) << list;

  for (const auto& [op, input] : std::vector<std::pair<std::string, json>>{
           {"GetTerminology", {{"Name", "brands"}}}, {"ListTerminologies", json::object()}}) {
    HttpResult raw = Raw(op, input);
    ASSERT_EQ(raw.status, 200) << raw;
    EXPECT_EQ(model().Conformance(op, raw.Json()), "") << op << ": " << raw.body;
  }
  HttpResult raw_import =
      Raw("ImportTerminology",
          {{"Name", "other"},
           {"MergeStrategy", "OVERWRITE"},
           {"TerminologyData",
            {{"File", auth::Base64Encode("en,fr\ncat,chat\n")}, {"Format", "CSV"}}}});
  ASSERT_EQ(raw_import.status, 200) << raw_import;
  EXPECT_EQ(model().Conformance("ImportTerminology", raw_import.Json()), "") << raw_import.body;

  if (HavePair("eng-spa")) {
    AwsRun translated =
        Aws({"translate-text", "--text", "Lathe runs in the big city.", "--source-language-code",
             "en", "--target-language-code", "es", "--terminology-names", "brands"});
    ASSERT_EQ(translated.exit_code, 0) << translated;
    const std::string text = translated.Json()["TranslatedText"].get<std::string>();
    EXPECT_NE(text.find("Torno Lathe"), std::string::npos) << text;
    EXPECT_NE(text.find("Metrópolis"), std::string::npos) << text;
    HttpResult raw = Raw("TranslateText", {{"Text", "Lathe runs in the big city."},
                                           {"SourceLanguageCode", "en"},
                                           {"TargetLanguageCode", "es"},
                                           {"TerminologyNames", {"brands"}}});
    ASSERT_EQ(raw.status, 200) << raw;
    EXPECT_EQ(model().Conformance("TranslateText", raw.Json()), "") << raw.body;
    EXPECT_EQ(raw.Json()["AppliedTerminologies"][0]["Terms"].size(), 2u) << raw;
  }

  // Terminologies live in the data dir: a restarted server still has them.
  ASSERT_TRUE(server().Restart());
  AwsRun after = Aws({"get-terminology", "--name", "brands"});
  ASSERT_EQ(after.exit_code, 0) << after;
  EXPECT_EQ(after.Json()["TerminologyProperties"]["TermCount"], 2);

  AwsRun deleted = Aws({"delete-terminology", "--name", "brands"});
  ASSERT_EQ(deleted.exit_code, 0) << deleted;
  AwsRun gone = Aws({"get-terminology", "--name", "brands"});
  EXPECT_NE(gone.exit_code, 0);
  EXPECT_NE(gone.err.find("ResourceNotFoundException"), std::string::npos) << gone;
}

TEST_F(TranslateCliTest, TranslateDocumentKeepsHtmlMarkup) {
  if (!HavePair("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  const std::string html = "<p>The <b>black</b> cat.</p>";
  HttpResult raw =
      Raw("TranslateDocument",
          {{"Document", {{"Content", auth::Base64Encode(html)}, {"ContentType", "text/html"}}},
           {"SourceLanguageCode", "en"},
           {"TargetLanguageCode", "es"}});
  ASSERT_EQ(raw.status, 200) << raw;
  Result<std::string> out =
      auth::Base64Decode(raw.Json()["TranslatedDocument"]["Content"].get<std::string>());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->substr(0, 3), "<p>") << *out;
  EXPECT_NE(out->find("<b>"), std::string::npos) << *out;
  EXPECT_NE(out->find("gato"), std::string::npos) << *out;
  EXPECT_EQ(raw.Json()["TargetLanguageCode"], "es");
  // Not in awscli 2.9's model: the CLI has no translate-document command.
  EXPECT_NE(Aws({"translate-document", "help"}).exit_code, 0);

  HttpResult plain =
      Raw("TranslateDocument",
          {{"Document",
            {{"Content", auth::Base64Encode("Good morning.")}, {"ContentType", "text/plain"}}},
           {"SourceLanguageCode", "en"},
           {"TargetLanguageCode", "es"}});
  ASSERT_EQ(plain.status, 200) << plain;
  HttpResult pdf = Raw(
      "TranslateDocument",
      {{"Document", {{"Content", auth::Base64Encode("%PDF")}, {"ContentType", "application/pdf"}}},
       {"SourceLanguageCode", "en"},
       {"TargetLanguageCode", "es"}});
  EXPECT_EQ(pdf.status, 400);
  EXPECT_EQ(ErrorType(pdf), "InvalidRequestException") << pdf;
}

TEST_F(TranslateCliTest, ProfanityMaskIsAppliedAndFormalityIgnored) {
  if (!HavePair("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  const std::string text = "You are a bastard.";
  AwsRun plain = Aws({"translate-text", "--text", text, "--source-language-code", "en",
                      "--target-language-code", "es"});
  ASSERT_EQ(plain.exit_code, 0) << plain;
  ASSERT_NE(plain.Json()["TranslatedText"].get<std::string>().find("bastardo"), std::string::npos)
      << plain;
  AwsRun masked = Aws({"translate-text", "--text", text, "--source-language-code", "en",
                       "--target-language-code", "es", "--settings", "Profanity=MASK"});
  ASSERT_EQ(masked.exit_code, 0) << masked;
  std::string expected = plain.Json()["TranslatedText"];
  expected.replace(expected.find("bastardo"), 8, "?$#@$");
  EXPECT_EQ(masked.Json()["TranslatedText"], expected) << masked;
  EXPECT_EQ(masked.Json()["AppliedSettings"], json({{"Profanity", "MASK"}})) << masked;

  // Formality has no effect here (Apertium has no register) and is not reported as applied.
  HttpResult formal = Raw("TranslateText", {{"Text", text},
                                            {"SourceLanguageCode", "en"},
                                            {"TargetLanguageCode", "es"},
                                            {"Settings", {{"Formality", "FORMAL"}, {"Profanity", "MASK"}}}});
  ASSERT_EQ(formal.status, 200) << formal;
  EXPECT_EQ(model().Conformance("TranslateText", formal.Json()), "") << formal.body;
  EXPECT_EQ(formal.Json()["TranslatedText"], expected);
  EXPECT_EQ(formal.Json()["AppliedSettings"], json({{"Profanity", "MASK"}})) << formal.body;

  // HTML: masked in text, kept in an attribute.
  HttpResult doc = Raw(
      "TranslateDocument",
      {{"Document",
        {{"Content", auth::Base64Encode("<p title=\"bastard\">bastard</p>")},
         {"ContentType", "text/html"}}},
       {"SourceLanguageCode", "en"},
       {"TargetLanguageCode", "es"},
       {"Settings", {{"Profanity", "MASK"}}}});
  ASSERT_EQ(doc.status, 200) << doc;
  Result<std::string> html =
      auth::Base64Decode(doc.Json()["TranslatedDocument"]["Content"].get<std::string>());
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(*html, "<p title=\"bastard\">?$#@$</p>");
  EXPECT_EQ(doc.Json()["AppliedSettings"]["Profanity"], "MASK");
}

TEST_F(TranslateCliTest, TerminologyIsAppliedInsideHtmlText) {
  if (!HavePair("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  const std::string csv = WriteFile("pets.csv", "en,es\ncat,MICHI\n");
  AwsRun import = Aws({"import-terminology", "--name", "pets", "--merge-strategy", "OVERWRITE",
                       "--terminology-data", "Format=CSV", "--data-file", "fileb://" + csv});
  ASSERT_EQ(import.exit_code, 0) << import;
  HttpResult doc = Raw("TranslateDocument",
                       {{"Document",
                         {{"Content", auth::Base64Encode("<p class=\"cat\">The <b>cat</b>.</p>")},
                          {"ContentType", "text/html"}}},
                        {"SourceLanguageCode", "en"},
                        {"TargetLanguageCode", "es"},
                        {"TerminologyNames", {"pets"}}});
  ASSERT_EQ(doc.status, 200) << doc;
  Result<std::string> html =
      auth::Base64Decode(doc.Json()["TranslatedDocument"]["Content"].get<std::string>());
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(html->substr(0, 15), "<p class=\"cat\">") << *html;
  EXPECT_NE(html->find("<b>MICHI</b>"), std::string::npos) << *html;
  EXPECT_EQ(doc.Json()["AppliedTerminologies"][0]["Terms"][0]["TargetText"], "MICHI");
}

TEST_F(TranslateCliTest, BadInputIsTheModeledException) {
  AwsRun pair = Aws({"translate-text", "--text", "Hello", "--source-language-code", "en",
                     "--target-language-code", "ja"});
  EXPECT_NE(pair.exit_code, 0);
  EXPECT_NE(pair.err.find("UnsupportedLanguagePairException"), std::string::npos) << pair;

  AwsRun big = Aws({"translate-text", "--text", std::string(10001, 'a'), "--source-language-code",
                    "en", "--target-language-code", "es"});
  EXPECT_NE(big.exit_code, 0);
  EXPECT_NE(big.err.find("TextSizeLimitExceededException"), std::string::npos) << big;

  AwsRun unknown = Aws({"translate-text", "--text", "Hello", "--source-language-code", "en",
                        "--target-language-code", "es", "--terminology-names", "nope"});
  EXPECT_NE(unknown.exit_code, 0);
  EXPECT_NE(unknown.err.find("ResourceNotFoundException"), std::string::npos) << unknown;
  EXPECT_NE(unknown.err.find("'nope'"), std::string::npos) << unknown;

  HttpResult low =
      Raw("TranslateText",
          {{"Text", "12345 !!"}, {"SourceLanguageCode", "auto"}, {"TargetLanguageCode", "es"}});
  EXPECT_EQ(low.status, 400);
  EXPECT_EQ(ErrorType(low), "DetectedLanguageLowConfidenceException") << low;

  const std::string bad = WriteFile("bad.csv", "en,es\nLathe,Torno\nfoo,bar,baz\n");
  AwsRun csv = Aws({"import-terminology", "--name", "bad", "--merge-strategy", "OVERWRITE",
                    "--terminology-data", "Format=CSV", "--data-file", "fileb://" + bad});
  EXPECT_NE(csv.exit_code, 0);
  EXPECT_NE(csv.err.find("InvalidParameterValueException"), std::string::npos) << csv;
  EXPECT_NE(csv.err.find("line 3"), std::string::npos) << csv;

  HttpResult missing = Raw("TranslateText", {{"Text", "Hello"}, {"SourceLanguageCode", "en"}});
  EXPECT_EQ(ErrorType(missing), "InvalidRequestException") << missing;
  EXPECT_NE(missing.body.find("TargetLanguageCode"), std::string::npos) << missing;
  HttpResult formality = Raw("TranslateText", {{"Text", "Hello"},
                                               {"SourceLanguageCode", "en"},
                                               {"TargetLanguageCode", "es"},
                                               {"Settings", {{"Formality", "POLITE"}}}});
  EXPECT_EQ(ErrorType(formality), "InvalidRequestException") << formality;
  // The server is still up and answering.
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

}  // namespace
}  // namespace lathe::testing
