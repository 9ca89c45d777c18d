// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Rekognition (service model rekognition/2016-06-27) over the AWS JSON 1.1 protocol:
// DetectFaces (services/vision: dlib HOG faces, 68-point landmarks) and DetectText
// (services/documents' Tesseract OCR), with the model's member names, limits (5 MB of image bytes)
// and exceptions (InvalidParameterException, InvalidImageFormatException, ImageTooLargeException,
// InvalidS3ObjectException). Images come as Bytes; Lathe has no S3 of its own to read S3Object
// from. Thread-safe.
//
//   dispatcher.Register(RekognitionService());  // then: aws rekognition detect-faces ...
#pragma once

#include "api/aws_json_dispatch.h"

namespace lathe::api {

// Target prefix RekognitionService with DetectFaces and DetectText.
AwsJsonService RekognitionService();

}  // namespace lathe::api
