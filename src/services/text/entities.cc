// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/entities.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>
#include <unordered_set>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "core/text_lines.h"
#include "services/text/embedded_data.h"
#include "services/text/entity_patterns.h"
#include "services/text/part_of_speech.h"
#include "services/text/syntax.h"
#include "services/text/utf8_text.h"

namespace lathe::services::text {
namespace {

using WordSet = std::unordered_set<std::string_view>;

// Word lists written for Lathe.
const WordSet kTitles = {
    "Mr",       "Mrs",       "Ms",       "Miss",     "Mx",      "Dr",      "Prof",    "Professor",
    "Sir",      "Dame",      "Lord",     "Lady",     "President", "Senator", "Governor", "Mayor",
    "Judge",    "General",   "Captain",  "Minister", "Chancellor", "King",  "Queen",   "Prince",
    "Princess", "Pope",      "Saint",    "Herr",     "Frau",    "Señor",   "Señora",  "Sr",
    "Sra",      "Monsieur",  "Madame",   "Mme",      "Signor",  "Signora", "Dott",    "Senhor",
    "Senhora",  "Rev",       "Reverend", "Sen",      "Gov",     "Gen",     "Capt",    "Officer",
    "Secretary", "Congressman", "Congresswoman", "Ambassador", "Speaker",  "Leader"};
const WordSet kOrgSuffixes = {
    "Inc",        "Corp",         "Corporation", "Ltd",        "LLC",        "LLP",
    "plc",        "PLC",          "GmbH",        "AG",         "SA",         "SAS",
    "SpA",        "BV",           "NV",          "Co",         "Company",    "Group",
    "Holdings",   "Bank",         "University",  "College",    "Institute",  "Foundation",
    "Association", "Agency",      "Ministry",    "Department", "Council",    "Committee",
    "Commission", "Airlines",     "Airways",     "Motors",     "Technologies", "Systems",
    "Labs",       "Laboratories", "Press",       "Hospital",   "School",     "Society",
    "Union",      "Party",        "Club",        "Organization", "Organisation", "Authority",
    "Museum",     "Network",      "Services",    "Solutions",  "Industries", "Partners",
    "Studios",    "Records",      "Pharmaceuticals", "Enterprises", "Insurance", "Bureau",
    "Universidad", "Université",  "Universität", "Università", "Universidade", "Banco",
    "Banque",     "Nations",      "League",      "Church",     "Forces",     "Senate",
    "Parliament", "Assembly",     "Community",   "Guard",      "Service",    "Police",
    "Fund",       "Manufacturing", "Brothers"};
// Bodies named by one word: legislatures ("the Congress", "Parliament").
const WordSet kOneWordOrganizations = {"Congress", "Parliament", "Senate", "Bundestag", "Bundesrat"};
const WordSet kOrgHeads = {"University", "Bank",    "Ministry", "Department", "Institute",
                           "College",    "Museum",  "Church",   "Bureau",     "Office",
                           "Board",      "Council", "Federal",  "Universidad", "Université",
                           "Universität", "Banco",  "Banque",   "Departments"};
const WordSet kEventWords = {"Olympics",  "Olympic",    "Games",   "Festival", "Conference",
                             "Summit",    "Championship", "Championships", "Cup", "Expo",
                             "Fair",      "Marathon",   "War",     "Awards",   "Oscars",
                             "Tournament", "Congress",  "Forum",   "Carnival", "Grand Prix",
                             "Symposium", "Convention", "Election", "Revolution", "Open"};
// Numbers that may follow an event word: "World War II", "World War Two".
const WordSet kEventNumbers = {"I", "II", "III", "IV", "One", "Two", "Three", "Four"};
// Sentence-internal starts: after a colon, an opening quote or bracket, or a stage direction
// ("[Laughter] But ..."), a capital says nothing about a name.
const WordSet kSentenceOpeners = {".", "!", "?", ":", "\"", "\xE2\x80\x9C", "\xE2\x80\x98", "(", "[",
                                  ")", "]", "\xE2\x80\x94"};
// Name suffixes kept with a person's name: "Jamiel Shaw, Jr.".
const WordSet kNameSuffixes = {"Jr", "Sr", "Jnr", "Snr"};
// Connectors inside a name: "Bank of America", "Universidad de Chile", "Ludwig van Beethoven".
const WordSet kConnectors = {"of", "the", "de", "del", "la", "von", "van", "der", "du", "des",
                             "di", "da", "do", "dos", "&", "for", "y"};
const WordSet kPlacePrepositions = {"in", "at", "from", "near", "to", "across", "towards"};
// Heads of named facilities, which Comprehend counts as locations: "Kennedy Center".
const WordSet kFacilitySuffixes = {"Center", "Centre", "Stadium", "Airport", "Square", "Bridge",
                                   "Arena", "Station", "Harbor", "Harbour"};
// Words before a noun that make it a common noun even when capitalised ("our Nation", "the
// States", "both Houses"): formal writing capitalises institutions that are not names.
const WordSet kDeterminers = {"the", "The", "our", "Our", "this", "This", "these", "every",
                              "each", "both", "my", "My", "your", "their", "his", "her", "a",
                              "an", "its", "that", "those"};
const WordSet kQuotes = {"\"", "'", "\xE2\x80\x9C", "\xE2\x80\x9D", "\xE2\x80\x98",
                         "\xE2\x80\x99", "\xC2\xAB", "\xC2\xBB"};
// Place names people write that the ISO lists spell otherwise.
const WordSet kPlaceAliases = {
    "US",          "USA",         "U.S",        "U.S.A",         "UK",         "U.K",
    "UAE",         "America",     "Britain",    "Great Britain", "England",    "Scotland",
    "Wales",       "Northern Ireland", "Europe", "Asia",          "Africa",     "North America",
    "South America", "Latin America", "Antarctica", "Oceania",   "Middle East", "Holland",
    "Bavaria",     "Siberia",     "Scandinavia", "Silicon Valley", "Russia",    "Korea",
    "South Korea", "North Korea", "Vietnam",    "Iran",          "Syria",      "Laos",
    "Bolivia",     "Venezuela",   "Tanzania",   "Moldova",       "Taiwan",     "Czechia",
    "New York City", "Washington", "Hong Kong"};

struct Gazetteer {
  std::unordered_map<std::string, double> places;  // name -> score
  std::unordered_set<std::string> first_names;
};

const Gazetteer& LoadGazetteer() {
  static const Gazetteer* gazetteer = [] {
    auto* g = new Gazetteer();
    const std::string_view tsv = internal::GazetteerTsv();
    ForEachDataLine(tsv, [g](const DataLine& line) {
      if (line.fields.size() < 2) return;
      const std::string_view kind = line.fields[0];
      std::string name(line.text.substr(kind.size() + 1));
      if (kind == "FIRST_NAME") {
        g->first_names.insert(std::move(name));
      } else {
        double& score = g->places[std::move(name)];
        score = std::max(score, kind == "COUNTRY" ? 0.95 : kind == "CITY" ? 0.9 : 0.8);
      }
    });
    for (std::string_view alias : kPlaceAliases) g->places.emplace(alias, 0.9);
    return g;
  }();
  return *gazetteer;
}

bool IsCapitalizedWord(std::string_view t) {
  if (t.empty() || t == "I") return false;  // the pronoun
  int32_t i = 0;
  UChar32 first = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(t.data()), i, static_cast<int32_t>(t.size()), first);
  if (first >= 0 && (u_isupper(first) || u_istitle(first))) return true;  // "Đà", "Élodie"
  // Product names in camel case: "iPhone", "eBay".
  const auto c0 = static_cast<unsigned char>(t[0]);
  return t.size() > 2 && std::islower(c0) && std::isupper(static_cast<unsigned char>(t[1]));
}

// A single capital letter: a middle initial ("F" of "John F. Kennedy").
bool IsInitial(std::string_view t) {
  return t.size() == 1 && std::isupper(static_cast<unsigned char>(t[0]));
}

bool HasDigit(std::string_view t) {
  return std::any_of(t.begin(), t.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

bool IsAcronym(std::string_view t) {
  return t.size() >= 2 && t.size() <= 6 &&
         std::all_of(t.begin(), t.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); });
}

struct Candidate {
  std::string_view type;
  double score;
  size_t first, last;  // token indexes, inclusive
};

class RunClassifier {
 public:
  RunClassifier(std::string_view text, const std::vector<SyntaxToken>& tokens, bool english)
      : text_(text), tokens_(tokens), english_(english), gazetteer_(LoadGazetteer()) {}

