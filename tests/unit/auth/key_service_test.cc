// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/key_service.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include <gtest/gtest.h>

namespace lathe::auth {
namespace {

class KeyServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "lathe-keys-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
    auto store = store::OpenSqliteMetadataStore((dir_ / "lathe.db").string());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = std::move(store).value();
    service_ = Open();
  }
  void TearDown() override {
    service_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::unique_ptr<KeyService> Open() {
    auto service = KeyService::Open(*store_, (dir_ / "keys").string());
    EXPECT_TRUE(service.ok()) << service.status().ToString();
    return service.ok() ? std::move(service).value() : nullptr;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::MetadataStore> store_;
  std::unique_ptr<KeyService> service_;
};

TEST_F(KeyServiceTest, CreateGivesWellFormedCredentialsThatVerify) {
  EXPECT_FALSE(service_->HasKeys());
  Result<CreatedKey> key = service_->Create({.scope = Scope::kInvoke, .description = "ci"});
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  EXPECT_TRUE(IsAccessKeyId(key->info.access_key_id)) << key->info.access_key_id;
  EXPECT_EQ(key->secret_access_key.size(), 40u);
  EXPECT_EQ(key->token, key->info.access_key_id + "." + key->secret_access_key);
  EXPECT_TRUE(service_->HasKeys());

  auto verified = service_->VerifyToken(key->token);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ((*verified)->info.scope, Scope::kInvoke);
  EXPECT_EQ((*verified)->secret, key->secret_access_key);

  std::string wrong = key->token;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  auto refused = service_->VerifyToken(wrong);
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(refused.status().details()["reason"], "bad_secret");
  EXPECT_EQ(service_->VerifyToken("LKNOPE.secret").status().details()["reason"], "unknown_key");
  EXPECT_EQ(service_->VerifyToken("no-dot").status().details()["reason"], "malformed");
}

TEST_F(KeyServiceTest, TheStoreKeepsNeitherThePlainSecretNorAnUnsaltedCopyOfTheToken) {
  CreatedKey key = *service_->Create({});
  auto record = store_->GetResource("api_key", key.info.access_key_id);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->body_json.find(key.secret_access_key), std::string::npos);
  EXPECT_NE(record->body_json.find("secret_sha256"), std::string::npos);
  EXPECT_NE(record->body_json.find("secret_sealed"), std::string::npos);
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "keys" / "master.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  for (const KeyInfo& info : service_->List()) {
    EXPECT_EQ(info.access_key_id, key.info.access_key_id);
  }
}

TEST_F(KeyServiceTest, ASecondServiceOnTheSameDataUnsealsTheSecret) {
  CreatedKey key = *service_->Create({.scope = Scope::kAdmin, .rate_per_second = 5});
  std::unique_ptr<KeyService> reopened = Open();
  ASSERT_NE(reopened, nullptr);
  auto found = reopened->Find(key.info.access_key_id);
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->secret, key.secret_access_key);
  EXPECT_EQ(found->info.rate_per_second, 5);
  EXPECT_EQ(found->info.burst, 5);  // default: ceil(rate)
  ASSERT_NE(found->limiter, nullptr);
}

TEST_F(KeyServiceTest, ALostMasterKeyLeavesBearerWorkingAndSaysWhySigV4CannotWork) {
  CreatedKey key = *service_->Create({});
  std::filesystem::remove(dir_ / "keys" / "master.key");
  std::unique_ptr<KeyService> reopened = Open();
  auto found = reopened->Find(key.info.access_key_id);
  ASSERT_NE(found, nullptr);
  EXPECT_TRUE(found->secret.empty());
  EXPECT_NE(found->unseal_error.find("master key"), std::string::npos) << found->unseal_error;
  EXPECT_TRUE(reopened->VerifyToken(key.token).ok());
}

TEST_F(KeyServiceTest, DeleteRemovesTheKeyEverywhere) {
  CreatedKey a = *service_->Create({});
  CreatedKey b = *service_->Create({.scope = Scope::kInvoke});
  EXPECT_EQ(service_->List().size(), 2u);
  ASSERT_TRUE(service_->Delete(a.info.access_key_id).ok());
  EXPECT_EQ(service_->Find(a.info.access_key_id), nullptr);
  EXPECT_FALSE(service_->VerifyToken(a.token).ok());
  EXPECT_TRUE(service_->VerifyToken(b.token).ok());
  ASSERT_EQ(service_->List().size(), 1u);
  Status again = service_->Delete(a.info.access_key_id);
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  EXPECT_NE(again.message().find(a.info.access_key_id), std::string::npos);
  EXPECT_EQ(Open()->List().size(), 1u);
}

TEST_F(KeyServiceTest, RateLimitStateSurvivesTheReloadOfAnotherCreate) {
  CreatedKey a = *service_->Create({.rate_per_second = 0.001, .burst = 2});
  auto limiter = service_->Find(a.info.access_key_id)->limiter;
  EXPECT_EQ(limiter->TryAcquire(1), 0);
  EXPECT_EQ(limiter->TryAcquire(1), 0);
  EXPECT_GT(limiter->TryAcquire(1), 0);
  ASSERT_TRUE(service_->Create({}).ok());
  EXPECT_EQ(service_->Find(a.info.access_key_id)->limiter, limiter);
}

TEST_F(KeyServiceTest, BadOptionsNameTheField) {
  auto field = [&](const KeyOptions& o) {
    Result<CreatedKey> r = service_->Create(o);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    return r.status().details().value("field", "");
  };
  EXPECT_EQ(field({.scope = Scope::kPublic}), "scope");
  EXPECT_EQ(field({.rate_per_second = -1}), "rate_per_second");
  EXPECT_EQ(field({.rate_per_second = 1e7}), "rate_per_second");
  EXPECT_EQ(field({.rate_per_second = 10, .burst = -3}), "burst");
  EXPECT_EQ(field({.burst = 5}), "burst");
  EXPECT_EQ(field({.description = std::string(2000, 'x')}), "description");
  EXPECT_FALSE(service_->HasKeys());
}

}  // namespace
}  // namespace lathe::auth
