// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The check digits and validity rules behind the PII detector: a candidate that passes its
// checksum is scored higher than one that only matches a pattern. Pure functions, thread-safe.
//
//   LuhnValid("4111111111111111")        // true
//   IbanValid("GB82WEST12345698765432")  // true (mod 97 == 1, length 22 for GB)
#pragma once

#include <string>
#include <string_view>

namespace lathe::services::text {

// `s` with every character that is not an ASCII digit removed.
std::string DigitsOnly(std::string_view s);

// Luhn (mod 10) over the digits of `digits` (ASCII digits only).
bool LuhnValid(std::string_view digits);

// A payment-card number: 12-19 digits, a known issuer prefix (Visa, Mastercard, Amex, Discover,
// JCB, Diners, UnionPay, Maestro) with a length that issuer uses, and Luhn.
bool PaymentCardValid(std::string_view digits);
// Luhn holds but the issuer prefix or length is unknown.
bool LuhnOnlyCard(std::string_view digits);

// US Social Security number rules: area not 000, 666 or 900-999; group not 00; serial not 0000.
bool UsSsnValid(std::string_view area, std::string_view group, std::string_view serial);

// IBAN (ISO 13616): spaces ignored, country's registered length, mod 97 == 1.
bool IbanValid(std::string_view iban);

// ABA routing number: 9 digits, weights 3 7 1, sum divisible by 10, valid Fed prefix.
bool AbaRoutingValid(std::string_view digits);

// UK NHS number: 10 digits, mod 11 check digit.
bool NhsNumberValid(std::string_view digits);

// Indian Aadhaar: 12 digits, not starting with 0 or 1, Verhoeff check digit.
bool AadhaarValid(std::string_view digits);

// Vehicle identification number (ISO 3779 / North America): 17 characters without I, O, Q and a
// valid check digit in position 9.
bool VinValid(std::string_view vin);

// ISO 3166-1 alpha-2 country code that the SWIFT/BIC and IBAN checks accept.
bool IsCountryCode(std::string_view code);

}  // namespace lathe::services::text
