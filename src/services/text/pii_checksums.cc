// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/pii_checksums.h"

#include <cctype>
#include <cstdint>
#include <string>

namespace lathe::services::text {
namespace {

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Prefix(std::string_view digits, size_t n) { return std::stoi(std::string(digits.substr(0, n))); }

bool InRange(int v, int lo, int hi) { return v >= lo && v <= hi; }

// ISO 3166-1 alpha-2 codes, plus XK (Kosovo), which banks use.
constexpr std::string_view kCountries =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR "
    "BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ "
    "EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW "
    "GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY "
    "KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV "
    "MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY "
    "QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG "
    "TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA "
    "ZM ZW";

// IBAN length per country (the SWIFT IBAN registry).
constexpr std::string_view kIbanLengths =
    "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DK18 DO28 "
    "EE20 EG29 ES24 FI18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HR21 HU28 IE22 IL23 IQ23 IS26 "
    "IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 MC27 MD24 ME22 MK19 MR27 MT31 MU30 NL18 "
    "NO15 PK24 PL28 PS29 PT25 QA29 RO24 RS22 SA24 SC31 SE24 SI19 SK24 SM27 ST25 SV28 TL23 TN24 "
    "TR26 UA29 VA22 VG24 XK20";

int IbanLength(std::string_view country) {
  for (size_t i = 0; i + 4 <= kIbanLengths.size(); i += 5) {
    if (kIbanLengths.substr(i, 2) == country) return Prefix(kIbanLengths.substr(i + 2, 2), 2);
  }
  return -1;
}

// Verhoeff's dihedral-group tables.
constexpr int kVerhoeffD[10][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5}, {2, 3, 4, 0, 1, 7, 8, 9, 5, 6},
    {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8}, {5, 9, 8, 7, 6, 0, 4, 3, 2, 1},
    {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3}, {8, 7, 6, 5, 9, 3, 2, 1, 0, 4},
    {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
constexpr int kVerhoeffP[8][10] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4}, {5, 8, 0, 3, 7, 9, 6, 1, 4, 2},
    {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 8, 7, 6, 0}, {4, 2, 8, 6, 5, 7, 3, 9, 0, 1},
    {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

bool VerhoeffValid(std::string_view digits) {
  int c = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    const int digit = digits[digits.size() - 1 - i] - '0';
    c = kVerhoeffD[c][kVerhoeffP[i % 8][digit]];
  }
  return c == 0;
}

int VinValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  // Letters transliterate in runs A-H 1-8, J-R 1-9 (skipping O, Q), S-Z 2-9.
  constexpr std::string_view kLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  constexpr int kValues[] = {1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9};
  size_t pos = kLetters.find(c);
  return pos == std::string_view::npos ? -1 : kValues[pos];
}

}  // namespace

std::string DigitsOnly(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c >= '0' && c <= '9') out.push_back(c);
  }
  return out;
}

