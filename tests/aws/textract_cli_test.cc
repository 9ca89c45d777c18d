// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Textract conformance: the real aws CLI (`aws textract detect-document-text`,
// `analyze-document` and the asynchronous start-/get- operations, SigV4-signed with a Lathe
// invoke key) against `lathe serve`, raw responses checked against
// botocore/data/textract/2018-06-27/service-2.json, bad documents answered with the model's
// exceptions; and the native POST /api/v1/documents/analyze. Inputs are rendered by the test
// (tests/unit/documents/document_fixtures.h).
#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "auth/crypto.h"
#include "aws/aws_cli_harness.h"
#include "unit/documents/document_fixtures.h"

namespace lathe::testing {
namespace {

using nlohmann::json;
namespace fx = lathe::testing::documents;

class TextractCliTest : public AwsCliTest {
 protected:
  TextractCliTest() : AwsCliTest("textract", "textract/2018-06-27", "Textract") {}

  void SetUp() override {
    AwsCliTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ASSERT_TRUE(fx::RenderText(dir_ / "page.png", 1400, 320,
                               {{60, 100, "Shipping notice for order 4417"},
                                {60, 200, "Deliver to the loading dock before noon."}}));
    // A form above a ruled 3 x 2 table.
    const std::string grid =
        "line 100,200 1100,200 line 100,300 1100,300 line 100,400 1100,400 "
        "line 100,500 1100,500 line 100,200 100,500 line 600,200 600,500 line 1100,200 1100,500";
    ASSERT_TRUE(fx::RenderText(dir_ / "form.png", 1300, 560,
                               {{100, 80, "Customer: Ada Lovelace"},
                                {100, 150, "Invoice: 2024-117"},
                                {130, 262, "Product"},
                                {630, 262, "Amount"},
                                {130, 362, "Gears"},
                                {630, 362, "140"},
                                {130, 462, "Levers"},
                                {630, 462, "35"}},
                               32, grid));
  }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  // aws-cli 2 takes a blob inside shorthand syntax as base64 text (`Bytes=fileb://x.png` is
  // refused with "Invalid base64"); --cli-input-json takes a whole request from a file.
  std::string Base64File(const std::string& name) const {
    return auth::Base64Encode(fx::ReadFile(dir_ / name));
  }
  HttpResult RawBytes(const std::string& operation, const std::string& bytes,
                      json extra = json::object()) {
    extra["Document"] = {{"Bytes", auth::Base64Encode(bytes)}};
    return Raw(operation, extra);
  }