  // The entity for tokens [first, last] (a capitalised run), or type "" for none.
  Candidate Classify(size_t first, size_t last, bool sentence_start) const {
    const std::string_view head = Word(first), tail = Word(last);
    if (kTitles.count(head)) {  // "Dr. Ada Lovelace" -> "Ada Lovelace", up to a connector
      size_t begin = first + 1;
      while (begin <= last && Word(begin) == ".") ++begin;
      if (begin < last && kConnectors.count(Word(begin))) {
        // A role, not a person: "President of Czechoslovakia", "Secretary of Defense". What
        // follows the connector counts only as a place or an organisation.
        const Candidate rest = Classify(begin + 1, last, false);
        if (rest.type == "LOCATION" || rest.type == "ORGANIZATION") return rest;
        return {"", 0, first, last};
      }
      size_t end = begin;
      while (end < last && !kConnectors.count(Word(end + 1))) ++end;
      if (begin <= last) return {"PERSON", 0.9, begin, end};
      return {"", 0, first, last};
    }
    // A role ending in a title is not a name: "Vice President", "First Lady", "Treasury Secretary".
    if (first < last && kTitles.count(tail)) return {"", 0, first, last};
    // A title inside the run: "Majority Leader Chuck Ames" is the person after the title.
    for (size_t i = first + 1; i < last; ++i) {
      if (kTitles.count(Word(i)) && !kConnectors.count(Word(i + 1))) return Classify(i, last, false);
    }
    if (head == "Operation" && first < last) return {"EVENT", 0.8, first, last};  // military
    for (size_t i = first + 1; i <= last; ++i) {
      if (!kEventWords.count(Word(i))) continue;
      // The event ends at its event word, or at a number after it ("World War II").
      const bool numbered = i < last && (HasDigit(Word(i + 1)) || kEventNumbers.count(Word(i + 1)));
      return {"EVENT", 0.85, first, numbered ? i + 1 : i};
    }
    // "Sandy Keplinger of Staub Manufacturing": a first name and surname before a connector are
    // a person; the rest of the run is tried again by the caller.
    if (const size_t end = UpToConnector(first, last);
        end < last && end > first && gazetteer_.first_names.count(std::string(head)) &&
        !kOrgSuffixes.count(Word(end)) && NoCommonWord(first + 1, end)) {
      return {"PERSON", 0.8, first, end};
    }
    // A suffix names an organisation only after a name ("Brown Bank", not "Bank" or "Union").
    if ((kOrgSuffixes.count(tail) && first < last) || (kOrgHeads.count(head) && first < last)) {
      return {"ORGANIZATION", 0.9, first, last};
    }
    if (first == last && kOneWordOrganizations.count(head)) return {"ORGANIZATION", 0.8, first, last};
    if (first < last && kFacilitySuffixes.count(tail)) return {"LOCATION", 0.8, first, last};
    if (auto place = gazetteer_.places.find(Span(first, last)); place != gazetteer_.places.end()) {
      return {"LOCATION", place->second, first, last};
    }
    for (size_t i = first; i <= last; ++i) {
      if (HasDigit(Word(i)) && i > first) return {"COMMERCIAL_ITEM", 0.75, first, last};
    }
    if (first == last && std::islower(static_cast<unsigned char>(head[0]))) {
      return {"COMMERCIAL_ITEM", 0.6, first, last};  // "iPhone"
    }
    if (gazetteer_.first_names.count(std::string(head)) &&
        (first < last || CommonEnglishTag(head).empty())) {
      // The name stops at a connector: "Sandy Keplinger of Staub Manufacturing".
      return {"PERSON", first < last ? 0.85 : 0.75, first, UpToConnector(first, last)};
    }
    if (first == last && IsAcronym(head)) return {"ORGANIZATION", 0.6, first, last};
    if (first > 0 && last + 1 < tokens_.size() && kQuotes.count(Word(first - 1)) &&
        kQuotes.count(Word(last + 1))) {
      return {"TITLE", 0.7, first, last};
    }
    if (!english_) return {"", 0, first, last};
    if (first > 0 && kPlacePrepositions.count(Word(first - 1))) {
      return {"LOCATION", 0.55, first, last};
    }
    // Two or three capitalised words are taken for a person only when none is a common English
    // word: "Bryan Ritterby" is, "Social Security" and "Kennedy Center" are not.
    if (first < last && last - first <= 2 && !sentence_start && NoCommonWord(first, last)) {
      return {"PERSON", 0.55, first, UpToConnector(first, last)};
    }
    return {"OTHER", sentence_start ? 0.4 : 0.5, first, last};
  }

