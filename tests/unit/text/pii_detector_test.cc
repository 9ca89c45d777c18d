// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/pii_detector.h"
#include "services/text/pii_checksums.h"

#include <gtest/gtest.h>

#include "services/text/utf8_text.h"

namespace lathe::services::text {
namespace {

std::vector<PiiEntity> Detect(std::string_view text, std::string language = "en") {
  return PiiDetector::Default().Detect(text, {.language_code = language});
}

// The entity of `type` in `text`, checked to cover exactly `expected` (as a substring).
::testing::AssertionResult Finds(std::string_view text, std::string_view type,
                                 std::string_view expected) {
  for (const PiiEntity& e : Detect(text)) {
    if (e.type != type) continue;
    std::string_view got = text.substr(e.begin_byte, e.end_byte - e.begin_byte);
    if (got == expected) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << type << " covers '" << got << "', expected '"
                                         << expected << "' in: " << text;
  }
  return ::testing::AssertionFailure() << "no " << type << " in: " << text;
}

bool HasType(std::string_view text, std::string_view type) {
  for (const PiiEntity& e : Detect(text)) {
    if (e.type == type) return true;
  }
  return false;
}

double ScoreOf(std::string_view text, std::string_view type) {
  for (const PiiEntity& e : Detect(text)) {
    if (e.type == type) return e.score;
  }
  return 0;
}

TEST(PiiDetectorTest, Email) {
  EXPECT_TRUE(Finds("Write to jane.doe+news@mail.example.org today.", "EMAIL",
                    "jane.doe+news@mail.example.org"));
  EXPECT_FALSE(HasType("Meet me @ the station at noon", "EMAIL"));
  EXPECT_FALSE(HasType("name..dots@example.com is not allowed", "EMAIL"));
}

TEST(PiiDetectorTest, PhoneValidatedByLibphonenumber) {
  EXPECT_TRUE(Finds("Call me on (415) 555-2671 tonight.", "PHONE", "(415) 555-2671"));
  EXPECT_TRUE(Finds("Office: +44 20 7946 0958, ask for Sam.", "PHONE", "+44 20 7946 0958"));
  // Area codes never start with 1 in the North American plan; too few digits is no number.
  EXPECT_FALSE(HasType("Reference 123-456-7890 is on the invoice.", "PHONE"));
  EXPECT_FALSE(HasType("Room 12-34 is upstairs.", "PHONE"));
}

TEST(PiiDetectorTest, CreditCardNeedsLuhn) {
  EXPECT_TRUE(Finds("Card 4111 1111 1111 1111 expires soon.", "CREDIT_DEBIT_NUMBER",
                    "4111 1111 1111 1111"));
  EXPECT_TRUE(Finds("amex 378282246310005", "CREDIT_DEBIT_NUMBER", "378282246310005"));
  EXPECT_FALSE(HasType("Order 4111 1111 1111 1112 shipped.", "CREDIT_DEBIT_NUMBER"));
  EXPECT_FALSE(HasType("Tracking 1234567812345678 arrived.", "CREDIT_DEBIT_NUMBER"));
  EXPECT_GT(ScoreOf("Card 4111111111111111", "CREDIT_DEBIT_NUMBER"), 0.98);
}

TEST(PiiDetectorTest, SsnWithInvalidRanges) {
  EXPECT_TRUE(Finds("SSN: 123-45-6789.", "SSN", "123-45-6789"));
  EXPECT_TRUE(Finds("my social security number is 123456789", "SSN", "123456789"));
  EXPECT_FALSE(HasType("id 000-45-6789", "SSN"));
  EXPECT_FALSE(HasType("id 666-45-6789", "SSN"));
  EXPECT_FALSE(HasType("id 912-45-6789", "SSN"));
  EXPECT_FALSE(HasType("id 123-00-6789", "SSN"));
  EXPECT_FALSE(HasType("id 123-45-0000", "SSN"));
  EXPECT_FALSE(HasType("order 123456789 shipped", "SSN"));  // bare digits need context
  EXPECT_GT(ScoreOf("SSN 123-45-6789", "SSN"), ScoreOf("ref 123-45-6789", "SSN"));
}

TEST(PiiDetectorTest, IpAddresses) {
  EXPECT_TRUE(Finds("Server 192.168.10.254 is down.", "IP_ADDRESS", "192.168.10.254"));
  EXPECT_TRUE(Finds("Use 2001:db8:85a3::8a2e:370:7334 for v6.", "IP_ADDRESS",
                    "2001:db8:85a3::8a2e:370:7334"));
  EXPECT_TRUE(Finds("Link-local is fe80::1: try it.", "IP_ADDRESS", "fe80::1"));
  EXPECT_FALSE(HasType("Version 300.1.2.3 is out.", "IP_ADDRESS"));
  EXPECT_FALSE(HasType("Meet at 10:30:45 sharp.", "IP_ADDRESS"));
}

TEST(PiiDetectorTest, MacAddress) {
  EXPECT_TRUE(Finds("NIC 00:1A:2B:3C:4D:5E on eth0", "MAC_ADDRESS", "00:1A:2B:3C:4D:5E"));
  EXPECT_TRUE(Finds("NIC 00-1a-2b-3c-4d-5e", "MAC_ADDRESS", "00-1a-2b-3c-4d-5e"));
  EXPECT_FALSE(HasType("NIC 00:1A:2B:3C:4D", "MAC_ADDRESS"));
}

TEST(PiiDetectorTest, UrlTrimsTrailingPunctuation) {
  EXPECT_TRUE(Finds("See https://example.com/a?b=1.", "URL", "https://example.com/a?b=1"));
  EXPECT_TRUE(Finds("(see www.example.org/docs)", "URL", "www.example.org/docs"));
  EXPECT_FALSE(HasType("The file example.txt is here.", "URL"));
}

TEST(PiiDetectorTest, IbanMod97) {
  EXPECT_TRUE(Finds("IBAN DE89 3704 0044 0532 0130 00 please", "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
                    "DE89 3704 0044 0532 0130 00"));
  EXPECT_TRUE(Finds("Pay GB82WEST12345698765432 NOW", "INTERNATIONAL_BANK_ACCOUNT_NUMBER",
                    "GB82WEST12345698765432"));
  EXPECT_FALSE(HasType("Pay GB82WEST12345698765433", "INTERNATIONAL_BANK_ACCOUNT_NUMBER"));
}

TEST(PiiDetectorTest, AwsKeys) {
  EXPECT_TRUE(Finds("key AKIAIOSFODNN7EXAMPLE used", "AWS_ACCESS_KEY", "AKIAIOSFODNN7EXAMPLE"));
  EXPECT_FALSE(HasType("key AKIAIOSFODNN7EXAMPL used", "AWS_ACCESS_KEY"));  // 19 characters
  const std::string secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  EXPECT_TRUE(Finds("aws_secret_access_key = " + secret, "AWS_SECRET_KEY", secret));
  EXPECT_GT(ScoreOf("aws_secret_access_key = " + secret, "AWS_SECRET_KEY"),
            ScoreOf("blob " + secret, "AWS_SECRET_KEY"));
  // A git commit hash is 40 hex digits, all lower case: not a secret key.
  EXPECT_FALSE(HasType("commit 9fceb02d0ae598e95dc970b74767f19372d61af8", "AWS_SECRET_KEY"));
}

TEST(PiiDetectorTest, DateTime) {
  EXPECT_TRUE(Finds("Born 1990-07-14 in Lyon", "DATE_TIME", "1990-07-14"));
  EXPECT_TRUE(Finds("Due March 3, 2025.", "DATE_TIME", "March 3, 2025"));
  EXPECT_TRUE(Finds("Llega el 15 de marzo de 2024.", "DATE_TIME", "15 de marzo de 2024"));
  EXPECT_TRUE(Finds("at 10:30 PM", "DATE_TIME", "10:30 PM"));
  EXPECT_FALSE(HasType("Born 1990-17-14 in Lyon", "DATE_TIME"));  // month 17
}

TEST(PiiDetectorTest, ContextTypes) {
  EXPECT_TRUE(Finds("CVV: 123", "CREDIT_DEBIT_CVV", "123"));
  EXPECT_TRUE(Finds("expiry 09/27", "CREDIT_DEBIT_EXPIRY", "09/27"));
  EXPECT_TRUE(Finds("password: hunter2!x.", "PASSWORD", "hunter2!x"));
  EXPECT_TRUE(Finds("username: jdoe_77", "USERNAME", "jdoe_77"));
  EXPECT_TRUE(Finds("He is 34 years old.", "AGE", "34"));
  EXPECT_TRUE(Finds("routing number 011000015", "BANK_ROUTING", "011000015"));
  EXPECT_FALSE(HasType("routing number 011000016", "BANK_ROUTING"));  // ABA checksum
  EXPECT_TRUE(Finds("account number: 12345678", "BANK_ACCOUNT_NUMBER", "12345678"));
  EXPECT_TRUE(Finds("SWIFT code DEUTDEFF500", "SWIFT_CODE", "DEUTDEFF500"));
  EXPECT_FALSE(HasType("SWIFT code DEUTQQFF", "SWIFT_CODE"));  // QQ is no country
  EXPECT_TRUE(Finds("NHS number 943 476 5919", "UK_NATIONAL_HEALTH_SERVICE_NUMBER",
                    "943 476 5919"));
  EXPECT_FALSE(HasType("NHS number 943 476 5918", "UK_NATIONAL_HEALTH_SERVICE_NUMBER"));
  EXPECT_TRUE(Finds("Aadhaar 4987 1234 5679", "IN_AADHAAR", "4987 1234 5679"));
  EXPECT_FALSE(HasType("Aadhaar 4987 1234 5678", "IN_AADHAAR"));
  EXPECT_TRUE(Finds("VIN 1M8GDM9AXKP042788", "VEHICLE_IDENTIFICATION_NUMBER", "1M8GDM9AXKP042788"));
  EXPECT_TRUE(Finds("NI number AB 12 34 56 C", "UK_NATIONAL_INSURANCE_NUMBER", "AB 12 34 56 C"));
  EXPECT_TRUE(Finds("PAN ABCPE1234F", "IN_PERMANENT_ACCOUNT_NUMBER", "ABCPE1234F"));
}

TEST(PiiDetectorTest, OffsetsCountCodePointsInVietnamese) {
  const std::string text = "Xin chào, tôi là Nguyễn. Email của tôi: nguyen@example.vn, "
                           "số điện thoại +84 24 3825 1234.";
  std::vector<PiiEntity> entities = Detect(text);
  ASSERT_EQ(entities.size(), 2u);
  EXPECT_EQ(entities[0].type, "EMAIL");
  EXPECT_EQ(entities[0].begin_offset, 40u);  // counted by hand: 40 characters before 'n'
  EXPECT_EQ(entities[0].end_offset, 57u);
  EXPECT_LT(entities[0].begin_offset, entities[0].begin_byte);  // bytes run ahead
  EXPECT_EQ(entities[1].type, "PHONE");
  const CodePointIndex index(text);
  EXPECT_EQ(entities[1].begin_offset, index.ToCodePoint(text.find("+84")));
  EXPECT_EQ(entities[1].end_offset - entities[1].begin_offset, 16u);  // "+84 24 3825 1234"
}

TEST(PiiDetectorTest, OverlapsKeepTheStrongerEvidence) {
  // A Luhn-valid Visa number is also a run of digits the phone pattern sees.
  std::vector<PiiEntity> entities = Detect("pay with 4111111111111111 now");
  ASSERT_EQ(entities.size(), 1u);
  EXPECT_EQ(entities[0].type, "CREDIT_DEBIT_NUMBER");
}

TEST(PiiDetectorTest, RedactsWithTypeMasksAndLabels) {
  const std::string text = "Mail ana@example.es or call +34 912 345 678.";
  std::vector<PiiEntity> entities = Detect(text, "es");
  EXPECT_EQ(PiiDetector::Redact(text, entities), "Mail [EMAIL] or call [PHONE].");
  std::map<std::string, double> labels = PiiDetector::Labels(entities);
  EXPECT_EQ(labels.size(), 2u);
  EXPECT_TRUE(labels.count("EMAIL") && labels.count("PHONE"));
}

TEST(PiiDetectorTest, CleanTextHasNoEntities) {
  EXPECT_TRUE(Detect("The quick brown fox jumps over the lazy dog, twice, in 3 minutes.").empty());
}

TEST(PiiDetectorTest, LongInputStaysLinear) {
  std::string text;
  for (int i = 0; i < 20000; ++i) text += "1 ";  // 40 KB of short numbers
  text += "a@b.co";
  std::vector<PiiEntity> entities = Detect(text);
  ASSERT_FALSE(entities.empty());
  EXPECT_EQ(entities.back().type, "EMAIL");
}

}  // namespace
}  // namespace lathe::services::text

