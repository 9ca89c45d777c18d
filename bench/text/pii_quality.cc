// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// PII detection precision and recall on a generated, labelled set: sentences from templates
// written here, each with one PII value of a known type and span (valid e-mail addresses, US
// phone numbers, Luhn-valid card numbers, SSNs in the issued ranges, IPv4 addresses, street
// addresses, person names from first- and last-name lists), plus sentences with look-alikes that
// are not PII (order numbers, versions, prices, card-like numbers failing Luhn). A detection
// counts as right when its type matches an expected entity it overlaps. Deterministic (seed 7).
// The templates and the detector were written by the same people, so this is an in-distribution
// figure: it shows what the rules catch and miss on clean text, not accuracy on real mail.
//
//   build/bench/text/pii_quality [--sentences 2000]
#include <cstring>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/text/pii_detector.h"

namespace text = lathe::services::text;

namespace {

struct Labelled {
  std::string text;
  std::string type;  // "" for a sentence without PII
  size_t begin = 0, end = 0;  // bytes
};

std::mt19937 rng(7);
int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
template <typename T>
const T& Pick(const std::vector<T>& v) { return v[Uniform(0, static_cast<int>(v.size()) - 1)]; }

std::string Digits(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += static_cast<char>('0' + Uniform(0, 9));
  return s;
}

// A 16-digit number whose Luhn check digit is right (`valid`) or off by one.
std::string CardNumber(bool valid) {
  std::string s = "4" + Digits(14);
  int sum = 0;
  for (int i = 0; i < 15; ++i) {
    int d = s[14 - i] - '0';
    if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  int check = (10 - sum % 10) % 10;
  if (!valid) check = (check + 1) % 10;
  s += static_cast<char>('0' + check);
  return s.substr(0, 4) + " " + s.substr(4, 4) + " " + s.substr(8, 4) + " " + s.substr(12, 4);
}

const std::vector<std::string> kFirst = {"James", "Maria", "Wei", "Aisha", "John", "Sofia",
                                         "David", "Elena", "Michael", "Laura", "Peter", "Anna"};
const std::vector<std::string> kLast = {"Smith", "Garcia", "Chen", "Okafor", "Brown", "Rossi",
                                        "Miller", "Novak", "Johnson", "Martin", "Lee", "Silva"};
const std::vector<std::string> kStreet = {"Oak", "Maple", "Baker", "Elm", "Pine", "Hill",
                                          "Lake", "Cedar", "Park", "Washington"};
const std::vector<std::string> kType = {"Street", "St.", "Avenue", "Road", "Lane", "Drive",
                                        "Boulevard", "Way"};
const std::vector<std::string> kCity = {"Springfield", "Portland", "Austin", "Denver", "Boston"};
const std::vector<std::string> kArea = {"212", "415", "617", "312", "206", "303", "512"};

Labelled With(const std::string& before, const std::string& value, const std::string& after,
              const std::string& type) {
  return {before + value + after, type, before.size(), before.size() + value.size()};
}

Labelled Generate(int i) {
  switch (i % 9) {
    case 0:
      return With(Pick<std::string>({"Please email me at ", "Contact: ", "Write to "}),
                  Pick(kFirst) + "." + Pick(kLast) + std::to_string(Uniform(1, 99)) + "@" +
                      Pick<std::string>({"example.com", "mail.org", "corp.net"}),
                  " about the order.", "EMAIL");
    case 1: {
      const std::string number = "(" + Pick(kArea) + ") " + std::to_string(Uniform(200, 999)) +
                                 "-" + Digits(4);
      return With(Pick<std::string>({"Call me on ", "My phone is ", "Reach us at "}), number,
                  " after five.", "PHONE");
    }
    case 2:
      return With("My card number is ", CardNumber(true), ", expiry next year.",
                  "CREDIT_DEBIT_NUMBER");
    case 3:
      return With("Her SSN is ",
                  std::to_string(Uniform(100, 665)) + "-" + std::to_string(Uniform(10, 99)) +
                      "-" + std::to_string(Uniform(1000, 9999)),
                  " on the form.", "SSN");
    case 4:
      return With("The server at ",
                  std::to_string(Uniform(10, 223)) + "." + std::to_string(Uniform(0, 255)) + "." +
                      std::to_string(Uniform(0, 255)) + "." + std::to_string(Uniform(1, 254)),
                  " stopped answering.", "IP_ADDRESS");
    case 5:
      return With("Ship it to ",
                  std::to_string(Uniform(1, 9999)) + " " + Pick(kStreet) + " " + Pick(kType) +
                      ", " + Pick(kCity),
                  " before Friday.", "ADDRESS");
    case 6:
      return With(Pick<std::string>({"Yesterday ", "I spoke with ", "Please thank "}),
                  Pick(kFirst) + " " + Pick(kLast), " about the delivery.", "NAME");
    case 7: {
      // Look-alikes that are not PII.
      const std::vector<std::string> negatives = {
          "Order " + Digits(6) + " ships in " + std::to_string(Uniform(2, 9)) + " days.",
          "Version " + std::to_string(Uniform(1, 9)) + "." + std::to_string(Uniform(0, 9)) +
              " fixed " + std::to_string(Uniform(10, 99)) + " bugs.",
          "The total was " + std::to_string(Uniform(100, 9999)) + " dollars and " +
              std::to_string(Uniform(1, 99)) + " cents.",
          "Reference " + CardNumber(false) + " is on the invoice.",
          "We sold " + std::to_string(Uniform(100, 999)) + " units in the first week."};
      return {Pick(negatives), "", 0, 0};
    }
    default:
      return {Pick<std::string>({"The meeting moved to Tuesday afternoon.",
                                 "Thanks for the quick reply, it works now.",
                                 "The package arrived damaged but complete."}),
              "", 0, 0};
  }
}

}  // namespace

int main(int argc, char** argv) {
  int sentences = 2000;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--sentences") == 0) sentences = std::stoi(argv[i + 1]);
  }
  struct Counts {
    int expected = 0, detected = 0, right_detections = 0, found = 0;
  };
  std::map<std::string, Counts> by_type;
  const text::PiiDetector& detector = text::PiiDetector::Default();
  for (int i = 0; i < sentences; ++i) {
    const Labelled s = Generate(i);
    if (!s.type.empty()) ++by_type[s.type].expected;
    bool found = false;
    for (const text::PiiEntity& e : detector.Detect(s.text, {.language_code = "en"})) {
      Counts& c = by_type[e.type];
      ++c.detected;
      const bool right = e.type == s.type && e.begin_byte < s.end && s.begin < e.end_byte;
      c.right_detections += right;
      found = found || right;
    }
    if (found) ++by_type[s.type].found;
  }
  nlohmann::json out = {{"sentences", sentences}, {"seed", 7}};
  for (const auto& [type, c] : by_type) {
    out["types"][type] = {
        {"expected", c.expected},
        {"detected", c.detected},
        {"precision", c.detected ? nlohmann::json(double(c.right_detections) / c.detected) : nlohmann::json()},
        {"recall", c.expected ? nlohmann::json(double(c.found) / c.expected) : nlohmann::json()}};
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}
