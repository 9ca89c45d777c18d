// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Textract (service model textract/2018-06-27, AWS JSON 1.1, target prefix "Textract"):
// DetectDocumentText and AnalyzeDocument (FeatureTypes TABLES, FORMS) on Document.Bytes, and the
// asynchronous StartDocumentTextDetection / GetDocumentTextDetection and StartDocumentAnalysis /
// GetDocumentAnalysis on DocumentLocation.S3Object, read as the file <data dir>/imports/<Bucket>/
// <Name> (services/documents/document_jobs.h), with the model's limits and exception names
// (InvalidParameterException, InvalidS3ObjectException, InvalidJobIdException,
// UnsupportedDocumentException, BadDocumentException, DocumentTooLargeException,
// IdempotentParameterMismatchException, InternalServerError). And Lathe's own route,
// POST /api/v1/documents/analyze (docs/api/documents.md): a raw or multipart upload, multi-page
// PDFs, the same blocks plus a simple view (lines, tables as rows, key-values) for the studio.
// The analysis is services/documents. Thread-safe: OCR runs on the calling worker thread, whose
// Tesseract engine is loaded once.
//
//   dispatcher.Register(TextractService(app));   // aws textract detect-document-text ...
//   router.Add("POST", "/api/v1/documents/analyze", AnalyzeDocumentUpload, {.spool_body = true});
#pragma once

#include "api/app.h"
#include "api/aws_json_dispatch.h"
#include "api/http_types.h"

namespace lathe::api {

// Target prefix "Textract" with the synchronous and asynchronous operations. Creates the job
// service over app's stores (it lives as long as the returned operations) and fails the jobs a
// previous process left running.
AwsJsonService TextractService(App& app);

// POST /api/v1/documents/analyze?features=tables,forms&languages=eng+vie&max_pages=N. The route
// must spool its body (the upload is read from request.body_file).
Result<HttpResponse> AnalyzeDocumentUpload(HttpRequest& request, RequestContext& context);

}  // namespace lathe::api