namespace lathe::services::text {
namespace {

TEST(PiiDetectorNameAddressTest, NamesFromThePersonRecognizer) {
  EXPECT_TRUE(Finds("Please ask Dr. Ada Lovelace about the invoice.", "NAME", "Ada Lovelace"));
  EXPECT_TRUE(Finds("My name is Maria Lopez and I live nearby.", "NAME", "Maria Lopez"));
  EXPECT_FALSE(HasType("The invoice was paid on Monday.", "NAME"));
  // Redaction covers names too.
  const std::string text = "Contact John Smith at john@example.com";
  EXPECT_EQ(PiiDetector::Redact(text, Detect(text)), "Contact [NAME] at [EMAIL]");
}

TEST(PiiDetectorNameAddressTest, StreetAddresses) {
  EXPECT_TRUE(Finds("Ship it to 1600 Pennsylvania Avenue, Washington, DC 20500 please.",
                    "ADDRESS", "1600 Pennsylvania Avenue, Washington, DC 20500"));
  EXPECT_TRUE(Finds("I moved to 42 Baker St. last year.", "ADDRESS", "42 Baker St."));
  EXPECT_TRUE(Finds("Our office: 221B Elm Street, Apt 4, Springfield.", "ADDRESS",
                    "221B Elm Street, Apt 4, Springfield"));
  EXPECT_TRUE(Finds("Vivo en Calle Mayor 12, 28013 Madrid.", "ADDRESS", "Calle Mayor 12, 28013"));
  // A number followed by ordinary words is no address.
  EXPECT_FALSE(HasType("We sold 300 units in the first week.", "ADDRESS"));
  EXPECT_FALSE(HasType("Chapter 3 Street Photography basics", "ADDRESS"));
}

}  // namespace
}  // namespace lathe::services::text