bool LuhnValid(std::string_view digits) {
  if (!AllDigits(digits)) return false;
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int d = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

bool PaymentCardValid(std::string_view digits) {
  if (!AllDigits(digits) || digits.size() < 12 || digits.size() > 19 || !LuhnValid(digits)) {
    return false;
  }
  const size_t n = digits.size();
  const int p1 = Prefix(digits, 1), p2 = Prefix(digits, 2), p3 = Prefix(digits, 3),
            p4 = Prefix(digits, 4);
  if (p1 == 4) return n == 13 || n == 16 || n == 19;                        // Visa
  if (InRange(p2, 51, 55) || InRange(p4, 2221, 2720)) return n == 16;       // Mastercard
  if (p2 == 34 || p2 == 37) return n == 15;                                 // American Express
  if (p4 == 6011 || p2 == 65 || InRange(p3, 644, 649)) return n >= 16;      // Discover
  if (InRange(p4, 3528, 3589)) return n >= 16;                              // JCB
  if (InRange(p3, 300, 305) || p2 == 36 || p2 == 38 || p2 == 39) return n >= 14;  // Diners
  if (p2 == 62) return n >= 16;                                             // UnionPay
  if (p2 == 50 || InRange(p2, 56, 69)) return n >= 12;                      // Maestro
  return false;
}

bool LuhnOnlyCard(std::string_view digits) {
  return digits.size() >= 13 && digits.size() <= 19 && LuhnValid(digits) &&
         !PaymentCardValid(digits);
}

bool UsSsnValid(std::string_view area, std::string_view group, std::string_view serial) {
  if (area.size() != 3 || group.size() != 2 || serial.size() != 4) return false;
  if (!AllDigits(area) || !AllDigits(group) || !AllDigits(serial)) return false;
  const int a = Prefix(area, 3);
  if (a == 0 || a == 666 || a >= 900) return false;
  return group != "00" && serial != "0000";
}

bool IbanValid(std::string_view iban) {
  std::string compact;
  for (char c : iban) {
    if (c == ' ') continue;
    if (!std::isalnum(static_cast<unsigned char>(c))) return false;
    compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (compact.size() < 15 || compact.size() > 34) return false;
  if (!std::isalpha(static_cast<unsigned char>(compact[0])) ||
      !std::isalpha(static_cast<unsigned char>(compact[1])) ||
      !std::isdigit(static_cast<unsigned char>(compact[2])) ||
      !std::isdigit(static_cast<unsigned char>(compact[3]))) {
    return false;
  }
  if (IbanLength(std::string_view(compact).substr(0, 2)) != static_cast<int>(compact.size())) {
    return false;
  }
  // Move the first four characters to the end, letters become 10..35, then mod 97 piecewise.
  const std::string rearranged = compact.substr(4) + compact.substr(0, 4);
  uint32_t remainder = 0;
  for (char c : rearranged) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      remainder = (remainder * 10 + static_cast<uint32_t>(c - '0')) % 97;
    } else {
      remainder = (remainder * 100 + static_cast<uint32_t>(c - 'A' + 10)) % 97;
    }
  }
  return remainder == 1;
}

bool AbaRoutingValid(std::string_view digits) {
  if (digits.size() != 9 || !AllDigits(digits)) return false;
  const int prefix = Prefix(digits, 2);
  if (!(InRange(prefix, 0, 12) || InRange(prefix, 21, 32) || InRange(prefix, 61, 72) ||
        prefix == 80)) {
    return false;
  }
  auto d = [&](int i) { return digits[static_cast<size_t>(i)] - '0'; };
  const int sum = 3 * (d(0) + d(3) + d(6)) + 7 * (d(1) + d(4) + d(7)) + (d(2) + d(5) + d(8));
  return sum % 10 == 0 && digits != "000000000";
}

bool NhsNumberValid(std::string_view digits) {
  if (digits.size() != 10 || !AllDigits(digits)) return false;
  int sum = 0;
  for (int i = 0; i < 9; ++i) sum += (digits[static_cast<size_t>(i)] - '0') * (10 - i);
  int check = 11 - sum % 11;
  if (check == 11) check = 0;
  if (check == 10) return false;
  return check == digits[9] - '0';
}

bool AadhaarValid(std::string_view digits) {
  return digits.size() == 12 && AllDigits(digits) && digits[0] >= '2' && VerhoeffValid(digits);
}

bool VinValid(std::string_view vin) {
  if (vin.size() != 17) return false;
  constexpr int kWeights[17] = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
  int sum = 0;
  bool has_letter = false, has_digit = false;
  for (size_t i = 0; i < 17; ++i) {
    const char c = static_cast<char>(std::toupper(static_cast<unsigned char>(vin[i])));
    const int value = VinValue(c);
    if (value < 0) return false;  // I, O, Q and anything not alphanumeric
    (std::isdigit(static_cast<unsigned char>(c)) ? has_digit : has_letter) = true;
    sum += value * kWeights[i];
  }
  const int check = sum % 11;
  const char expected = check == 10 ? 'X' : static_cast<char>('0' + check);
  return has_letter && has_digit &&
         static_cast<char>(std::toupper(static_cast<unsigned char>(vin[8]))) == expected;
}

bool IsCountryCode(std::string_view code) {
  if (code.size() != 2) return false;
  for (size_t i = 0; i + 2 <= kCountries.size(); i += 3) {
    if (kCountries.substr(i, 2) == code) return true;
  }
  return false;
}

}  // namespace lathe::services::text