  // The last token of [first, last] before the first connector ("of", "de", ...).
  size_t UpToConnector(size_t first, size_t last) const {
    size_t end = first;
    while (end < last && !kConnectors.count(Word(end + 1))) ++end;
    return end;
  }

  // True when no word of [first, last] is a common English word (the POS lexicon's PROPN
  // entries do not count as common).
  bool NoCommonWord(size_t first, size_t last) const {
    for (size_t i = first; i <= last; ++i) {
      if (!CommonEnglishTag(Word(i)).empty()) return false;
    }
    return true;
  }

 private:
  std::string_view Word(size_t i) const { return tokens_[i].text; }
  std::string Span(size_t first, size_t last) const {
    return std::string(text_.substr(tokens_[first].begin_byte,
                                    tokens_[last].end_byte - tokens_[first].begin_byte));
  }

  std::string_view text_;
  const std::vector<SyntaxToken>& tokens_;
  bool english_;
  const Gazetteer& gazetteer_;
};

// True for the tags of open word classes (and for unknown words): a name can be such a word
// ("Harry", "Rose") but not a pronoun or a preposition ("My", "In").
bool IsOpenClass(std::string_view tag) {
  return tag.empty() || tag == "NOUN" || tag == "VERB" || tag == "ADJ" || tag == "ADV" ||
         tag == "PROPN";
}

// True when token i starts a sentence or a clause whose first word is capitalised whatever it
// is: the first token, after . ! ? or a colon, an opening quote or bracket, a closing bracket
// (after a stage direction), a dash, or a line break.
bool StartsSentence(std::string_view text, const std::vector<SyntaxToken>& tokens, size_t i) {
  if (i == 0) return true;
  if (kSentenceOpeners.count(tokens[i - 1].text)) return true;
  const std::string_view gap =
      text.substr(tokens[i - 1].end_byte, tokens[i].begin_byte - tokens[i - 1].end_byte);
  return gap.find('\n') != std::string_view::npos;
}

// Capitalised runs that no DATE or QUANTITY covers, classified.
std::vector<Candidate> NameCandidates(std::string_view text, const std::vector<SyntaxToken>& tokens,
                                      const std::vector<bool>& covered, bool english) {
  const RunClassifier classifier(text, tokens, english);
  std::vector<Candidate> out;
  const size_t n = tokens.size();
  for (size_t i = 0; i < n; ++i) {
    if (covered[i] || !IsCapitalizedWord(tokens[i].text)) continue;
    const bool start = StartsSentence(text, tokens, i);
    size_t last = i;
    for (size_t j = i + 1; j < n && !covered[j];) {
      const std::string& w = tokens[j].text;
      const bool adjacent = tokens[j].begin_byte == tokens[j - 1].end_byte;
      if (IsCapitalizedWord(w) || (HasDigit(w) && j == last + 1 && !adjacent)) {
        last = j++;
      } else if (w == "." && adjacent &&
                 (kTitles.count(tokens[j - 1].text) || IsInitial(tokens[j - 1].text)) && j + 1 < n &&
                 IsCapitalizedWord(tokens[j + 1].text)) {
        j += 1;  // "Dr." or a middle initial ("John F. Kennedy") inside the run
      } else if (kConnectors.count(w) && j + 1 < n && !covered[j + 1] &&
                 IsCapitalizedWord(tokens[j + 1].text)) {
        j += 1;
      } else {
        break;
      }
    }
    // A sentence's first word does not start a name when it is a function word ("The", "At") or
    // a common word standing alone ("Nothing happened").
    size_t first = i;
    // A run in quotes of its own ("The Great Gatsby") keeps its first word: it may be a title.
    const bool quoted =
        i > 0 && last + 1 < n && kQuotes.count(tokens[i - 1].text) && kQuotes.count(tokens[last + 1].text);
    while (english && !quoted && first <= last && StartsSentence(text, tokens, first) &&
           !kTitles.count(tokens[first].text) && !LoadGazetteer().places.count(tokens[first].text) &&
           !(first < last && LoadGazetteer().first_names.count(tokens[first].text) &&
             IsOpenClass(CommonEnglishTag(tokens[first].text)))) {
      const std::string_view tag = CommonEnglishTag(tokens[first].text);
      if (tag.empty() || (first < last && (tag == "NOUN" || tag == "ADJ" || tag == "PROPN"))) break;
      ++first;
      while (first <= last && !IsCapitalizedWord(tokens[first].text)) ++first;
    }
    if (first <= last) {
      Candidate c = classifier.Classify(first, last, start && first == i);
      // "Contact Sarah ...": a common word opening the sentence is left out when the rest is a
      // confident entity on its own.
      if (english && first < last && StartsSentence(text, tokens, first) &&
          !CommonEnglishTag(tokens[first].text).empty() && c.score < 0.7) {
        size_t next = first + 1;
        while (next <= last && !IsCapitalizedWord(tokens[next].text)) ++next;
        if (next <= last) {
          const Candidate rest = classifier.Classify(next, last, false);
          if (!rest.type.empty() && rest.score >= 0.7) c = rest;
        }
      }
      // "Jamiel Shaw, Jr." / "Martin Luther King Jr.": a name suffix makes a person of the run.
      if (c.type == "PERSON" || c.type == "OTHER") {
        size_t next = c.last + 1;
        if (next + 1 < n && tokens[next].text == "," && kNameSuffixes.count(tokens[next + 1].text)) ++next;
        if (next < n && kNameSuffixes.count(tokens[next].text)) {
          c = {"PERSON", std::max(c.score, 0.8), c.first, next};
          if (next + 1 < n && tokens[next + 1].text == "." &&
              tokens[next + 1].begin_byte == tokens[next].end_byte) {
            c.last = next + 1;
          }
        }
      }
      // A lone capitalised common noun after a determiner is a common noun written with a capital
      // ("the Government", "our Nation", "every State"), not a name. Adjectives are kept: "the
      // American people".
      if (english && c.first == c.last && c.type == "OTHER" && c.first > 0 &&
          kDeterminers.count(tokens[c.first - 1].text)) {
        const std::string_view tag = CommonEnglishTag(tokens[c.first].text);
        if (tag == "NOUN") c.type = "";
      }
      // An abbreviation keeps its final full stop: "the U.S." (the tokenizer splits it off).
      if (!c.type.empty() && c.last + 1 < n && tokens[c.last + 1].text == "." &&
          tokens[c.last + 1].begin_byte == tokens[c.last].end_byte &&
          tokens[c.last].text.find('.') != std::string::npos) {
        c.last += 1;
      }
      if (!c.type.empty()) {
        out.push_back(c);
        last = std::max(c.last, first);  // the rest of the run ("of Brown & Sons") is tried again
      }
    }
    i = last;
  }
  return out;
}

}  // namespace

