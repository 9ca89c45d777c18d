// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Rekognition conformance: the real aws CLI (Debian's awscli) calls `lathe serve` with
// --endpoint-url for DetectFaces and DetectText, and the raw responses are checked against the
// service model rekognition/2016-06-27. Images: the astronaut photo (tests/data/images, one
// frontal face), a JPEG and a text image made here with ImageMagick.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "auth/crypto.h"
#include "aws/aws_cli_harness.h"

namespace lathe::testing {
namespace {

using nlohmann::json;

const std::string kAstronaut = std::string(LATHE_SOURCE_DIR) + "/tests/data/images/astronaut.png";

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class RekognitionCliTest : public AwsCliTest {
 protected:
  RekognitionCliTest() : AwsCliTest("rekognition", "rekognition/2016-06-27", "RekognitionService") {}

  // Runs ImageMagick's convert with `args` (output last); false when it is missing or fails.
  bool Convert(const std::string& args) {
    return std::system(("convert " + args + " 2>/dev/null").c_str()) == 0;
  }

  HttpResult RawImage(const std::string& operation, const std::string& bytes, json extra = {}) {
    json input = extra.is_object() ? extra : json::object();
    input["Image"] = {{"Bytes", auth::Base64Encode(bytes)}};
    return Raw(operation, input);
  }
};

void ExpectRatioBox(const json& box) {
  for (const char* k : {"Width", "Height", "Left", "Top"}) {
    EXPECT_GE(box[k].get<double>(), -0.05) << box;
    EXPECT_LE(box[k].get<double>(), 1.05) << box;
  }
}

TEST_F(RekognitionCliTest, DetectFacesFindsTheAstronaut) {
  AwsRun run = Aws({"detect-faces", "--image-bytes", "fileb://" + kAstronaut});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json out = run.Json();
  ASSERT_EQ(out["FaceDetails"].size(), 1u) << run;
  const json& face = out["FaceDetails"][0];
  ExpectRatioBox(face["BoundingBox"]);
  // The face is in the upper middle of the portrait.
  EXPECT_GT(face["BoundingBox"]["Left"].get<double>(), 0.2);
  EXPECT_LT(face["BoundingBox"]["Top"].get<double>(), 0.4);
  EXPECT_GT(face["Confidence"].get<double>(), 90);
  ASSERT_EQ(face["Landmarks"].size(), 30u);
  std::map<std::string, json> marks;
  for (const json& m : face["Landmarks"]) marks[m["Type"]] = m;
  EXPECT_LT(marks["eyeLeft"]["X"].get<double>(), marks["eyeRight"]["X"].get<double>());
  EXPECT_LT(marks["eyeLeft"]["Y"].get<double>(), marks["mouthDown"]["Y"].get<double>());
  EXPECT_TRUE(face.contains("Pose") && face.contains("Quality"));
  EXPECT_FALSE(face.contains("EyesOpen"));  // DEFAULT attributes only

  HttpResult raw = RawImage("DetectFaces", ReadFile(kAstronaut));
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("DetectFaces", raw.Json()), "") << raw.body;
}

TEST_F(RekognitionCliTest, AllAttributesAddEyesAndMouthAndJpegWorks) {
  AwsRun run = Aws({"detect-faces", "--image-bytes", "fileb://" + kAstronaut, "--attributes", "ALL"});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json face = run.Json()["FaceDetails"][0];
  EXPECT_EQ(face["EyesOpen"]["Value"], true) << face;
  EXPECT_GE(face["EyesOpen"]["Confidence"].get<double>(), 50);
  EXPECT_TRUE(face.contains("MouthOpen"));
  // Members that would need models Debian does not ship are absent, not invented.
  EXPECT_FALSE(face.contains("AgeRange"));
  EXPECT_FALSE(face.contains("Emotions"));
  HttpResult raw = RawImage("DetectFaces", ReadFile(kAstronaut), {{"Attributes", {"ALL"}}});
  EXPECT_EQ(model().Conformance("DetectFaces", raw.Json()), "") << raw.body;

  const std::filesystem::path jpeg = server().work_dir() / "astronaut.jpg";
  if (!Convert(kAstronaut + " -quality 85 " + jpeg.string())) GTEST_SKIP() << "no ImageMagick";
  AwsRun from_jpeg = Aws({"detect-faces", "--image-bytes", "fileb://" + jpeg.string()});
  ASSERT_EQ(from_jpeg.exit_code, 0) << from_jpeg;
  ASSERT_EQ(from_jpeg.Json()["FaceDetails"].size(), 1u) << from_jpeg;
  EXPECT_NEAR(from_jpeg.Json()["FaceDetails"][0]["BoundingBox"]["Left"].get<double>(),
              run.Json()["FaceDetails"][0]["BoundingBox"]["Left"].get<double>(), 0.03);
}

TEST_F(RekognitionCliTest, DetectTextReadsLinesAndWords) {
  const std::filesystem::path png = server().work_dir() / "sign.png";
  if (!Convert("-size 900x220 xc:white -font DejaVu-Sans -pointsize 56 -fill black "
               "-draw \"text 40,130 'OPEN DAILY 9 TO 5'\" " + png.string())) {
    GTEST_SKIP() << "no ImageMagick";
  }
  AwsRun run = Aws({"detect-text", "--image-bytes", "fileb://" + png.string()});
  ASSERT_EQ(run.exit_code, 0) << run;
  const json out = run.Json();
  std::set<std::string> words;
  int lines = 0;
  std::set<int> line_ids;
  for (const json& d : out["TextDetections"]) {
    if (d["Type"] == "LINE") {
      ++lines;
      line_ids.insert(d["Id"].get<int>());
      EXPECT_EQ(d["DetectedText"], "OPEN DAILY 9 TO 5") << d;
    } else {
      words.insert(d["DetectedText"].get<std::string>());
      EXPECT_TRUE(line_ids.count(d["ParentId"].get<int>())) << d;
    }
    ExpectRatioBox(d["Geometry"]["BoundingBox"]);
    EXPECT_EQ(d["Geometry"]["Polygon"].size(), 4u);
  }
  EXPECT_EQ(lines, 1) << run;
  EXPECT_EQ(words, (std::set<std::string>{"OPEN", "DAILY", "9", "TO", "5"})) << run;

  HttpResult raw = RawImage("DetectText", ReadFile(png));
  ASSERT_EQ(raw.status, 200) << raw;
  EXPECT_EQ(model().Conformance("DetectText", raw.Json()), "") << raw.body;
  // A filter no word passes leaves nothing.
  HttpResult none = RawImage("DetectText", ReadFile(png),
                             {{"Filters", {{"WordFilter", {{"MinConfidence", 100.5}}}}}});
  ASSERT_EQ(none.status, 200) << none;
  EXPECT_TRUE(none.Json()["TextDetections"].empty()) << none.body;
  // A region of interest on the left third keeps the first words only.
  HttpResult left = RawImage(
      "DetectText", ReadFile(png),
      {{"Filters",
        {{"RegionsOfInterest",
          {{{"BoundingBox", {{"Left", 0.0}, {"Top", 0.0}, {"Width", 0.33}, {"Height", 1.0}}}}}}}}});
  ASSERT_EQ(left.status, 200) << left;
  std::set<std::string> left_words;
  const json left_out = left.Json();
  for (const json& d : left_out["TextDetections"]) {
    if (d["Type"] == "WORD") left_words.insert(d["DetectedText"].get<std::string>());
  }
  EXPECT_TRUE(left_words.count("OPEN")) << left.body;
  EXPECT_FALSE(left_words.count("5")) << left.body;
}

TEST_F(RekognitionCliTest, BadImagesAreTheModelsExceptions) {
  const std::filesystem::path text = server().work_dir() / "notes.txt";
  std::ofstream(text) << "this is not an image\n";
  AwsRun run = Aws({"detect-faces", "--image-bytes", "fileb://" + text.string()});
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.err.find("(InvalidImageFormatException)"), std::string::npos) << run;