  fx::ScratchDir dir_;
};

// Ids of every block, and a check that every relationship resolves.
std::map<std::string, json> ById(const json& out) {
  std::map<std::string, json> ids;
  for (const json& b : out["Blocks"]) ids[b["Id"].get<std::string>()] = b;
  for (const json& b : out["Blocks"]) {
    for (const json& r : b.value("Relationships", json::array())) {
      for (const json& id : r["Ids"]) {
        EXPECT_TRUE(ids.count(id.get<std::string>()))
            << b["BlockType"] << " " << r["Type"] << " -> missing " << id;
      }
    }
  }
  return ids;
}

std::vector<std::string> Texts(const json& out, const std::string& type) {
  std::vector<std::string> texts;
  for (const json& b : out["Blocks"]) {
    if (b["BlockType"] == type) texts.push_back(b["Text"]);
  }
  return texts;
}

// The text of a block's CHILD words.
std::string ChildText(const json& block, const std::map<std::string, json>& ids) {
  std::string text;
  for (const json& r : block.value("Relationships", json::array())) {
    if (r["Type"] != "CHILD") continue;
    for (const json& id : r["Ids"]) {
      text += (text.empty() ? "" : " ") + ids.at(id.get<std::string>())["Text"].get<std::string>();
    }
  }
  return text;
}

TEST_F(TextractCliTest, DetectDocumentTextOnAPng) {
  AwsRun run = Aws({"detect-document-text", "--document", "Bytes=" + Base64File("page.png")});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json out = run.Json();
  EXPECT_EQ(out["DocumentMetadata"]["Pages"], 1);
  EXPECT_EQ(Texts(out, "LINE"),
            (std::vector<std::string>{"Shipping notice for order 4417",
                                      "Deliver to the loading dock before noon."}));
  EXPECT_EQ(Texts(out, "WORD").size(), 12u);
  const auto ids = ById(out);
  for (const json& b : out["Blocks"]) {
    const json& box = b["Geometry"]["BoundingBox"];
    EXPECT_GE(box["Left"].get<double>(), 0.0);
    EXPECT_LE(box["Left"].get<double>() + box["Width"].get<double>(), 1.0 + 1e-6);
    EXPECT_LE(box["Top"].get<double>() + box["Height"].get<double>(), 1.0 + 1e-6);
    EXPECT_EQ(b["Geometry"]["Polygon"].size(), 4u);
    if (b["BlockType"] == "LINE") {
      EXPECT_EQ(ChildText(b, ids), b["Text"]);
    }
    if (b["BlockType"] == "WORD") {
      EXPECT_EQ(b["TextType"], "PRINTED");
    }
  }
  EXPECT_EQ(out["Blocks"][0]["BlockType"], "PAGE");
  HttpResult raw = RawBytes("DetectDocumentText", fx::ReadFile(dir_ / "page.png"));
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(raw.Header("content-type"), "application/x-amz-json-1.1");
  EXPECT_EQ(model().Conformance("DetectDocumentText", raw.Json()), "") << raw.body;
}

TEST_F(TextractCliTest, AnalyzeDocumentTablesAndForms) {
  fx::WriteFile(dir_ / "request.json", json{{"Document", {{"Bytes", Base64File("form.png")}}},
                                            {"FeatureTypes", {"TABLES", "FORMS"}}}
                                           .dump());
  AwsRun run = Aws({"analyze-document", "--cli-input-json", "file://" + Path("request.json")});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json out = run.Json();
  const auto ids = ById(out);
  std::map<std::pair<int, int>, std::string> cells;
  int tables = 0;
  std::map<std::string, std::string> pairs;
  for (const json& b : out["Blocks"]) {
    if (b["BlockType"] == "TABLE") ++tables;
    if (b["BlockType"] == "CELL") cells[{b["RowIndex"], b["ColumnIndex"]}] = ChildText(b, ids);
    if (b["BlockType"] == "KEY_VALUE_SET" && b["EntityTypes"][0] == "KEY") {
      std::string value;
      for (const json& r : b["Relationships"]) {
        if (r["Type"] == "VALUE") value = ChildText(ids.at(r["Ids"][0].get<std::string>()), ids);
      }
      pairs[ChildText(b, ids)] = value;
    }
  }
  EXPECT_EQ(tables, 1);
  const std::map<std::pair<int, int>, std::string> expected_cells = {
      {{1, 1}, "Product"}, {{1, 2}, "Amount"}, {{2, 1}, "Gears"},
      {{2, 2}, "140"},     {{3, 1}, "Levers"}, {{3, 2}, "35"}};
  EXPECT_EQ(cells, expected_cells);
  EXPECT_EQ(pairs["Customer:"], "Ada Lovelace");
  EXPECT_EQ(pairs["Invoice:"], "2024-117");
  HttpResult raw = RawBytes("AnalyzeDocument", fx::ReadFile(dir_ / "form.png"),
                            {{"FeatureTypes", {"TABLES", "FORMS"}}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("AnalyzeDocument", raw.Json()), "") << raw.body;
  EXPECT_EQ(raw.Json()["AnalyzeDocumentModelVersion"], "1.0");
}

TEST_F(TextractCliTest, SinglePagePdfWithAndWithoutTextLayer) {
  ASSERT_TRUE(fx::TextPdf(dir_, "memo.pdf", "Memo to all staff\nThe canteen closes at three\n"));
  ASSERT_TRUE(fx::RasterPdf(dir_ / "memo.pdf", dir_ / "scan.pdf"));
  for (const char* name : {"memo.pdf", "scan.pdf"}) {
    AwsRun run = Aws({"detect-document-text", "--document", "Bytes=" + Base64File(name)});
    ASSERT_EQ(run.exit_code, 0) << name << run;
    EXPECT_EQ(Texts(run.Json(), "LINE"),
              (std::vector<std::string>{"Memo to all staff", "The canteen closes at three"}))
        << name;
  }
}

TEST_F(TextractCliTest, BadDocumentsGetTheModelsExceptions) {
  const std::string png = fx::ReadFile(dir_ / "page.png");
  ASSERT_TRUE(fx::TextPdf(dir_, "plain.pdf", "Secret plans\n"));
  ASSERT_TRUE(fx::EncryptedPdf(dir_ / "plain.pdf", dir_ / "locked.pdf"));
  std::string long_text;
  for (int i = 0; i < 90; ++i) long_text += "Row " + std::to_string(i) + "\n";
  ASSERT_TRUE(fx::TextPdf(dir_, "two.pdf", long_text));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "InvalidParameterException"},
      {png.substr(0, 120), "BadDocumentException"},                        // truncated PNG
      {png.substr(0, 8) + std::string(300, 'z'), "BadDocumentException"},  // corrupt PNG
      {"Dear reader,\nthis is a plain text file.\n", "UnsupportedDocumentException"},
      {fx::ReadFile(dir_ / "locked.pdf"), "UnsupportedDocumentException"},
      {fx::ZeroPagePdf(), "BadDocumentException"},
      {fx::ReadFile(dir_ / "two.pdf"), "UnsupportedDocumentException"},  // sync: 1 page
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    HttpResult raw = RawBytes("DetectDocumentText", cases[i].first);
    EXPECT_EQ(raw.status, 400) << "case " << i << ": " << raw;
    EXPECT_EQ(raw.Json()["__type"], cases[i].second) << "case " << i << ": " << raw;
    EXPECT_NE(raw.Json()["message"].get<std::string>().find("Document.Bytes"), std::string::npos)
        << raw;
  }
  // Through the CLI too: the exception is named.
  fx::WriteFile(dir_ / "notes.txt", "just some notes\n");
  AwsRun text = Aws({"detect-document-text", "--document", "Bytes=" + Base64File("notes.txt")});
  EXPECT_NE(text.exit_code, 0);
  EXPECT_NE(text.err.find("UnsupportedDocumentException"), std::string::npos) << text;
  AwsRun locked = Aws({"analyze-document", "--document", "Bytes=" + Base64File("locked.pdf"),
                       "--feature-types", "TABLES"});
  EXPECT_NE(locked.err.find("UnsupportedDocumentException"), std::string::npos) << locked;
  EXPECT_NE(locked.err.find("encrypted"), std::string::npos) << locked;
  // Request problems.
  EXPECT_EQ(Raw("DetectDocumentText", json::object()).Json()["__type"],
            "InvalidParameterException");
  HttpResult s3 = Raw("DetectDocumentText",
                      {{"Document", {{"S3Object", {{"Bucket", "b"}, {"Name", "x.png"}}}}}});
  EXPECT_EQ(s3.Json()["__type"], "InvalidParameterException") << s3;
  EXPECT_EQ(
      Raw("DetectDocumentText", {{"Document", {{"Bytes", "%%%not base64"}}}}).Json()["__type"],
      "InvalidParameterException");
  HttpResult no_features = RawBytes("AnalyzeDocument", png);
  EXPECT_EQ(no_features.Json()["__type"], "InvalidParameterException") << no_features;
  EXPECT_NE(no_features.body.find("FeatureTypes"), std::string::npos);
  HttpResult queries = RawBytes("AnalyzeDocument", png, {{"FeatureTypes", {"QUERIES"}}});
  EXPECT_EQ(queries.Json()["__type"], "InvalidParameterException") << queries;
  EXPECT_NE(queries.body.find("FeatureTypes[0]"), std::string::npos);
  // 10 MiB + 1 byte is over the model's limit.
  HttpResult large = RawBytes("DetectDocumentText", png + std::string(10485761 - png.size(), '\0'));
  EXPECT_EQ(large.Json()["__type"], "DocumentTooLargeException") << large.status;
  EXPECT_EQ(Get(server().url("/healthz")).status, 200);
}

TEST_F(TextractCliTest, NativeAnalyzeRawAndMultipart) {
  HttpResult r = Post(server().url("/api/v1/documents/analyze?features=tables,forms"),
                      fx::ReadFile(dir_ / "form.png"), "image/png");
  ASSERT_EQ(r.status, 200) << r;
  const json out = r.Json();
  EXPECT_EQ(out["document_metadata"]["pages"], 1);
  EXPECT_EQ(out["format"], "PNG");
  const json& page = out["pages"][0];
  EXPECT_EQ(page["text_source"], "ocr");
  ASSERT_EQ(page["tables"].size(), 1u);
  EXPECT_EQ(page["tables"][0]["rows"],
            json::parse(R"([["Product","Amount"],["Gears","140"],["Levers","35"]])"));
  json keys = json::object();
  for (const json& kv : page["key_values"]) keys[kv["key"].get<std::string>()] = kv["value"];
  EXPECT_EQ(keys["Customer"], "Ada Lovelace");
  EXPECT_FALSE(out["blocks"].empty());
  EXPECT_EQ(model().Conformance("AnalyzeDocument", json{{"Blocks", out["blocks"]}}), "");

  // A two-page PDF as a multipart upload (the studio's form).
  std::string long_text;
  for (int i = 0; i < 90; ++i) long_text += "Row " + std::to_string(i) + "\n";
  ASSERT_TRUE(fx::TextPdf(dir_, "two.pdf", long_text));
  const std::string boundary = "----lathe-test-boundary";
  const std::string body = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"two.pdf\""
                           "\r\nContent-Type: application/pdf\r\n\r\n" +
                           fx::ReadFile(dir_ / "two.pdf") + "\r\n--" + boundary + "--\r\n";
  HttpResult multi = Post(server().url("/api/v1/documents/analyze"), body,
                          "multipart/form-data; boundary=" + boundary);
  ASSERT_EQ(multi.status, 200) << multi;
  EXPECT_EQ(multi.Json()["document_metadata"]["pages"], 2);
  EXPECT_EQ(multi.Json()["pages"][1]["text_source"], "text_layer");
  EXPECT_EQ(multi.Json()["pages"][0]["lines"][0]["text"], "Row 0");

  HttpResult bad_feature = Post(server().url("/api/v1/documents/analyze?features=tables,charts"),
                                fx::ReadFile(dir_ / "page.png"), "image/png");
  EXPECT_EQ(bad_feature.status, 400) << bad_feature;
  EXPECT_EQ(bad_feature.Json()["error"]["details"]["field"], "features");
  EXPECT_NE(bad_feature.body.find("'charts'"), std::string::npos);
  HttpResult text = Post(server().url("/api/v1/documents/analyze"), "plain words\n", "text/plain");
  EXPECT_EQ(text.status, 415) << text;
  HttpResult bad_lang = Post(server().url("/api/v1/documents/analyze?languages=eng+xx"),
                             fx::ReadFile(dir_ / "page.png"), "image/png");
  EXPECT_EQ(bad_lang.status, 400) << bad_lang;
  HttpResult empty = Post(server().url("/api/v1/documents/analyze"), "", "image/png");
  EXPECT_EQ(empty.status, 400) << empty;
}

// ---- asynchronous operations ----------------------------------------------------------------

class TextractAsyncCliTest : public TextractCliTest {
 protected:
  // Copies a scratch file to the server's import folder as s3://scans/<name>.
  void Import(const std::string& file, const std::string& name) {
    const std::filesystem::path dest = server().data_dir() / "imports" / "scans" / name;
    std::filesystem::create_directories(dest.parent_path());
    std::filesystem::copy_file(dir_ / file, dest, std::filesystem::copy_options::overwrite_existing);
  }
  static std::string Location(const std::string& name) {
    return json{{"S3Object", {{"Bucket", "scans"}, {"Name", name}}}}.dump();
  }
  // Polls `operation` (raw) until the job leaves IN_PROGRESS; the last answer.
  json Wait(const std::string& operation, const std::string& job_id) {
    json out;
    for (int i = 0; i < 1200; ++i) {
      HttpResult r = Raw(operation, {{"JobId", job_id}, {"MaxResults", 1}});
      EXPECT_EQ(r.status, 200) << r;
      out = r.Json();
      if (out["JobStatus"] != "IN_PROGRESS") return out;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << job_id << " still IN_PROGRESS after 120 s";
    return out;
  }
};

TEST_F(TextractAsyncCliTest, TextDetectionOfATwoPagePdfWithPaging) {
  // Page 1 of the PDF has a text layer; page 2 is the same kind of page scanned (no text layer),
  // so both readers are used in one job.
  std::string page1, page2;
  for (int i = 0; i < 40; ++i) page1 += "Ledger entry " + std::to_string(i) + "\n";
  ASSERT_TRUE(fx::TextPdf(dir_, "p1.pdf", page1));
  ASSERT_TRUE(fx::TextPdf(dir_, "p2src.pdf", "Closing balance checked\nSigned by the auditor\n"));
  ASSERT_TRUE(fx::RasterPdf(dir_ / "p2src.pdf", dir_ / "p2.pdf"));
  ASSERT_TRUE(fx::Run("gs -q -sDEVICE=pdfwrite -o " + fx::Quote(Path("two.pdf")) + " " +
                      fx::Quote(Path("p1.pdf")) + " " + fx::Quote(Path("p2.pdf"))));
  Import("two.pdf", "reports/two.pdf");

  AwsRun start = Aws({"start-document-text-detection", "--document-location",
                      Location("reports/two.pdf"), "--job-tag", "ledger"});
  ASSERT_EQ(start.exit_code, 0) << start;
  const std::string job_id = start.Json()["JobId"];
  EXPECT_FALSE(job_id.empty());
  const json done = Wait("GetDocumentTextDetection", job_id);
  ASSERT_EQ(done["JobStatus"], "SUCCEEDED") << done.dump();

  // All blocks through the CLI in pages of 50, following NextToken.
  std::vector<json> blocks;
  std::string token;
  int calls = 0;
  do {
    std::vector<std::string> args = {"get-document-text-detection", "--job-id", job_id,
                                     "--max-results", "50"};
    if (!token.empty()) args.insert(args.end(), {"--next-token", token});
    AwsRun page = Aws(args);
    ASSERT_EQ(page.exit_code, 0) << page;
    const json out = page.Json();
    EXPECT_EQ(out["JobStatus"], "SUCCEEDED");
    EXPECT_EQ(out["DocumentMetadata"]["Pages"], 2);
    EXPECT_LE(out["Blocks"].size(), 50u);
    for (const json& b : out["Blocks"]) blocks.push_back(b);
    token = out.value("NextToken", "");
    ++calls;
  } while (!token.empty() && calls < 100);
  EXPECT_GT(calls, 2);
  json all = {{"Blocks", blocks}};
  ById(all);
  std::map<int, std::vector<std::string>> lines;
  int pages = 0;
  for (const json& b : blocks) {
    if (b["BlockType"] == "PAGE") ++pages;
    if (b["BlockType"] == "LINE") lines[b["Page"].get<int>()].push_back(b["Text"]);
  }
  EXPECT_EQ(pages, 2);
  ASSERT_EQ(lines[1].size(), 40u);
  EXPECT_EQ(lines[1][0], "Ledger entry 0");
  EXPECT_EQ(lines[1][39], "Ledger entry 39");
  EXPECT_EQ(lines[2], (std::vector<std::string>{"Closing balance checked",
                                                "Signed by the auditor"}));
  // Raw answers conform to the model, on the first page and the last.
  HttpResult first = Raw("GetDocumentTextDetection", {{"JobId", job_id}, {"MaxResults", 10}});
  ASSERT_EQ(first.status, 200) << first;
  EXPECT_EQ(model().Conformance("GetDocumentTextDetection", first.Json()), "") << first.body;
  EXPECT_EQ(first.Json()["NextToken"], "10");
  HttpResult last = Raw("GetDocumentTextDetection",
                        {{"JobId", job_id}, {"NextToken", std::to_string(blocks.size() - 1)}});
  ASSERT_EQ(last.status, 200) << last;
  EXPECT_EQ(model().Conformance("GetDocumentTextDetection", last.Json()), "") << last.body;
  EXPECT_EQ(last.Json()["Blocks"].size(), 1u);
  EXPECT_FALSE(last.Json().contains("NextToken"));
  HttpResult start_raw = Raw("StartDocumentTextDetection",
                             {{"DocumentLocation", json::parse(Location("reports/two.pdf"))}});
  EXPECT_EQ(model().Conformance("StartDocumentTextDetection", start_raw.Json()), "")
      << start_raw.body;
}

TEST_F(TextractAsyncCliTest, AnalysisFindsTablesAndFormsOnEveryPage) {
  // form.png (a form above a ruled table) as a 2-page scanned PDF: the page twice, at 300 dpi
  // (ImageMagick's policy forbids writing PDF: Ghostscript's viewjpeg, then pdfunite).
  ASSERT_TRUE(fx::Run("convert " + fx::Quote(Path("form.png")) + " -quality 95 " +
                      fx::Quote(Path("form.jpg"))));
  ASSERT_TRUE(fx::Run("cd " + fx::Quote(dir_.path().string()) +
                      " && gs -q -sDEVICE=pdfwrite --permit-file-read=form.jpg -o one.pdf "
                      "/usr/share/ghostscript/*/lib/viewjpeg.ps -c '<< /PageSize [312 134.4] >> "
                      "setpagedevice 0.24 0.24 scale (form.jpg) viewJPEG showpage' && "
                      "pdfunite one.pdf one.pdf forms.pdf"));
  Import("forms.pdf", "forms.pdf");
  AwsRun start = Aws({"start-document-analysis", "--document-location", Location("forms.pdf"),
                      "--feature-types", "TABLES", "FORMS", "--client-request-token", "batch-7"});
  ASSERT_EQ(start.exit_code, 0) << start;
  const std::string job_id = start.Json()["JobId"];
  // The same token and request: the same job.
  AwsRun again = Aws({"start-document-analysis", "--document-location", Location("forms.pdf"),
                      "--feature-types", "TABLES", "FORMS", "--client-request-token", "batch-7"});
  ASSERT_EQ(again.exit_code, 0) << again;
  EXPECT_EQ(again.Json()["JobId"], job_id);
  AwsRun other = Aws({"start-document-analysis", "--document-location", Location("forms.pdf"),
                      "--feature-types", "TABLES", "--client-request-token", "batch-7"});
  EXPECT_NE(other.err.find("IdempotentParameterMismatchException"), std::string::npos) << other;

  ASSERT_EQ(Wait("GetDocumentAnalysis", job_id)["JobStatus"], "SUCCEEDED");
  AwsRun get = Aws({"get-document-analysis", "--job-id", job_id});
  ASSERT_EQ(get.exit_code, 0) << get;
  const json out = get.Json();
  EXPECT_FALSE(out.contains("NextToken"));  // under 1,000 blocks: one page of results
  const auto ids = ById(out);
  std::map<int, int> tables;
  std::map<int, std::map<std::string, std::string>> pairs;
  for (const json& b : out["Blocks"]) {
    const int page = b["Page"];
    if (b["BlockType"] == "TABLE") ++tables[page];
    if (b["BlockType"] == "KEY_VALUE_SET" && b["EntityTypes"][0] == "KEY") {
      for (const json& r : b["Relationships"]) {
        if (r["Type"] == "VALUE") {
          pairs[page][ChildText(b, ids)] = ChildText(ids.at(r["Ids"][0].get<std::string>()), ids);
        }
      }
    }
  }
  EXPECT_EQ(tables, (std::map<int, int>{{1, 1}, {2, 1}}));
  EXPECT_EQ(pairs[1]["Customer:"], "Ada Lovelace");
  EXPECT_EQ(pairs[2]["Invoice:"], "2024-117");
  HttpResult raw = Raw("GetDocumentAnalysis", {{"JobId", job_id}});
  EXPECT_EQ(model().Conformance("GetDocumentAnalysis", raw.Json()), "") << raw.body;
  EXPECT_EQ(raw.Json()["AnalyzeDocumentModelVersion"], "1.0");
  // A text-detection Get does not know an analysis job.
  HttpResult wrong = Raw("GetDocumentTextDetection", {{"JobId", job_id}});
  EXPECT_EQ(wrong.Json()["__type"], "InvalidJobIdException") << wrong;
}

TEST_F(TextractCliTest, CheckBoxesThroughAnalyzeDocument) {
  const std::string draw =
      "rectangle 100,172 136,208 rectangle 600,172 636,208 line 608,180 628,200 "
      "line 628,180 608,200";
  ASSERT_TRUE(fx::Run("convert -size 1200x300 xc:white -fill none -stroke black -strokewidth 3 "
                      "-draw " + fx::Quote(draw) +
                      " -stroke none -fill black -font DejaVu-Sans -pointsize 32 "
                      "-annotate +160+202 'Paper invoice' -annotate +660+202 'Email receipt' " +
                      fx::Quote(Path("boxes.png"))));
  HttpResult raw = RawBytes("AnalyzeDocument", fx::ReadFile(dir_ / "boxes.png"),
                            {{"FeatureTypes", {"FORMS"}}});
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("AnalyzeDocument", raw.Json()), "") << raw.body;
  const json out = raw.Json();
  const auto ids = ById(out);
  std::map<std::string, std::string> status;
  for (const json& b : out["Blocks"]) {
    if (b["BlockType"] != "KEY_VALUE_SET" || b["EntityTypes"][0] != "KEY") continue;
    for (const json& r : b["Relationships"]) {
      if (r["Type"] != "VALUE") continue;
      const json& value = ids.at(r["Ids"][0].get<std::string>());
      for (const json& c : value["Relationships"]) {
        const json& child = ids.at(c["Ids"][0].get<std::string>());
        if (child["BlockType"] == "SELECTION_ELEMENT") {
          status[ChildText(b, ids)] = child["SelectionStatus"];
        }
      }
    }
  }
  EXPECT_EQ(status, (std::map<std::string, std::string>{{"Paper invoice", "NOT_SELECTED"},
                                                        {"Email receipt", "SELECTED"}}));
}

TEST_F(TextractAsyncCliTest, BadLocationsAndJobIdsGetTheModelsExceptions) {
  fx::WriteFile(dir_ / "notes.txt", "just notes\n");
  Import("notes.txt", "notes.txt");
  Import("page.png", "page.png");
  std::filesystem::create_directories(server().data_dir() / "imports" / "other");
  fx::WriteFile(server().data_dir() / "imports" / "other" / "x.png", fx::ReadFile(dir_ / "page.png"));
  std::filesystem::create_symlink(dir_ / "page.png",
                                  server().data_dir() / "imports" / "scans" / "link.png");
  const std::vector<std::pair<std::string, std::string>> names = {
      {"missing.png", "InvalidS3ObjectException"},
      {"../other/x.png", "InvalidS3ObjectException"},
      {"/etc/hostname", "InvalidS3ObjectException"},
      {"link.png", "InvalidS3ObjectException"},
      {"notes.txt", "UnsupportedDocumentException"},
  };
  for (const auto& [name, exception] : names) {
    HttpResult r = Raw("StartDocumentTextDetection",
                       {{"DocumentLocation", json::parse(Location(name))}});
    EXPECT_EQ(r.status, 400) << name << ": " << r;
    EXPECT_EQ(r.Json()["__type"], exception) << name << ": " << r;
  }
  AwsRun missing = Aws({"start-document-text-detection", "--document-location",
                        Location("missing.png")});
  EXPECT_NE(missing.err.find("InvalidS3ObjectException"), std::string::npos) << missing;
  const std::vector<json> bad_requests = {
      json::object(),
      {{"DocumentLocation", {{"S3Object", {{"Bucket", "scans"}}}}}},
      {{"DocumentLocation", {{"S3Object", {{"Bucket", "s/"}, {"Name", "page.png"}}}}}},
      {{"DocumentLocation", json::parse(Location("page.png"))}, {"JobTag", "has space"}},
      {{"DocumentLocation", json::parse(Location("page.png"))},
       {"NotificationChannel", {{"SNSTopicArn", "a"}, {"RoleArn", "b"}}}},
  };
  for (const json& input : bad_requests) {
    HttpResult r = Raw("StartDocumentTextDetection", input);
    EXPECT_EQ(r.Json()["__type"], "InvalidParameterException") << input.dump() << ": " << r;
  }
  HttpResult no_features = Raw("StartDocumentAnalysis",
                               {{"DocumentLocation", json::parse(Location("page.png"))}});
  EXPECT_EQ(no_features.Json()["__type"], "InvalidParameterException") << no_features;
  AwsRun unknown = Aws({"get-document-text-detection", "--job-id", "txj_0000000000000000"});
  EXPECT_NE(unknown.err.find("InvalidJobIdException"), std::string::npos) << unknown;
  EXPECT_EQ(Raw("GetDocumentAnalysis", {{"JobId", "nope"}}).Json()["__type"],
            "InvalidJobIdException");
  // Paging tokens come from the results only.
  AwsRun start = Aws({"start-document-text-detection", "--document-location",
                      Location("page.png")});
  ASSERT_EQ(start.exit_code, 0) << start;
  const std::string job_id = start.Json()["JobId"];
  ASSERT_EQ(Wait("GetDocumentTextDetection", job_id)["JobStatus"], "SUCCEEDED");
  EXPECT_EQ(Raw("GetDocumentTextDetection", {{"JobId", job_id}, {"NextToken", "abc"}})
                .Json()["__type"],
            "InvalidParameterException");
  EXPECT_EQ(Raw("GetDocumentTextDetection", {{"JobId", job_id}, {"MaxResults", 0}})
                .Json()["__type"],
            "InvalidParameterException");
  // A corrupt file fails the job, not the Start call.
  fx::WriteFile(dir_ / "broken.png", fx::ReadFile(dir_ / "page.png").substr(0, 200));
  Import("broken.png", "broken.png");
  HttpResult broken = Raw("StartDocumentTextDetection",
                          {{"DocumentLocation", json::parse(Location("broken.png"))}});
  ASSERT_EQ(broken.status, 200) << broken;
  const json failed = Wait("GetDocumentTextDetection", broken.Json()["JobId"]);
  EXPECT_EQ(failed["JobStatus"], "FAILED");
  EXPECT_NE(failed.value("StatusMessage", "").find("PNG"), std::string::npos) << failed.dump();
  EXPECT_EQ(model().Conformance("GetDocumentTextDetection", failed), "") << failed.dump();
}

TEST_F(TextractAsyncCliTest, AJobInterruptedByACrashIsFailedAfterTheRestart) {
  // Four scanned pages: seconds of OCR, long enough to be killed in the middle.
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Inventory line " + std::to_string(i) + " counted\n";
  ASSERT_TRUE(fx::TextPdf(dir_, "long.pdf", text));
  ASSERT_TRUE(fx::RasterPdf(dir_ / "long.pdf", dir_ / "scan.pdf"));
  Import("scan.pdf", "scan.pdf");
  HttpResult start = Raw("StartDocumentTextDetection",
                         {{"DocumentLocation", json::parse(Location("scan.pdf"))}});
  ASSERT_EQ(start.status, 200) << start;
  const std::string job_id = start.Json()["JobId"];
  HttpResult running = Raw("GetDocumentTextDetection", {{"JobId", job_id}});
  EXPECT_EQ(running.Json()["JobStatus"], "IN_PROGRESS") << running;
  EXPECT_EQ(model().Conformance("GetDocumentTextDetection", running.Json()), "");
  server().Kill(SIGKILL);
  ASSERT_TRUE(server().Restart());
  AwsRun after = Aws({"get-document-text-detection", "--job-id", job_id});
  ASSERT_EQ(after.exit_code, 0) << after;
  EXPECT_EQ(after.Json()["JobStatus"], "FAILED");
  EXPECT_NE(after.Json()["StatusMessage"].get<std::string>().find("restart"), std::string::npos);
}

}  // namespace
}  // namespace lathe::testing
