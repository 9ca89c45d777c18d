// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// SIGKILL in the middle of an upload: after a restart no half dataset is visible, the metadata
// database passes PRAGMA integrity_check, and what was stored before is intact.
#include <sqlite3.h>

#include <csignal>
#include <thread>

#include <gtest/gtest.h>

#include "integration/raw_http.h"
#include "integration/server_fixture.h"

namespace lathe::testing {
namespace {

std::string IntegrityCheck(const std::filesystem::path& db_path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return "cannot open";
  }
  std::string result;
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr);
  while (sqlite3_step(stmt) == SQLITE_ROW) {
    result += reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  }
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return result;
}

std::string MakeCsv(int rows) {
  std::string body = "id,value,label\n";
  body.reserve(static_cast<size_t>(rows) * 24);
  for (int i = 0; i < rows; ++i) {
    body += std::to_string(i) + "," + std::to_string(i * 0.5) + (i % 3 ? ",cat\n" : ",dog\n");
  }
  return body;
}

class CrashTest : public ServerTest {};

TEST_F(CrashTest, KillMidUploadLeavesNoHalfDataset) {
  ASSERT_EQ(Post(server().url("/api/v1/datasets?name=before"), MakeCsv(100), "text/csv").status,
            201);
  std::string body = MakeCsv(400000);
  RawConnection c(server().port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send("POST /api/v1/datasets?name=cut HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: text/csv\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, body.size() / 2)));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  server().Kill(SIGKILL);

  EXPECT_EQ(IntegrityCheck(server().data_dir() / "lathe.db"), "ok");
  ASSERT_TRUE(server().Start());
  nlohmann::json list = Get(server().url("/api/v1/datasets")).Json();
  ASSERT_EQ(list["total"], 1) << list;
  EXPECT_EQ(list["datasets"][0]["name"], "before");
  EXPECT_EQ(Get(server().url("/api/v1/datasets/cut")).status, 404);
  EXPECT_EQ(Get(server().url("/api/v1/datasets/before/rows")).Json()["total_rows"], 100);
  EXPECT_TRUE(std::filesystem::is_empty(server().data_dir() / "spool"));
}

TEST_F(CrashTest, KillWhileIngestingIsAllOrNothing) {
  // The whole body is sent, then the server dies while parsing / storing it.
  std::string body = MakeCsv(600000);
  RawConnection c(server().port());
  ASSERT_TRUE(c.connected());
  ASSERT_TRUE(c.Send("POST /api/v1/datasets?name=whole HTTP/1.1\r\nHost: x\r\n"
                     "Content-Type: text/csv\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n" + body));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  server().Kill(SIGKILL);

  EXPECT_EQ(IntegrityCheck(server().data_dir() / "lathe.db"), "ok");
  ASSERT_TRUE(server().Start());
  nlohmann::json list = Get(server().url("/api/v1/datasets")).Json();
  if (list["total"] == 1) {  // committed before the kill: then it must be complete
    nlohmann::json rows = Get(server().url("/api/v1/datasets/whole/rows?offset=599999")).Json();
    EXPECT_EQ(rows["total_rows"], 600000);
    EXPECT_EQ(rows["rows"][0][0], 599999);
    EXPECT_EQ(Get(server().url("/api/v1/datasets/whole/download")).body.size(), body.size());
  } else {
    EXPECT_EQ(list["total"], 0) << list;
  }
  // Either way the server accepts the same upload again.
  EXPECT_EQ(Post(server().url("/api/v1/datasets?name=whole"), MakeCsv(10), "text/csv").status,
            201);
}

}  // namespace
}  // namespace lathe::testing
