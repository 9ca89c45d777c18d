// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/terminology.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "services/translate/terminology_store.h"
#include "store/metadata_store.h"

namespace lathe::services::translate {
namespace {

TEST(TerminologyTest, ParsesCsvWithQuotesBomAndCrlf) {
  Result<TermTable> t = ParseTerminology(
      "\xEF\xBB\xBF"
      "en,es,fr\r\nLathe,Torno,Tour\r\n\"Acme, Inc.\",\"Acme \"\"SA\"\"\",\r\n\r\n",
      "CSV");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->languages, (std::vector<std::string>{"en", "es", "fr"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[1], (std::vector<std::string>{"Acme, Inc.", "Acme \"SA\"", ""}));
  EXPECT_EQ(TermTableToCsv(*t),
            "en,es,fr\nLathe,Torno,Tour\n\"Acme, Inc.\",\"Acme \"\"SA\"\"\",\n");
}

TEST(TerminologyTest, ParsesTsv) {
  Result<TermTable> t = ParseTerminology("en\tpt\ncat\tgato\n", "TSV");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows[0][1], "gato");
}

TEST(TerminologyTest, BadFilesNameTheLine) {
  auto message = [](std::string_view file, std::string_view format = "CSV") {
    Result<TermTable> t = ParseTerminology(file, format);
    EXPECT_FALSE(t.ok()) << file;
    return t.ok() ? std::string() : t.status().message();
  };
  EXPECT_EQ(message("en,es\nLathe,Torno\nfoo,bar,baz\n"),
            "line 3: expected 2 fields (one per language in the header), found 3");
  EXPECT_EQ(message("en,e s\n"),
            "line 1: 'e s' is not a language code (the header row names the "
            "language of each column, such as en,es,fr)");
  EXPECT_EQ(message("en,es\na,b\n\"open,x\n"), "line 3: a quoted field is not closed");
  EXPECT_EQ(message("en,es\na,\xff\n"), "line 2: not UTF-8 (byte offset 8)");
  EXPECT_EQ(message("en\nx\n"),
            "line 1: the header needs a source and at least one target language, found 1");
  EXPECT_EQ(message("en,en\n"), "line 1: language 'en' appears twice in the header");
  EXPECT_EQ(message(""), "the terminology file is empty");
  EXPECT_EQ(message("en,es\n", "TMX"), "Format: 'TMX' is not supported; use CSV or TSV");
}

TEST(TerminologyTest, FindsWholeWordsLongestFirst) {
  Result<TermTable> t = ParseTerminology("en,es\nLathe,Torno\nLathe Studio,Estudio Torno\n", "CSV");
  ASSERT_TRUE(t.ok());
  t->name = "brands";
  const std::string text = "Lathe Studio runs Lathe, not Lathes or lathe.";
  std::vector<TermMatch> m = FindTerms({&*t}, text, "en", "es");
  ASSERT_EQ(m.size(), 2u);
  EXPECT_EQ(text.substr(m[0].begin, m[0].end - m[0].begin), "Lathe Studio");
  EXPECT_EQ(m[0].target_text, "Estudio Torno");
  EXPECT_EQ(text.substr(m[1].begin, m[1].end - m[1].begin), "Lathe");
  EXPECT_EQ(m[1].begin, 18u);
  EXPECT_EQ(m[1].terminology, "brands");
  // UNI: the first column is the only source.
  EXPECT_TRUE(FindTerms({&*t}, "Torno", "es", "en").empty());
  t->directionality = "MULTI";
  EXPECT_EQ(FindTerms({&*t}, "Torno", "es", "en").size(), 1u);
}

TEST(TerminologyStoreTest, ImportsOverwritesListsDeletesAndSurvivesReopen) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "lathe_terminology_store";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "lathe.db").string();
  {
    auto metadata = store::OpenSqliteMetadataStore(db);
    ASSERT_TRUE(metadata.ok()) << metadata.status().ToString();
    TerminologyStore terms(**metadata);
    Result<TerminologyRecord> r = terms.Import({.name = "brands",
                                                .description = "first",
                                                .file = "en,es\nLathe,Torno\n",
                                                .format = "CSV",
                                                .directionality = "UNI"});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    r = terms.Import({.name = "brands",
                      .description = "second",
                      .file = "en,es,fr\nLathe,Torno,Tour\nStudio,Estudio,\n",
                      .format = "CSV",
                      .directionality = "UNI"});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    Result<TerminologyRecord> bad = terms.Import({.name = "bad",
                                                  .description = "",
                                                  .file = "en,es\na\n",
                                                  .format = "CSV",
                                                  .directionality = "UNI"});
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.status().message(),
              "TerminologyData.File: line 2: expected 2 fields (one per language in the "
              "header), found 1");
    EXPECT_FALSE(terms
                     .Import({.name = "no/slash",
                              .description = "",
                              .file = "en,es\n",
                              .format = "CSV",
                              .directionality = "UNI"})
                     .ok());
  }
  auto metadata = store::OpenSqliteMetadataStore(db);
  ASSERT_TRUE(metadata.ok());
  TerminologyStore terms(**metadata);
  Result<TerminologyRecord> got = terms.Get("brands");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->description, "second");
  EXPECT_EQ(got->table.languages.size(), 3u);
  EXPECT_EQ(got->table.rows.size(), 2u);
  Result<std::vector<TerminologyRecord>> all = terms.List();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);  // the overwritten version is gone
  EXPECT_TRUE(terms.Delete("brands").ok());
  EXPECT_EQ(terms.Get("brands").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(terms.Delete("brands").code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lathe::services::translate
