// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/pii_rules.h"

#include <arpa/inet.h>  // for inet_pton: the IPv6 grammar

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumberutil.h>

#include <cctype>
#include <string>

#include "services/text/pii_checksums.h"

namespace lathe::services::text::internal {
namespace {

using Verdict = PiiVerdict;

// Scores from the strength of the evidence (documented in docs/api/text.md, "Scores").
constexpr double kChecksum = 0.99;      // a check digit or mod-97 validated it
constexpr double kValidated = 0.97;     // a grammar or registry validated it (IP, libphonenumber)
constexpr double kStructured = 0.95;    // a distinctive format (email, URL, AWS key prefix)
constexpr double kWithContext = 0.9;    // a format plus a context word before it
constexpr double kPatternOnly = 0.85;   // a format with range rules only
constexpr double kWeak = 0.5;           // a format that often matches non-PII

Verdict Keep(std::string_view entity, double score) { return {score, entity.size()}; }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view TrimTrailing(std::string_view s, std::string_view chars) {
  while (!s.empty() && chars.find(s.back()) != std::string_view::npos) s.remove_suffix(1);
  return s;
}

// ---- Validators ------------------------------------------------------------------------------

Verdict ScoreCard(std::string_view entity, bool has_context, std::string_view) {
  const std::string digits = DigitsOnly(entity);
  if (PaymentCardValid(digits)) return Keep(entity, kChecksum);
  if (LuhnOnlyCard(digits) && has_context) return Keep(entity, kPatternOnly);
  return {};
}

Verdict ScoreIpv4(std::string_view entity, bool, std::string_view) {
  size_t start = 0;
  for (int octet = 0; octet < 4; ++octet) {
    size_t end = entity.find('.', start);
    if (end == std::string_view::npos) end = entity.size();
    std::string_view part = entity.substr(start, end - start);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return {};
    if (std::stoi(std::string(part)) > 255) return {};
    start = end + 1;
  }
  return Keep(entity, kValidated);
}

bool ValidIpv6(std::string_view candidate) {
  // At least three groups with digits, or a "::" with one: "a::b" is too easily something else.
  int groups = 0;
  bool in_group = false;
  for (char c : candidate) {
    const bool hex = std::isxdigit(static_cast<unsigned char>(c)) != 0;
    if (hex && !in_group) ++groups;
    in_group = hex;
  }
  const bool compressed = candidate.find("::") != std::string_view::npos;
  if (groups < 3 && !(compressed && groups >= 2)) return false;
  unsigned char buf[16];
  return inet_pton(AF_INET6, std::string(candidate).c_str(), buf) == 1;
}

Verdict ScoreIpv6(std::string_view entity, bool, std::string_view) {
  // A sentence may end the address with a colon ("at fe80::1: ...").
  for (std::string_view c = entity; !c.empty(); c.remove_suffix(1)) {
    if (ValidIpv6(c)) return {kValidated, c.size()};
    if (c.back() != ':') break;
  }
  return {};
}

Verdict ScoreEmail(std::string_view entity, bool, std::string_view) {
  const size_t at = entity.find('@');
  std::string_view local = entity.substr(0, at);
  if (local.empty() || local.back() == '.' || local.find("..") != std::string_view::npos) return {};
  return Keep(entity, kStructured + 0.03);
}

Verdict ScoreUrl(std::string_view entity, bool, std::string_view) {
  std::string_view url = TrimTrailing(entity, ".,;:!?'\"");
  // A closing bracket belongs to the URL only when it opened one.
  while (!url.empty() && (url.back() == ')' || url.back() == ']')) {
    const char open = url.back() == ')' ? '(' : '[';
    if (url.find(open) != std::string_view::npos) break;
    url = TrimTrailing(url.substr(0, url.size() - 1), ".,;:!?'\"");
  }
  if (url.size() < 8) return {};
  return {kValidated, url.size()};
}

Verdict ScorePhone(std::string_view entity, bool has_context, std::string_view language) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  static PhoneNumberUtil* const util = [] {
    PhoneNumberUtil* u = PhoneNumberUtil::GetInstance();
    u->SetLogger(new i18n::phonenumbers::NullLogger());  // owned by the util from here on
    return u;
  }();
  // Numbers written without a country code are read in the language's main region; other
  // regions only when a national trunk prefix 0 says the number is not North American.
  static const std::vector<std::string> kEnglish = {"US", "GB", "AU", "IN", "IE", "NZ"};
  static const std::vector<std::string> kSpanish = {"ES", "MX", "AR", "CO", "US"};
  const std::vector<std::string>& regions = language == "es" ? kSpanish : kEnglish;
  // The pattern may have run on into a following number: retry without the last piece.
  std::string_view candidate = entity;
  for (int attempt = 0; attempt < 3 && !candidate.empty(); ++attempt) {
    const std::string digits = DigitsOnly(candidate);
    const bool international = candidate.front() == '+';
    const bool trunk_prefix = !digits.empty() && digits[0] == '0';
    if (digits.size() >= 7 && digits.size() <= 15) {
      for (size_t i = 0; i < regions.size(); ++i) {
        if (i > 0 && (international || (language != "es" && !trunk_prefix))) break;
        PhoneNumber number;
        if (util->Parse(std::string(candidate), regions[i], &number) ==
                PhoneNumberUtil::NO_PARSING_ERROR &&
            util->IsValidNumber(number)) {
          return {has_context ? kValidated : kWithContext, candidate.size()};
        }
      }
    }
    const size_t cut = candidate.find_last_of(" .-");
    if (cut == std::string_view::npos) break;
    candidate = TrimTrailing(candidate.substr(0, cut), " .-(");
  }
  return {};
}

Verdict ScoreSsn(std::string_view entity, bool has_context, std::string_view) {
  const std::string d = DigitsOnly(entity);
  if (d.size() != 9 || !UsSsnValid(d.substr(0, 3), d.substr(3, 2), d.substr(5, 4))) return {};
  const bool separated = d.size() != entity.size();
  if (!separated && !has_context) return {};
  return Keep(entity, has_context ? kStructured : kPatternOnly);
}

Verdict ScoreIban(std::string_view entity, bool, std::string_view) {
  // Trailing words in capitals may have been taken as groups: drop pieces until it validates.
  std::string_view candidate = entity;
  while (candidate.size() >= 15) {
    if (IbanValid(candidate)) return {kChecksum, candidate.size()};
    const size_t cut = candidate.find_last_of(' ');
    if (cut == std::string_view::npos) break;
    candidate = candidate.substr(0, cut);
  }
  return {};
}

bool HasDigit(std::string_view s) {
  for (char c : s) {
    if (IsDigit(c)) return true;
  }
  return false;
}

Verdict ScoreSecretKey(std::string_view entity, bool has_context, std::string_view) {
  bool upper = false, lower = false, digit = false;
  for (char c : entity) {
    upper |= std::isupper(static_cast<unsigned char>(c)) != 0;
    lower |= std::islower(static_cast<unsigned char>(c)) != 0;
    digit |= IsDigit(c);
  }
  if (has_context) return Keep(entity, kStructured);
  return upper && lower && digit ? Keep(entity, kWeak) : Verdict{};
}

int ToInt(std::string_view s) { return s.empty() ? -1 : std::stoi(std::string(s)); }

// "2024-03-15", "2024-03-15T10:30:00Z".
Verdict ScoreIsoDate(std::string_view entity, bool, std::string_view) {
  const int month = ToInt(entity.substr(5, 2)), day = ToInt(entity.substr(8, 2));
  if (month < 1 || month > 12 || day < 1 || day > 31) return {};
  return Keep(entity, kValidated);
}

// "03/15/2024", "15.03.24": day and month in either order.
Verdict ScoreNumericDate(std::string_view entity, bool, std::string_view) {
  const size_t s1 = entity.find_first_of("/."), s2 = entity.find_last_of("/.");
  const int a = ToInt(entity.substr(0, s1)), b = ToInt(entity.substr(s1 + 1, s2 - s1 - 1));
  const bool month_first = a >= 1 && a <= 12 && b >= 1 && b <= 31;
  const bool day_first = b >= 1 && b <= 12 && a >= 1 && a <= 31;
  return month_first || day_first ? Keep(entity, kWithContext) : Verdict{};
}

Verdict ScoreAge(std::string_view entity, bool, std::string_view) {
  const int age = ToInt(DigitsOnly(entity));
  return age >= 0 && age <= 130 ? Keep(entity, kWithContext) : Verdict{};
}

Verdict ScoreUkNino(std::string_view entity, bool has_context, std::string_view) {
  const std::string_view prefix = entity.substr(0, 2);
  for (std::string_view bad : {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}) {
    if (prefix == bad) return {};
  }
  return Keep(entity, has_context ? kStructured : kPatternOnly);
}

std::function<PiiVerdict(std::string_view, bool, std::string_view)> Fixed(double score) {
  return [score](std::string_view e, bool, std::string_view) { return Keep(e, score); };
}

std::function<PiiVerdict(std::string_view, bool, std::string_view)> Checked(
    bool (*valid)(std::string_view), double score) {
  return [valid, score](std::string_view e, bool, std::string_view) {
    return valid(DigitsOnly(e)) ? Keep(e, score) : Verdict{};
  };
}

std::function<PiiVerdict(std::string_view, bool, std::string_view)> NeedsDigit(double score) {
  return [score](std::string_view e, bool, std::string_view) {
    return HasDigit(e) ? Keep(e, score) : Verdict{};
  };
}

// A value after a label: "password: hunter2." -> "hunter2".
std::function<PiiVerdict(std::string_view, bool, std::string_view)> LabelledValue(double score) {
  return [score](std::string_view e, bool, std::string_view) {
    std::string_view v = TrimTrailing(e, ".,;:!?)'\"");
    return v.size() >= 3 ? Verdict{score, v.size()} : Verdict{};
  };
}

// Regex fragments.
constexpr std::string_view kIs =
    R"(\s*(?:is|was|:|=|#|no\.?|number|num|code|número)?\s*(?:is|:|#)?\s*)";

std::vector<PiiRuleSpec> BuildRules() {
  const std::string is(kIs);
  std::vector<PiiRuleSpec> r;
  r.push_back({"EMAIL",
               R"(\b[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}\b)",
               {}, false, ScoreEmail});
  r.push_back({"URL", R"(\b(?:(?:https?|ftp)://|www\.)[^\s<>"'`]+)", {}, false, ScoreUrl});
  r.push_back({"CREDIT_DEBIT_NUMBER",
               R"(\b(?:\d{4}[ -]){3}\d{4}(?:[ -]?\d{1,3})?\b|\b\d{4}[ -]\d{6}[ -]\d{4,5}\b|\b\d{12,19}\b)",
               {"card", "visa", "mastercard", "amex", "credit", "debit", "tarjeta"}, false,
               ScoreCard});
  r.push_back({"SSN", R"(\b\d{3}[- ]\d{2}[- ]\d{4}\b|\b\d{9}\b)",
               {"ssn", "social security", "seguro social", "soc sec"}, false, ScoreSsn});
  r.push_back({"US_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER",
               R"(\b9\d{2}[- ]?(?:5\d|6[0-5]|7\d|8[0-8]|9[0-24-9])[- ]?\d{4}\b)",
               {"itin", "tax id", "taxpayer"}, true, Fixed(kStructured)});
  r.push_back({"IP_ADDRESS", R"(\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b)", {}, false, ScoreIpv4});
  r.push_back({"IP_ADDRESS",
               R"((?:[0-9A-Fa-f]{1,4}:|::?)(?:[0-9A-Fa-f]{0,4}:){1,7}[0-9A-Fa-f]{0,4}(?:\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})?)",
               {}, false, ScoreIpv6});
  r.push_back({"MAC_ADDRESS",
               R"(\b[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5}\b|\b[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}\b|\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b)",
               {}, false, Fixed(kStructured)});
  r.push_back({"PHONE", R"((?:\+\d|\(\d|\b\d)[\d \t().-]{5,20}\d\b)",
               {"phone", "tel", "call", "mobile", "cell", "fax", "teléfono", "móvil", "llam"},
               false, ScorePhone});
  r.push_back({"INTERNATIONAL_BANK_ACCOUNT_NUMBER",
               R"(\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b)", {}, false,
               ScoreIban});
  r.push_back({"AWS_ACCESS_KEY", R"(\b(?:AKIA|ASIA|AIDA|AROA|AIPA|ANPA|ANVA|AGPA)[A-Z2-7]{16}\b)",
               {}, false, Fixed(kStructured)});
  r.push_back({"AWS_SECRET_KEY", R"((?:^|[^A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?:$|[^A-Za-z0-9/+=]))",
               {"secret", "aws_secret", "secret_access_key", "secretaccesskey"}, false,
               ScoreSecretKey});
  r.push_back({"DATE_TIME",
               R"(\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?\b)",
               {}, false, ScoreIsoDate});
  r.push_back({"DATE_TIME", R"(\b\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b)",
               {}, false, ScoreNumericDate});
  r.push_back({"DATE_TIME",
               R"(\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.? \d{1,2}(?:st|nd|rd|th)?(?:,? \d{4})?\b)",
               {}, false, Fixed(kStructured)});
  r.push_back({"DATE_TIME",
               R"(\b\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:,? \d{4})?\b)",
               {}, false, Fixed(kStructured)});
  r.push_back({"DATE_TIME",
               R"((?i)\b\d{1,2} de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)(?: de \d{4})?\b)",
               {}, false, Fixed(kStructured)});
  r.push_back({"DATE_TIME",
               R"(\b(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?: ?[AaPp]\.?[Mm]\b\.?)?|\b(?:1[0-2]|0?[1-9]) ?[AaPp]\.?[Mm]\b\.?)",
               {}, false, Fixed(kWithContext)});
  r.push_back({"CREDIT_DEBIT_CVV", R"((?i)\b(?:cvv2?|cvc2?|cid|security code|código de seguridad))" + is + R"((\d{3,4})\b)",
               {}, false, Fixed(kWithContext)});
  r.push_back({"CREDIT_DEBIT_EXPIRY",
               R"((?i)\b(?:exp(?:iry|iration|ires)?(?: date)?|valid thru|good thru|vence|vencimiento))" + is + R"(((?:0[1-9]|1[0-2]) ?/ ?(?:\d{4}|\d{2}))\b)",
               {}, false, Fixed(kWithContext)});
  r.push_back({"PIN", R"((?i)\bpin(?: code)?)" + is + R"((\d{4,8})\b)", {}, false,
               Fixed(kPatternOnly)});
  // A street address: a house number, one to four capitalised words and a street type, then an
  // optional unit, city, two-letter state and ZIP code (US style); or the Spanish order (street
  // type first: "Calle Mayor 12", "Avenida de la Paz, 3").
  r.push_back({"ADDRESS",
               R"(\b\d{1,6}[A-Za-z]?\s+(?:[A-Z][A-Za-z'.-]*\s+){1,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Parkway|Pkwy|Highway|Hwy|Square|Sq)\b\.?(?:,?\s+(?:Apt|Suite|Unit|#)\.?\s*\w+)?(?:,\s*[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)*)?(?:,?\s+[A-Z]{2}\b)?(?:\s+\d{5}(?:-\d{4})?)?)",
               {}, false, Fixed(kPatternOnly)});
  r.push_back({"ADDRESS",
               R"(\b(?:Calle|C/|Avenida|Avda\.|Plaza|Paseo|Carrera|Camino|Ronda)\s+(?:(?:de|del|la|las|los|el|[A-ZÁÉÍÓÚÑ][\p{L}'.-]*)\s+){0,4}[A-ZÁÉÍÓÚÑ][\p{L}'.-]*,?\s+(?:n\.?º\s*)?\d{1,5}[A-Za-z]?(?:,\s*\d{5})?)",
               {}, false, Fixed(kPatternOnly)});
  r.push_back({"PASSWORD", R"((?i)\b(?:password|passwd|pwd|passcode|contraseña|clave)\s*(?:is|:|=)\s*(\S{3,64}))",
               {}, false, LabelledValue(kWithContext)});
  r.push_back({"USERNAME", R"((?i)\b(?:user ?name|user ?id|login|usuario)\s*(?:is|:|=)\s*([A-Za-z0-9._@-]{3,64}))",
               {}, false, LabelledValue(kPatternOnly)});
  r.push_back({"AGE", R"((?i)\b(\d{1,3}) ?(?:-|\s)?(?:years?|yrs?)(?: |-)old\b)", {}, false, ScoreAge});
  r.push_back({"AGE", R"((?i)\b(?:aged|age|edad)\s*(?:is|:|of)?\s*(\d{1,3})\b)", {}, false, ScoreAge});
  r.push_back({"AGE", R"((?i)\b(\d{1,3}) años\b)", {}, false, ScoreAge});
  r.push_back({"BANK_ROUTING", R"((?i)\b(?:routing|aba|rtn|transit))" + is + R"((\d{9})\b)", {},
               false, Checked(AbaRoutingValid, kChecksum)});
  r.push_back({"BANK_ACCOUNT_NUMBER",
               R"((?i)\b(?:bank account|account|acct|a/c|cuenta))" + is + R"((\d{6,17})\b)", {},
               false, Fixed(kPatternOnly)});
  r.push_back({"SWIFT_CODE",
               R"((?i:\b(?:swift|bic)))" + is + R"(([A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?)\b)",
               {}, false, [](std::string_view e, bool, std::string_view) {
                 return IsCountryCode(e.substr(4, 2)) ? Keep(e, kStructured) : Verdict{};
               }});
  r.push_back({"PASSPORT_NUMBER", R"((?i:\bpassport))" + is + R"(([A-Z0-9]{6,9})\b)", {}, false,
               NeedsDigit(kPatternOnly)});
  r.push_back({"DRIVER_ID",
               R"((?i:\bdriver'?s? licen[cs]e|\bDL))" + is + R"(([A-Z0-9][A-Z0-9-]{4,14})\b)", {},
               false, NeedsDigit(kPatternOnly)});
  r.push_back({"UK_NATIONAL_INSURANCE_NUMBER",
               R"(\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b)",
               {"national insurance", "nino", "ni number"}, false, ScoreUkNino});
  r.push_back({"UK_NATIONAL_HEALTH_SERVICE_NUMBER", R"(\b\d{3}[ -]?\d{3}[ -]?\d{4}\b)", {"nhs"},
               true, Checked(NhsNumberValid, kChecksum)});
  r.push_back({"CA_SOCIAL_INSURANCE_NUMBER", R"(\b\d{3}[ -]?\d{3}[ -]?\d{3}\b)",
               {"sin", "social insurance", "nas", "assurance sociale"}, true,
               Checked(LuhnValid, kChecksum)});
  r.push_back({"IN_AADHAAR", R"(\b[2-9]\d{3} \d{4} \d{4}\b|\b[2-9]\d{11}\b)", {"aadhaar", "uid"},
               false, [](std::string_view e, bool has_context, std::string_view) {
                 if (!AadhaarValid(DigitsOnly(e))) return Verdict{};
                 if (has_context) return Keep(e, kChecksum);
                 return e.size() == 14 ? Keep(e, kWithContext) : Verdict{};
               }});
  r.push_back({"IN_PERMANENT_ACCOUNT_NUMBER", R"(\b[A-Z]{3}[ABCFGHLJPT][A-Z]\d{4}[A-Z]\b)", {},
               false, Fixed(kWithContext)});
  r.push_back({"VEHICLE_IDENTIFICATION_NUMBER", R"(\b[A-HJ-NPR-Z0-9]{17}\b)", {}, false,
               [](std::string_view e, bool, std::string_view) {
                 return VinValid(e) ? Keep(e, kChecksum) : Verdict{};
               }});
  return r;
}

}  // namespace

const std::vector<PiiRuleSpec>& PiiRules() {
  static const std::vector<PiiRuleSpec> rules = BuildRules();
  return rules;
}

}  // namespace lathe::services::text::internal
