// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/rekognition_handlers.h"

#include <algorithm>
#include <string>
#include <vector>

#include "api/aws_json_input.h"
#include "services/documents/ocr_engine.h"
#include "services/vision/face_detector.h"

namespace lathe::api {
namespace {

using nlohmann::json;
namespace vision = services::vision;
namespace documents = services::documents;

constexpr std::string_view kInvalidParameter = "InvalidParameterException";
constexpr std::string_view kInvalidImageFormat = "InvalidImageFormatException";
constexpr std::string_view kImageTooLarge = "ImageTooLargeException";
constexpr size_t kMaxImageBytes = 5 * 1024 * 1024;  // ImageBlob's max in the model
constexpr size_t kMaxTextWords = 100;               // DetectText finds up to 100 words

// Rekognition's floats are single precision; round so the JSON stays short.
double F(double v) { return static_cast<float>(v); }

// Image.Bytes, decoded from base64 and checked against the model's limit. An S3Object cannot be
// read: Lathe has no S3 of its own.
Result<std::string> ImageBytes(const json& input) {
  auto image = input.find("Image");
  if (image != input.end() && image->is_object() && image->contains("S3Object") &&
      !image->contains("Bytes")) {
    return AwsException("InvalidS3ObjectException",
                        "Image.S3Object: Lathe reads images from Image.Bytes only (use "
                        "--image-bytes fileb://photo.jpg with the aws CLI)");
  }
  LATHE_ASSIGN_OR_RETURN(std::string bytes,
                         AwsRequiredBlob(input, "Image", "Bytes", kInvalidParameter));
  if (bytes.size() > kMaxImageBytes) {
    return AwsException(kImageTooLarge, "Image.Bytes: " + std::to_string(bytes.size()) +
                                            " bytes; the limit is " +
                                            std::to_string(kMaxImageBytes) + " bytes");
  }
  return bytes;
}

// A decoding failure as Rekognition's exception.
Status ImageError(const Status& status) {
  if (status.code() == StatusCode::kResourceExhausted) {
    return AwsException(kImageTooLarge, "Image.Bytes: " + status.message());
  }
  return AwsException(kInvalidImageFormat, "Image.Bytes: " + status.message());
}

json Box(double left, double top, double width, double height, int image_width,
         int image_height) {
  return {{"Width", F(width / image_width)},
          {"Height", F(height / image_height)},
          {"Left", F(left / image_width)},
          {"Top", F(top / image_height)}};
}

Result<json> DetectFaces(const json& input, RequestContext&) {
  bool all = false;
  if (auto it = input.find("Attributes"); it != input.end() && !it->is_null()) {
    if (!it->is_array()) {
      return AwsException(kInvalidParameter, "Attributes: expected a list of DEFAULT or ALL");
    }
    for (size_t i = 0; i < it->size(); ++i) {
      const json& a = (*it)[i];
      if (a != "DEFAULT" && a != "ALL") {
        return AwsException(kInvalidParameter, "Attributes[" + std::to_string(i) + "]: " +
                                                   a.dump() + " is not DEFAULT or ALL");
      }
      all = all || a == "ALL";
    }
  }
  LATHE_ASSIGN_OR_RETURN(std::string bytes, ImageBytes(input));
  Result<vision::GrayImage> image = vision::DecodeImage(bytes);
  if (!image.ok()) return ImageError(image.status());
  LATHE_ASSIGN_OR_RETURN(std::vector<vision::Face> faces,
                         vision::FaceDetector::Default().Detect(*image));
  const int w = image->width;
  const int h = image->height;
  json details = json::array();
  for (const vision::Face& face : faces) {
    json landmarks = json::array();
    for (const vision::NamedPoint& mark : vision::RekognitionLandmarks(face.points)) {
      landmarks.push_back(
          {{"Type", mark.type}, {"X", F(mark.point.x / w)}, {"Y", F(mark.point.y / h)}});
    }
    json detail = {
        {"BoundingBox", Box(face.box.left, face.box.top, face.box.width, face.box.height, w, h)},
        {"Landmarks", landmarks},
        {"Pose", {{"Roll", F(face.pose.roll)}, {"Yaw", F(face.pose.yaw)}, {"Pitch", F(face.pose.pitch)}}},
        {"Quality",
         {{"Brightness", F(face.quality.brightness)}, {"Sharpness", F(face.quality.sharpness)}}},
        {"Confidence", F(face.confidence)}};
    if (all) {
      // Only what the landmarks honestly tell; age, gender, emotions, glasses and facial hair
      // need models Debian does not ship, so those members are absent (docs/api/vision.md).
      detail["EyesOpen"] = {{"Value", face.eyes_open.value},
                            {"Confidence", F(face.eyes_open.confidence)}};
      detail["MouthOpen"] = {{"Value", face.mouth_open.value},
                             {"Confidence", F(face.mouth_open.confidence)}};
    }
    details.push_back(std::move(detail));
  }
  return json{{"FaceDetails", details}};
}

// DetectText's Filters: words below MinConfidence or smaller than the minimum box (ratios of the
// image), or whose centre is outside every region of interest, are left out.
struct TextFilters {
  double min_confidence = 0;
  double min_width = 0;
  double min_height = 0;
  std::vector<json> regions;  // BoundingBox objects
};

Result<TextFilters> ReadTextFilters(const json& input) {
  TextFilters filters;
  auto it = input.find("Filters");
  if (it == input.end() || it->is_null()) return filters;
  if (!it->is_object()) return AwsException(kInvalidParameter, "Filters: expected an object");
  if (auto word = it->find("WordFilter"); word != it->end() && word->is_object()) {
    auto number = [&](const char* name, double* out) -> Status {
      auto v = word->find(name);
      if (v == word->end() || v->is_null()) return Status::Ok();
      if (!v->is_number()) {
        return AwsException(kInvalidParameter,
                            std::string("Filters.WordFilter.") + name + ": expected a number");
      }
      *out = v->get<double>();
      return Status::Ok();
    };
    LATHE_RETURN_IF_ERROR(number("MinConfidence", &filters.min_confidence));
    LATHE_RETURN_IF_ERROR(number("MinBoundingBoxWidth", &filters.min_width));
    LATHE_RETURN_IF_ERROR(number("MinBoundingBoxHeight", &filters.min_height));
  }
  if (auto regions = it->find("RegionsOfInterest"); regions != it->end() && regions->is_array()) {
    for (const json& r : *regions) {
      if (r.contains("BoundingBox") && r["BoundingBox"].is_object()) {
        filters.regions.push_back(r["BoundingBox"]);
      }
    }
  }
  return filters;
}

bool KeepWord(const documents::OcrWord& word, int w, int h, const TextFilters& f) {
  if (word.confidence < f.min_confidence) return false;
  if (static_cast<double>(word.box.width) / w < f.min_width) return false;
  if (static_cast<double>(word.box.height) / h < f.min_height) return false;
  if (f.regions.empty()) return true;
  const double cx = (word.box.left + word.box.width / 2.0) / w;
  const double cy = (word.box.top + word.box.height / 2.0) / h;
  for (const json& r : f.regions) {
    const double left = r.value("Left", 0.0), top = r.value("Top", 0.0);
    if (cx >= left && cx <= left + r.value("Width", 1.0) && cy >= top &&
        cy <= top + r.value("Height", 1.0)) {
      return true;
    }
  }
  return false;
}

json Geometry(const documents::PixelBox& b, int w, int h) {
  const double l = static_cast<double>(b.left) / w, t = static_cast<double>(b.top) / h;
  const double r = static_cast<double>(b.right()) / w, d = static_cast<double>(b.bottom()) / h;
  return {{"BoundingBox", Box(b.left, b.top, b.width, b.height, w, h)},
          {"Polygon",
           {{{"X", F(l)}, {"Y", F(t)}}, {{"X", F(r)}, {"Y", F(t)}}, {{"X", F(r)}, {"Y", F(d)}},
            {{"X", F(l)}, {"Y", F(d)}}}}};
}

Result<json> DetectText(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(TextFilters filters, ReadTextFilters(input));
  LATHE_ASSIGN_OR_RETURN(std::string bytes, ImageBytes(input));
  const documents::ImageFormat format = documents::SniffFormat(bytes);
  if (format != documents::ImageFormat::kPng && format != documents::ImageFormat::kJpeg) {
    return AwsException(kInvalidImageFormat, "Image.Bytes: the image must be PNG or JPEG; this one is " +
                                                 std::string(documents::FormatName(format)));
  }
  Result<documents::OcrPage> page = documents::RecognizeImageBytes(bytes, {.languages = "eng"});
  if (!page.ok()) {
    if (page.status().code() == StatusCode::kInternal) return page.status();
    return ImageError(page.status());
  }
  const int w = std::max(1, page->width);
  const int h = std::max(1, page->height);
  // Lines first, then their words with ParentId, as Rekognition lists them.
  json lines = json::array();
  json words = json::array();
  int next_id = 0;
  size_t word_count = 0;
  std::vector<std::pair<int, const documents::OcrLine*>> kept_lines;
  for (const documents::OcrLine& line : page->lines) {
    std::string text;
    bool any = false;
    for (const documents::OcrWord& word : line.words) {
      if (!KeepWord(word, w, h, filters) || word_count >= kMaxTextWords) continue;
      any = true;
      ++word_count;
    }
    if (!any) continue;
    const int line_id = next_id++;
    lines.push_back({{"DetectedText", line.text},
                     {"Type", "LINE"},
                     {"Id", line_id},
                     {"Confidence", F(line.confidence)},
                     {"Geometry", Geometry(line.box, w, h)}});
    kept_lines.emplace_back(line_id, &line);
  }
  word_count = 0;
  for (const auto& [line_id, line] : kept_lines) {
    for (const documents::OcrWord& word : line->words) {
      if (!KeepWord(word, w, h, filters) || word_count >= kMaxTextWords) continue;
      ++word_count;
      words.push_back({{"DetectedText", word.text},
                       {"Type", "WORD"},
                       {"Id", next_id++},
                       {"ParentId", line_id},
                       {"Confidence", F(word.confidence)},
                       {"Geometry", Geometry(word.box, w, h)}});
    }
  }
  for (json& word : words) lines.push_back(std::move(word));
  return json{{"TextDetections", lines}, {"TextModelVersion", "3.0"}};
}

}  // namespace

AwsJsonService RekognitionService() {
  AwsJsonService service;
  service.target_prefix = "RekognitionService";
  service.operations = {
      {"DetectFaces", DetectFaces},
      {"DetectText", DetectText},
  };
  service.invalid_input_exception = std::string(kInvalidParameter);
  service.internal_exception = "InternalServerError";
  return service;
}

}  // namespace lathe::api
