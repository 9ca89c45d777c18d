// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/pii_checksums.h"

#include <gtest/gtest.h>

namespace lathe::services::text {
namespace {

TEST(PiiChecksumsTest, Luhn) {
  EXPECT_TRUE(LuhnValid("4111111111111111"));
  EXPECT_TRUE(LuhnValid("79927398713"));
  EXPECT_FALSE(LuhnValid("4111111111111112"));
  EXPECT_FALSE(LuhnValid("79927398710"));
  EXPECT_FALSE(LuhnValid("4111-1111"));  // digits only
}

TEST(PiiChecksumsTest, PaymentCardNeedsIssuerPrefixLengthAndLuhn) {
  EXPECT_TRUE(PaymentCardValid("4111111111111111"));   // Visa
  EXPECT_TRUE(PaymentCardValid("5555555555554444"));   // Mastercard
  EXPECT_TRUE(PaymentCardValid("378282246310005"));    // Amex, 15 digits
  EXPECT_TRUE(PaymentCardValid("6011111111111117"));   // Discover
  EXPECT_FALSE(PaymentCardValid("4111111111111121"));  // Luhn fails
  EXPECT_FALSE(PaymentCardValid("3782822463100050")); // Amex prefix, 16 digits
  EXPECT_FALSE(PaymentCardValid("1234567812345670"));  // Luhn holds, no issuer starts with 1
  EXPECT_TRUE(LuhnOnlyCard("1234567812345670"));
}

TEST(PiiChecksumsTest, SsnRanges) {
  EXPECT_TRUE(UsSsnValid("123", "45", "6789"));
  EXPECT_FALSE(UsSsnValid("000", "45", "6789"));
  EXPECT_FALSE(UsSsnValid("666", "45", "6789"));
  EXPECT_FALSE(UsSsnValid("900", "45", "6789"));
  EXPECT_FALSE(UsSsnValid("123", "00", "6789"));
  EXPECT_FALSE(UsSsnValid("123", "45", "0000"));
}

TEST(PiiChecksumsTest, IbanMod97AndCountryLength) {
  EXPECT_TRUE(IbanValid("GB82WEST12345698765432"));
  EXPECT_TRUE(IbanValid("DE89 3704 0044 0532 0130 00"));
  EXPECT_TRUE(IbanValid("FR1420041010050500013M02606"));
  EXPECT_FALSE(IbanValid("GB82WEST12345698765433"));  // one digit off
  EXPECT_FALSE(IbanValid("DE89370400440532013"));     // too short for DE
  EXPECT_FALSE(IbanValid("QQ82WEST12345698765432"));  // no such country
}

TEST(PiiChecksumsTest, AbaNhsAadhaarVin) {
  EXPECT_TRUE(AbaRoutingValid("011000015"));
  EXPECT_FALSE(AbaRoutingValid("011000016"));
  EXPECT_TRUE(NhsNumberValid("9434765919"));
  EXPECT_FALSE(NhsNumberValid("9434765918"));
  EXPECT_TRUE(AadhaarValid("498712345679"));   // Verhoeff check digit 9
  EXPECT_FALSE(AadhaarValid("498712345678"));
  EXPECT_FALSE(AadhaarValid("198712345679"));  // cannot start with 1
  EXPECT_TRUE(VinValid("1M8GDM9AXKP042788"));
  EXPECT_FALSE(VinValid("1M8GDM9A1KP042788"));  // wrong check digit
  EXPECT_FALSE(VinValid("1M8GDM9AXKP04278O"));  // 'O' is not allowed
}

}  // namespace
}  // namespace lathe::services::text
