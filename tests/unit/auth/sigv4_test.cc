// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Expected signatures are the published AWS values: the IAM ListUsers example of the SigV4
// documentation and cases of AWS's SigV4 test suite (credentials AKIDEXAMPLE /
// wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830T123600Z, us-east-1, service "service").
#include "auth/sigv4.h"

#include <gtest/gtest.h>

#include "auth/crypto.h"

namespace lathe::auth {
namespace {

constexpr char kSecret[] = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
constexpr char kEmptySha[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr int64_t kSignedAt = 1440938160;  // 2015-08-30T12:36:00Z

std::string TestSuiteAuthorization(const std::string& signed_headers,
                                   const std::string& signature) {
  return "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
         "SignedHeaders=" + signed_headers + ", Signature=" + signature;
}

// Verifies a test-suite GET against the published signature.
Status VerifySuiteGet(const std::string& target, const std::string& signature) {
  HeaderList headers = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}};
  SigV4Authorization a =
      *ParseSigV4Authorization(TestSuiteAuthorization("host;x-amz-date", signature));
  SigV4Request r{.method = "GET", .target = target, .headers = &headers,
                 .payload_sha256 = kEmptySha};
  return VerifySigV4(r, a, kSecret, kSignedAt);
}

TEST(SigV4Test, DocumentedIamExampleGivesTheDocumentedKeyAndSignature) {
  HeaderList headers = {{"content-type", "application/x-www-form-urlencoded; charset=utf-8"},
                        {"host", "iam.amazonaws.com"},
                        {"x-amz-date", "20150830T123600Z"}};
  Result<SigV4Authorization> a = ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date, "
      "Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7");
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  SigV4Request r{.method = "GET", .target = "/?Action=ListUsers&Version=2010-05-08",
                 .headers = &headers, .payload_sha256 = kEmptySha};
  Result<std::string> canonical = CanonicalRequest(r, *a);
  ASSERT_TRUE(canonical.ok());
  EXPECT_EQ(*canonical,
            "GET\n/\nAction=ListUsers&Version=2010-05-08\n"
            "content-type:application/x-www-form-urlencoded; charset=utf-8\n"
            "host:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
            "content-type;host;x-amz-date\n" + std::string(kEmptySha));
  EXPECT_EQ(HexEncode(Sha256Raw(*canonical)),
            "f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59");
  EXPECT_EQ(HexEncode(DeriveSigningKey(kSecret, "20150830", "us-east-1", "iam")),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
  Status s = VerifySigV4(r, *a, kSecret, kSignedAt);
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(SigV4Test, TestSuiteGetVanillaAndQueryOrder) {
  EXPECT_TRUE(VerifySuiteGet(
      "/", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31").ok());
  // Parameters signed sorted by name whatever the order on the wire.
  Status s = VerifySuiteGet("/?Param2=value2&Param1=value1",
                            "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  EXPECT_TRUE(s.ok()) << s.ToString();
}

TEST(SigV4Test, TestSuitePathNormalisation) {
  // "/example%20space/" is encoded a second time: /example%2520space/.
  Status space = VerifySuiteGet(
      "/example%20space/", "446b817944c553435b35e813c261ff4e161fff982d1bacdef1c87f6785dd1662");
  EXPECT_TRUE(space.ok()) << space.ToString();
  // Repeated slashes collapse.
  Status slashes = VerifySuiteGet(
      "//example//", "9a624bd73a37c9a373b5312afbebe7a714a789de108f0bdfe846570885f57e84");
  EXPECT_TRUE(slashes.ok()) << slashes.ToString();
  // Dot segments resolve: /example1/example2/../.. is "/" (the vanilla signature).
  Status relative = VerifySuiteGet(
      "/example1/example2/../..", "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
  EXPECT_TRUE(relative.ok()) << relative.ToString();
}

TEST(SigV4Test, TestSuitePostWithBody) {
  HeaderList headers = {{"content-type", "application/x-www-form-urlencoded"},
                        {"host", "example.amazonaws.com"},
                        {"x-amz-date", "20150830T123600Z"}};
  SigV4Authorization a = *ParseSigV4Authorization(TestSuiteAuthorization(
      "content-type;host;x-amz-date",
      "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"));
  SigV4Request r{.method = "POST", .target = "/", .headers = &headers,
                 .payload_sha256 = HexEncode(Sha256Raw("Param1=value1"))};
  Status s = VerifySigV4(r, a, kSecret, kSignedAt);
  EXPECT_TRUE(s.ok()) << s.ToString();
  // The same signature over another body fails.
  r.payload_sha256 = HexEncode(Sha256Raw("Param1=value2"));
  EXPECT_EQ(VerifySigV4(r, a, kSecret, kSignedAt).code(), StatusCode::kPermissionDenied);
}

TEST(SigV4Test, UriEncodeKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(UriEncode("aZ09-_.~", false), "aZ09-_.~");
  EXPECT_EQ(UriEncode("a b/c+d=é", false), "a%20b%2Fc%2Bd%3D%C3%A9");
  EXPECT_EQ(UriEncode("/a b/", true), "/a%20b/");
}

TEST(SigV4Test, CanonicalUriEdgeCases) {
  EXPECT_EQ(CanonicalUri(""), "/");
  EXPECT_EQ(CanonicalUri("/"), "/");
  EXPECT_EQ(CanonicalUri("/endpoints/my-ep/invocations"), "/endpoints/my-ep/invocations");
  EXPECT_EQ(CanonicalUri("/a/./b/../c"), "/a/c");
  EXPECT_EQ(CanonicalUri("/a%3Ab"), "/a%253Ab");
  EXPECT_EQ(CanonicalUri("/../.."), "/");
}

TEST(SigV4Test, CanonicalQueryStringSortsAndNormalisesEncoding) {
  EXPECT_EQ(*CanonicalQueryString(""), "");
  EXPECT_EQ(*CanonicalQueryString("b=2&a=1"), "a=1&b=2");
  // Repeated names sort by value; a name without '=' gets an empty value; empty items vanish.
  EXPECT_EQ(*CanonicalQueryString("k=z&k=a&flag&&"), "flag=&k=a&k=z");
  // Lower-case escapes and reserved characters come out in the one canonical form.
  EXPECT_EQ(*CanonicalQueryString("q=a%2fb&r=x y&s=%7E"), "q=a%2Fb&r=x%20y&s=~");
  EXPECT_EQ(*CanonicalQueryString("p=1+2"), "p=1%2B2");
  Result<std::string> bad = CanonicalQueryString("a=%G1");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
}

TEST(SigV4Test, CanonicalHeadersTrimJoinAndRequirePresence) {
  HeaderList headers = {{"host", "h"},
                        {"x-amz-meta", "  a   b  c "},
                        {"my-header", "v1"},
                        {"my-header", " v2 "}};
  Result<std::string> out = CanonicalHeaders(headers, {"host", "my-header", "x-amz-meta"});
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "host:h\nmy-header:v1,v2\nx-amz-meta:a b c\n");
  Result<std::string> missing = CanonicalHeaders(headers, {"host", "x-amz-date"});
  EXPECT_NE(missing.status().message().find("'x-amz-date'"), std::string::npos);
}

TEST(SigV4Test, ParseAuthorizationNamesWhatIsWrong) {
  auto error = [](const std::string& header) {
    return ParseSigV4Authorization(header).status().message();
  };
  EXPECT_NE(error("AWS4-HMAC-SHA1 Credential=x").find("AWS4-HMAC-SHA256"), std::string::npos);
  EXPECT_NE(error("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=" + std::string(64, 'a'))
                .find("no Credential"),
            std::string::npos);
  EXPECT_NE(error("AWS4-HMAC-SHA256 Credential=ID/2015/us/s/aws4_request, SignedHeaders=host, "
                  "Signature=" + std::string(64, 'a'))
                .find("YYYYMMDD"),
            std::string::npos);
  EXPECT_NE(error("AWS4-HMAC-SHA256 Credential=ID/20150830/us/s/aws4_request, "
                  "SignedHeaders=host, Signature=XYZ")
                .find("64 lowercase hex"),
            std::string::npos);
  Result<SigV4Authorization> ok = ParseSigV4Authorization(
      "AWS4-HMAC-SHA256 Credential=LKA/20260101/eu-west-3/sagemaker/aws4_request,"
      "SignedHeaders=Host;X-Amz-Date,Signature=" + std::string(64, 'b'));
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  EXPECT_EQ(ok->access_key_id, "LKA");
  EXPECT_EQ(ok->CredentialScope(), "20260101/eu-west-3/sagemaker/aws4_request");
  EXPECT_EQ(ok->signed_header_names, (std::vector<std::string>{"host", "x-amz-date"}));
}

TEST(SigV4Test, ClockSkewOverFifteenMinutesIsRefused) {
  const std::string vanilla = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  HeaderList headers = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}};
  SigV4Authorization a = *ParseSigV4Authorization(TestSuiteAuthorization("host;x-amz-date", vanilla));
  SigV4Request r{.method = "GET", .target = "/", .headers = &headers, .payload_sha256 = kEmptySha};
  EXPECT_TRUE(VerifySigV4(r, a, kSecret, kSignedAt + 900).ok());
  EXPECT_TRUE(VerifySigV4(r, a, kSecret, kSignedAt - 900).ok());
  Status late = VerifySigV4(r, a, kSecret, kSignedAt + 901);
  EXPECT_EQ(late.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(late.message().find("Signature expired"), std::string::npos) << late.message();
  EXPECT_FALSE(VerifySigV4(r, a, kSecret, kSignedAt - 901).ok());
}

TEST(SigV4Test, WrongSecretSaysWhatWasComparedWithoutLeaking) {
  const std::string vanilla = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  HeaderList headers = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}};
  SigV4Authorization a = *ParseSigV4Authorization(TestSuiteAuthorization("host;x-amz-date", vanilla));
  SigV4Request r{.method = "GET", .target = "/", .headers = &headers, .payload_sha256 = kEmptySha};
  const std::string other_secret = "not-the-secret-0123456789";
  Status s = VerifySigV4(r, a, other_secret, kSignedAt);
  ASSERT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_NE(s.message().find("does not match"), std::string::npos);
  EXPECT_NE(s.message().find("GET\\n/\\n\\nhost:example.amazonaws.com"), std::string::npos)
      << s.message();
  EXPECT_NE(s.message().find("20150830/us-east-1/service/aws4_request"), std::string::npos);
  // Neither the secret nor the signature the server expected appears.
  const std::string expected = HexEncode(HmacSha256(
      DeriveSigningKey(other_secret, "20150830", "us-east-1", "service"),
      StringToSign("20150830T123600Z", a.CredentialScope(), *CanonicalRequest(r, a))));
  EXPECT_EQ(s.message().find(expected), std::string::npos);
  EXPECT_EQ(s.message().find(other_secret), std::string::npos);
}

TEST(SigV4Test, DateHostAndPayloadHashChecks) {
  const std::string vanilla = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
  SigV4Authorization a = *ParseSigV4Authorization(TestSuiteAuthorization("host;x-amz-date", vanilla));
  HeaderList no_date = {{"host", "example.amazonaws.com"}};
  SigV4Request r{.method = "GET", .target = "/", .headers = &no_date, .payload_sha256 = kEmptySha};
  EXPECT_NE(VerifySigV4(r, a, kSecret, kSignedAt).message().find("X-Amz-Date"), std::string::npos);

  HeaderList other_day = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150831T000000Z"}};
  r.headers = &other_day;
  EXPECT_NE(VerifySigV4(r, a, kSecret, 1440979200).message().find("does not match X-Amz-Date"),
            std::string::npos);

  SigV4Authorization no_host = *ParseSigV4Authorization(TestSuiteAuthorization("x-amz-date", vanilla));
  HeaderList headers = {{"host", "example.amazonaws.com"}, {"x-amz-date", "20150830T123600Z"}};
  r.headers = &headers;
  EXPECT_NE(VerifySigV4(r, no_host, kSecret, kSignedAt).message().find("must include host"),
            std::string::npos);

  HeaderList declared = headers;
  declared.emplace_back("x-amz-content-sha256", "UNSIGNED-PAYLOAD");
  r.headers = &declared;
  Status s = VerifySigV4(r, a, kSecret, kSignedAt);
  EXPECT_NE(s.message().find("x-amz-content-sha256"), std::string::npos) << s.message();
}

TEST(SigV4Test, ParseAmzDate) {
  EXPECT_EQ(*ParseAmzDate("20150830T123600Z"), kSignedAt);
  EXPECT_FALSE(ParseAmzDate("2015-08-30T12:36:00Z").ok());
  EXPECT_FALSE(ParseAmzDate("20151330T123600Z").ok());
}

}  // namespace
}  // namespace lathe::auth