namespace lathe::services::text {
namespace {

TEST(PiiDetectorWholeNumberTest, APartOfALongerNumberIsNotAnId) {
  // A 12-digit Aadhaar-valid (Verhoeff) group, found by search, then the same group as the tail
  // of a 16-digit reference whose whole fails Luhn (the case bench/text/pii_quality found).
  std::string aadhaar;
  for (int n = 200000000; aadhaar.empty(); ++n) {
    const std::string digits = std::to_string(n) + "123";
    if (AadhaarValid(digits)) aadhaar = digits;
  }
  const std::string grouped =
      aadhaar.substr(0, 4) + " " + aadhaar.substr(4, 4) + " " + aadhaar.substr(8, 4);
  ASSERT_TRUE(HasType("Aadhaar " + grouped + " on file.", "IN_AADHAAR")) << grouped;
  std::string reference;
  for (int prefix = 1000; reference.empty(); ++prefix) {
    if (!LuhnValid(std::to_string(prefix) + aadhaar)) reference = std::to_string(prefix) + " " + grouped;
  }
  for (const PiiEntity& e : Detect("Reference " + reference + " is on the invoice.")) {
    ADD_FAILURE() << e.type << " at " << e.begin_offset << " in " << reference;
  }
}

}  // namespace
}  // namespace lathe::services::text