bool IsEntityLanguage(std::string_view code) {
  return code == "en" || code == "es" || code == "fr" || code == "de" || code == "it" ||
         code == "pt";
}

Result<std::vector<Entity>> DetectEntities(std::string_view text, std::string_view language) {
  LATHE_ASSIGN_OR_RETURN(std::vector<SyntaxToken> tokens, AnalyzeSyntax(text, language));
  const std::vector<PatternEntity> patterns = FindDateAndQuantityEntities(text);
  std::vector<bool> covered(tokens.size(), false);
  for (size_t i = 0; i < tokens.size(); ++i) {
    for (const PatternEntity& p : patterns) {
      covered[i] = covered[i] || (tokens[i].begin_byte < p.end_byte && p.begin_byte < tokens[i].end_byte);
    }
  }
  const CodePointIndex index(text);
  std::vector<Entity> out;
  auto add = [&](std::string_view type, double score, size_t begin, size_t end) {
    out.push_back({.type = std::string(type),
                   .text = std::string(text.substr(begin, end - begin)),
                   .score = score,
                   .begin_offset = index.ToCodePoint(begin),
                   .end_offset = index.ToCodePoint(end),
                   .begin_byte = begin,
                   .end_byte = end});
  };
  for (const PatternEntity& p : patterns) add(p.type, p.score, p.begin_byte, p.end_byte);
  for (const Candidate& c : NameCandidates(text, tokens, covered, language == "en")) {
    add(c.type, c.score, tokens[c.first].begin_byte, tokens[c.last].end_byte);
  }
  std::sort(out.begin(), out.end(),
            [](const Entity& a, const Entity& b) { return a.begin_byte < b.begin_byte; });
  return out;
}

}  // namespace lathe::services::text