  const std::string truncated = ReadFile(kAstronaut).substr(0, 5000);
  HttpResult corrupt = RawImage("DetectFaces", truncated);
  EXPECT_EQ(corrupt.status, 400) << corrupt;
  EXPECT_EQ(corrupt.Json()["__type"], "InvalidImageFormatException") << corrupt.body;

  HttpResult big = RawImage("DetectText", std::string(6 * 1024 * 1024, 'x'));
  EXPECT_EQ(big.status, 400) << big;
  EXPECT_EQ(big.Json()["__type"], "ImageTooLargeException") << big.body;

  HttpResult s3 = Raw("DetectFaces", {{"Image", {{"S3Object", {{"Bucket", "b"}, {"Name", "k"}}}}}});
  EXPECT_EQ(s3.Json()["__type"], "InvalidS3ObjectException") << s3.body;
  HttpResult missing = Raw("DetectFaces", json::object());
  EXPECT_EQ(missing.Json()["__type"], "InvalidParameterException") << missing.body;
  EXPECT_NE(missing.Json()["message"].get<std::string>().find("Image"), std::string::npos);
  HttpResult bad_base64 = Raw("DetectFaces", {{"Image", {{"Bytes", "%%%not base64"}}}});
  EXPECT_EQ(bad_base64.Json()["__type"], "InvalidParameterException") << bad_base64.body;
  HttpResult attribute = RawImage("DetectFaces", ReadFile(kAstronaut), {{"Attributes", {"FACES"}}});
  EXPECT_EQ(attribute.Json()["__type"], "InvalidParameterException") << attribute.body;
  EXPECT_NE(attribute.body.find("Attributes[0]"), std::string::npos) << attribute.body;
  // The server is still up and answers.
  EXPECT_EQ(RawImage("DetectFaces", ReadFile(kAstronaut)).status, 200);
}

TEST_F(RekognitionCliTest, NativeRestAnswersInPixels) {
  HttpResult r = Post(server().url("/api/v1/vision/faces"), ReadFile(kAstronaut), "image/png");
  ASSERT_EQ(r.status, 200) << r;
  const json out = r.Json();
  EXPECT_EQ(out["width"], 512);
  ASSERT_EQ(out["faces"].size(), 1u);
  EXPECT_EQ(out["faces"][0]["points"].size(), 68u);
  EXPECT_GT(out["faces"][0]["box"]["width"].get<int>(), 50);
  EXPECT_TRUE(out["faces"][0]["landmarks"].contains("nose"));
  HttpResult bad = Post(server().url("/api/v1/vision/faces"), "GIF89a....", "image/gif");
  EXPECT_EQ(bad.status, 400) << bad;
  EXPECT_NE(bad.body.find("PNG or JPEG"), std::string::npos) << bad.body;
}

}  // namespace
}  // namespace lathe::testing
