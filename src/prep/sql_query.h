// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// SQL over datasets (the Athena of Lathe): a read-only SELECT / WITH statement run by SQLite over
// Tables loaded into a private in-memory database under the aliases the caller chose. An
// authorizer refuses anything but reading (writes, ATTACH, PRAGMA, load_extension, ...), a
// progress handler enforces the time limit, and the result stops at the row limit.
//
//   SqlQuery q;
//   q.sql = "SELECT species, avg(petal_length) FROM iris GROUP BY species";
//   q.tables = {{"iris", iris_table}};
//   LATHE_ASSIGN_OR_RETURN(SqlResult r, RunSql(q));
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "core/status.h"
#include "data/table.h"

namespace lathe::prep {

struct SqlQuery {
  std::string sql;
  std::map<std::string, std::shared_ptr<const data::Table>> tables;  // alias -> table
  int64_t max_rows = 100000;                                         // result rows kept
  std::chrono::milliseconds timeout{10000};
};

struct SqlResult {
  data::Table table;       // column types from the values (int64, float64, text/categorical)
  bool truncated = false;  // more rows than max_rows existed
  double millis = 0;
};

// InvalidArgument for a statement that is not a single SELECT/WITH, a syntax error (SQLite's
// message), an alias that is not an identifier; PermissionDenied for a refused action (naming
// it); DeadlineExceeded when the time limit hits.
Result<SqlResult> RunSql(const SqlQuery& query);

}  // namespace lathe::prep
