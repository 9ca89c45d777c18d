// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The invocation codec: request bodies (CSV, JSON, JSON Lines, as SageMaker Runtime takes them)
// into a typed data::Table of the model's raw input columns, and predictions back into the
// response body (docs/api/deploy.md, "Invocation"). Built for the request path: no locks, one
// pass over the body, JSON through simdjson. Pure functions, thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(WireFormat in, ParseContentType(content_type));
//   LATHE_ASSIGN_OR_RETURN(WireFormat out, ResponseFormat(accept, in));
//   LATHE_ASSIGN_OR_RETURN(data::Table rows, DecodeRows(in, body, schema, 10000));
//   std::string type;
//   std::string response = EncodePredictions(out, batch, nullptr, &type);
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "data/table.h"
#include "ml/loaded_model.h"

namespace lathe::serving {

enum class WireFormat { kCsv, kJson, kJsonLines };

// "text/csv", "application/json", "application/jsonlines".
std::string_view WireFormatContentType(WireFormat format);

// The format of a request Content-Type. Case-insensitive; parameters ("; charset=utf-8") are
// ignored; application/x-jsonlines, application/jsonl and application/x-ndjson are JSON Lines.
// InvalidArgument naming the type and listing the supported ones (also for an empty type).
Result<WireFormat> ParseContentType(std::string_view content_type);

// The response format for an Accept header. Absent, empty or "*/*": JSON for CSV input, else the
// request's JSON flavour. A list ("text/csv;q=0.5, application/json") picks the supported type
// with the highest q (ties: the first listed; q=0 excludes); "application/*" means the JSON
// flavour, "text/*" CSV. InvalidArgument naming the header when nothing listed is supported.
Result<WireFormat> ResponseFormat(std::optional<std::string_view> accept,
                                  WireFormat request_format);

// The model's raw input columns, in the order a CSV row or a JSON array row carries them.
struct InputSchema {
  std::vector<std::string> columns;
  // Per column: the training table's type, or nullopt to infer it from the request's cells
  // (int64 if every value is an integer, float64 if every value is a number, bool if every
  // value is a JSON boolean, otherwise text).
  std::vector<std::optional<data::DataType>> types;
};

// Decodes a request body into a table with exactly `schema.columns`, typed as `schema.types`
// (an int64 column that receives a fraction is widened to float64). Values:
//   - empty CSV fields, JSON null, missing object keys and the missing markers of the CSV reader
//     (NA, null, ...; data/type_inference.h) are nulls;
//   - int64 / float64 take numbers (numeric text too); bool takes true/false/1/0 (and the
//     reader's yes/no/t/f); date / datetime take ISO text; categorical / text take anything
//     scalar, numbers as the CSV writer prints them ("3", "2.5").
// CSV: one row per line, no header, RFC 4180 quotes, LF or CRLF. JSON: {"instances": [rows]},
// a bare array of rows, or {"features": [values]} (one row); a row is an array in column order
// or an object by column name. JSON Lines: one row (array or object) per line.
// Errors (InvalidArgument; rows are 1-based, details {row, column}; an empty body or no rows has
// details {"empty_body": true}, which the contract answers with 400 rather than 424):
//   "the request body is empty", "row 3: expected 8 values (pregnancies, glucose, ...), got 7",
//   "row 2, column 'glucose' (2): expected a number, got 'abc'", "row 1: unknown column 'x'",
//   "malformed JSON at byte 17: ...", "more than 10000 rows (the limit per request)".
// The table is owned by the caller; `body` is not retained.
Result<data::Table> DecodeRows(WireFormat format, std::string_view body, const InputSchema& schema,
                               size_t max_rows);

// DecodeRows into `*table`, reusing its storage: when it holds `schema.columns` (same names, in
// order) from an earlier call, its columns are emptied and refilled without allocating, otherwise
// it is rebuilt. The request path keeps one table per thread, so a one-row invocation builds no
// new columns. Same errors as DecodeRows; after an error `*table` holds partial rows (reusable).
Status DecodeRowsInto(WireFormat format, std::string_view body, const InputSchema& schema,
                      size_t max_rows, data::Table* table);

// Encodes predictions (and, if `explanation` is not null, per-feature contributions) as the
// response body in `format` and sets `*content_type`. Shapes (docs/api/deploy.md):
//   JSON: {"predictions": [{"predicted_label", "probabilities": {class: p}, "probability"}]} or
//         [{"score": v}] for regression; with an explanation each object adds
//         "explanation": {"bias": b, "contributions": {column: v}}.
//   JSON Lines: the same objects, one per line.
//   CSV: per row the label then the probabilities in `classes` order (or the value); with an
//        explanation, then the bias and one contribution per explained column.
// Numbers are the shortest text that reads back as the same float; NaN and infinities are null
// (JSON) or empty (CSV).
std::string EncodePredictions(WireFormat format, const ml::PredictionBatch& predictions,
                              const ml::Explanation* explanation, std::string* content_type);

}  // namespace lathe::serving
