// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// RunSql: correctness of joins and aggregates over loaded tables (checked against values the
// test computes itself), result typing, and safety against hostile statements (writes, ATTACH,
// PRAGMA, load_extension, several statements, endless recursion).
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "data/table.h"
#include "data/type_inference.h"
#include "prep/sql_query.h"

namespace lathe::prep {
namespace {

using data::Column;
using data::DataType;
using data::Table;

std::shared_ptr<const Table> Orders() {
  // order id, customer id, amount (float, one null), day (date)
  Column id = Column::Make("id", DataType::kInt64);
  Column customer = Column::Make("customer", DataType::kInt64);
  Column amount = Column::Make("amount", DataType::kFloat64);
  Column day = Column::Make("day", DataType::kDate);
  Column paid = Column::Make("paid", DataType::kBool);
  for (int i = 0; i < 100; ++i) {
    id.AppendInt(i);
    customer.AppendInt(i % 7);
    if (i % 10 == 3) {
      amount.AppendNull();
    } else {
      amount.AppendDouble(i * 1.5);
    }
    int64_t d;
    data::ParseDate("2024-01-01", &d);
    day.AppendInt(d + i);
    paid.AppendInt(i % 2);
  }
  auto t = std::make_shared<Table>();
  EXPECT_TRUE(t->AddColumn(std::move(id)).ok());
  EXPECT_TRUE(t->AddColumn(std::move(customer)).ok());
  EXPECT_TRUE(t->AddColumn(std::move(amount)).ok());
  EXPECT_TRUE(t->AddColumn(std::move(day)).ok());
  EXPECT_TRUE(t->AddColumn(std::move(paid)).ok());
  return t;
}

std::shared_ptr<const Table> Customers() {
  Column id = Column::Make("id", DataType::kInt64);
  Column name = Column::Make("name", DataType::kCategorical);
  Column region = Column::Make("region name", DataType::kText);  // a name that needs quoting
  const char* regions[] = {"north", "south"};
  for (int i = 0; i < 6; ++i) {  // customer 6 has no row: inner join drops its orders
    id.AppendInt(i);
    name.AppendString("c" + std::to_string(i));
    region.AppendString(regions[i % 2]);
  }
  auto t = std::make_shared<Table>();
  EXPECT_TRUE(t->AddColumn(std::move(id)).ok());
  EXPECT_TRUE(t->AddColumn(std::move(name)).ok());
  EXPECT_TRUE(t->AddColumn(std::move(region)).ok());
  return t;
}

SqlQuery Query(std::string sql) {
  SqlQuery q;
  q.sql = std::move(sql);
  q.tables = {{"orders", Orders()}, {"customers", Customers()}};
  q.timeout = std::chrono::milliseconds(5000);
  return q;
}

Status Refused(const std::string& sql) {
  auto r = RunSql(Query(sql));
  EXPECT_FALSE(r.ok()) << sql;
  return r.ok() ? Status::Ok() : r.status();
}

TEST(SqlQueryTest, JoinAndGroupByMatchAReferenceComputation) {
  auto r = RunSql(Query(
      "SELECT c.\"region name\" AS region, count(*) AS n, sum(o.amount) AS total "
      "FROM orders o JOIN customers c ON o.customer = c.id "
      "GROUP BY c.\"region name\" ORDER BY region"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  // Reference: the same join and aggregation, by hand.
  std::map<std::string, std::pair<int64_t, double>> expected;
  for (int i = 0; i < 100; ++i) {
    const int customer = i % 7;
    if (customer >= 6) continue;
    auto& [n, total] = expected[customer % 2 ? "south" : "north"];
    ++n;
    if (i % 10 != 3) total += i * 1.5;
  }
  const Table& t = r->table;
  ASSERT_EQ(t.num_rows(), 2u);
  ASSERT_EQ(t.num_columns(), 3u);
  EXPECT_EQ(t.column(0).name, "region");
  EXPECT_EQ(t.column(1).type, DataType::kInt64);
  EXPECT_EQ(t.column(2).type, DataType::kFloat64);
  size_t row = 0;
  for (const auto& [region, agg] : expected) {
    EXPECT_EQ(t.column(0).StringAt(row), region);
    EXPECT_EQ(t.column(1).IntAt(row), agg.first);
    EXPECT_DOUBLE_EQ(t.column(2).DoubleAt(row), agg.second);
    ++row;
  }
  EXPECT_FALSE(r->truncated);
  EXPECT_GE(r->millis, 0);
}

TEST(SqlQueryTest, PlainColumnsKeepTheirTypesAndNulls) {
  auto r = RunSql(Query("SELECT id, amount, day, paid FROM orders WHERE id < 5 ORDER BY id"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Table& t = r->table;
  ASSERT_EQ(t.num_rows(), 5u);
  EXPECT_EQ(t.column(0).type, DataType::kInt64);
  EXPECT_EQ(t.column(1).type, DataType::kFloat64);
  EXPECT_EQ(t.column(2).type, DataType::kDate);
  EXPECT_EQ(t.column(3).type, DataType::kBool);
  EXPECT_TRUE(t.column(1).IsNull(3));
  EXPECT_DOUBLE_EQ(t.column(1).DoubleAt(4), 6.0);
  EXPECT_EQ(t.column(2).ToString(4), "2024-01-05");
  EXPECT_TRUE(t.column(3).BoolAt(1));

  r = RunSql(Query("SELECT name, 1 AS one, 2.5 AS half, 'x' || id AS label, NULL AS empty "
                   "FROM customers ORDER BY id"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->table.column(0).type, DataType::kCategorical);
  EXPECT_EQ(r->table.column(1).type, DataType::kInt64);
  EXPECT_EQ(r->table.column(2).type, DataType::kFloat64);
  EXPECT_EQ(r->table.column(3).ToString(5), "x5");
  EXPECT_EQ(r->table.column(4).NullCount(), 6u);
  // Mixed integers and reals make a float64 column; numbers mixed with text make text.
  r = RunSql(Query("SELECT CASE WHEN id % 2 THEN id ELSE id + 0.5 END AS m, "
                   "CASE WHEN id = 0 THEN 'a' ELSE id END AS t FROM customers ORDER BY id"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->table.column(0).type, DataType::kFloat64);
  EXPECT_DOUBLE_EQ(r->table.column(0).DoubleAt(0), 0.5);
  EXPECT_EQ(r->table.column(1).ToString(0), "a");
  EXPECT_EQ(r->table.column(1).ToString(3), "3");
}

TEST(SqlQueryTest, DuplicateResultNamesAreMadeUnique) {
  auto r = RunSql(Query("SELECT o.id, c.id FROM orders o JOIN customers c ON o.customer = c.id "
                        "LIMIT 1"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->table.column(0).name, "id");
  EXPECT_EQ(r->table.column(1).name, "id_2");
}

TEST(SqlQueryTest, StopsAtMaxRows) {
  SqlQuery q = Query("SELECT * FROM orders");
  q.max_rows = 10;
  auto r = RunSql(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->table.num_rows(), 10u);
  EXPECT_TRUE(r->truncated);
  q.max_rows = 100;
  r = RunSql(q);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->table.num_rows(), 100u);
  EXPECT_FALSE(r->truncated);
}

TEST(SqlQueryTest, WithRecursiveIsAllowedWhenItEnds) {
  auto r = RunSql(Query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c "
                        "WHERE x < 100) SELECT sum(x) AS s FROM c"));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->table.column(0).IntAt(0), 5050);
}

TEST(SqlQueryTest, EndlessRecursionHitsTheTimeLimit) {
  SqlQuery q = Query("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) "
                     "SELECT count(*) FROM c");
  q.timeout = std::chrono::milliseconds(200);
  const auto start = std::chrono::steady_clock::now();
  auto r = RunSql(q);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded);
  EXPECT_EQ(r.status().message(), "query exceeded the 0.2 s time limit");
  EXPECT_LT(seconds, 3.0);
}

TEST(SqlQueryTest, OnlyOneStatement) {
  Status s = Refused("SELECT 1; DROP TABLE orders");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("only one statement"), std::string::npos);
  s = Refused("SELECT 1; SELECT 2");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  // Trailing semicolons and comments are fine.
  EXPECT_TRUE(RunSql(Query("SELECT 1; -- done\n /* really */ ;")).ok());
}

TEST(SqlQueryTest, WritesAndSchemaChangesAreRefused) {
  const std::pair<const char*, const char*> cases[] = {
      {"INSERT INTO orders (id) VALUES (1)", "INSERT"},
      {"UPDATE orders SET amount = 0", "UPDATE"},
      {"DELETE FROM orders", "DELETE"},
      {"DROP TABLE orders", "DROP TABLE"},
      {"CREATE TABLE x (a INTEGER)", "CREATE TABLE"},
      {"CREATE VIEW v AS SELECT 1", "CREATE VIEW"},
      {"CREATE INDEX i ON orders (id)", "CREATE INDEX"},
      {"ALTER TABLE orders ADD COLUMN z", "ALTER TABLE"},
      {"ATTACH '/tmp/lathe_sql_attack.db' AS y", "ATTACH"},
      {"DETACH main", "DETACH"},
      {"PRAGMA writable_schema = 1", "PRAGMA"},
      {"PRAGMA table_info(orders)", "PRAGMA"},
      {"BEGIN", "transaction"},
      {"SAVEPOINT s", "SAVEPOINT"},
      {"SELECT load_extension('x')", "load_extension"},
  };
  for (const auto& [sql, action] : cases) {
    Status s = Refused(sql);
    EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << sql << ": " << s.ToString();
    EXPECT_NE(s.message().find(action), std::string::npos) << sql << ": " << s.message();
  }
  // Still intact afterwards (each call has its own database anyway).
  auto r = RunSql(Query("SELECT count(*) FROM orders"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->table.column(0).IntAt(0), 100);
}

TEST(SqlQueryTest, FileFunctionsDoNotExist) {
  Status s = Refused("SELECT readfile('/etc/passwd')");
  EXPECT_TRUE(s.code() == StatusCode::kInvalidArgument ||
              s.code() == StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("readfile"), std::string::npos);
  s = Refused("SELECT writefile('/tmp/x', 'y')");
  EXPECT_NE(s.message().find("writefile"), std::string::npos);
}

TEST(SqlQueryTest, SyntaxErrorsCarrySqliteMessageAndOffset) {
  Status s = Refused("SELECT id FROM orders WHER id > 1");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("SQL error: near \"id\": syntax error"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.details().value("position", -1), 27);
  s = Refused("SELECT nope FROM orders");
  EXPECT_NE(s.message().find("no such column: nope"), std::string::npos);
  s = Refused("SELECT * FROM missing");
  EXPECT_NE(s.message().find("no such table: missing"), std::string::npos);
  s = Refused("   -- nothing\n");
  EXPECT_NE(s.message().find("empty SQL statement"), std::string::npos);
}

TEST(SqlQueryTest, AliasesMustBeIdentifiers) {
  for (const char* alias : {"bad name", "1abc", "a;drop", "sqlite_master", ""}) {
    SqlQuery q;
    q.sql = "SELECT 1";
    q.tables = {{alias, Orders()}};
    auto r = RunSql(q);
    ASSERT_FALSE(r.ok()) << alias;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find("not an identifier"), std::string::npos);
  }
}

TEST(SqlQueryTest, ColumnNamesWithQuotesLoad) {
  Column c = Column::Make("we\"ird", DataType::kInt64);
  c.AppendInt(41);
  auto t = std::make_shared<Table>();
  ASSERT_TRUE(t->AddColumn(std::move(c)).ok());
  SqlQuery q;
  q.sql = "SELECT \"we\"\"ird\" + 1 AS v FROM t";
  q.tables = {{"t", t}};
  auto r = RunSql(q);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->table.column(0).IntAt(0), 42);
}

}  // namespace
}  // namespace lathe::prep
